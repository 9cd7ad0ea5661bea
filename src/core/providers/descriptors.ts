// One descriptor per provider kind: every fact the extension knows about a kind of server, and
// the factory of its wire client. Adding a provider is a new descriptor here plus its wire
// client (a module like anthropic.ts that imports no settings, endpoint list or descriptor: it
// gets what it needs through AdapterDeps and the Endpoint). Nothing outside this file and the
// wire clients asks which kind an endpoint is.
import { SETTINGS, type SettingRow } from '../settings/table';
import { createAnthropicAdapter } from './anthropic';
import { createOpenAIAdapter } from './openai';
import type { AdapterDeps } from './requestEndpoint';
import type { EndpointKind, ProviderAdapter, ProviderId } from './types';

/** SecretStorage entry name for an endpoint's key (the built-in ids predate endpoints). */
export const secretKeyFor = (id: ProviderId): string => `kata.apiKey.${id}`;

export interface ProviderDescriptor {
  kind: EndpointKind;
  /** The endpoint every user starts with; its id names the key stored before endpoints existed. */
  builtIn: { id: string; label: string };
  /** Shown with an endpoint's URL, e.g. in the Models view's tooltip. */
  apiName: string;
  /** The wire format's name, for an answer that does not follow it. */
  format: string;
  /** The environment variable the built-in endpoint may take its key from. */
  envVar: string;
  /** The SecretStorage entry of the built-in endpoint's key. */
  secretKey: string;
  /** The older setting that gives the built-in endpoint's URL while the endpoint list is unset. */
  baseUrlSetting: SettingRow<string>;
  /** The provider's own API. */
  defaultBaseUrl: string;
  /** What the API root looks like, for a URL that points elsewhere. */
  apiRoot: string;
  /** What a key looks like, for the input box, when the endpoint is no preset with its own hint. */
  keyHint: string;
  /** A server of this kind that is not the provider's own API may be used without a key. */
  keyOptionalOffOfficial: boolean;
  /** The model list holds chat models only: no filter by model id is needed. */
  listsOnlyChatModels: boolean;
  /** A listed context window counts input only (the answer has its own limit). */
  contextWindowIsInput: boolean;
  /** Every request must say how long the answer may be (max_tokens). */
  requiresMaxTokens: boolean;
  /** Models of the built-in endpoint that refuse any temperature but their default. */
  fixedTemperatureModels?: RegExp;
  createClient(deps: AdapterDeps, id: ProviderId): ProviderAdapter;
}

export const ANTHROPIC: ProviderDescriptor = {
  kind: 'anthropic',
  builtIn: { id: 'anthropic', label: 'Anthropic' },
  apiName: 'Anthropic API',
  format: 'Anthropic Messages',
  envVar: 'ANTHROPIC_API_KEY',
  secretKey: secretKeyFor('anthropic'),
  baseUrlSetting: SETTINGS.anthropicBaseUrl,
  defaultBaseUrl: SETTINGS.anthropicBaseUrl.default,
  apiRoot: 'without /v1',
  keyHint: 'sk-ant-…',
  // Anthropic's wire format always carries a key.
  keyOptionalOffOfficial: false,
  listsOnlyChatModels: true,
  contextWindowIsInput: true,
  requiresMaxTokens: true,
  createClient: createAnthropicAdapter,
};

export const OPENAI_COMPATIBLE: ProviderDescriptor = {
  kind: 'openai-compatible',
  builtIn: { id: 'openai', label: 'OpenAI' },
  apiName: 'OpenAI-compatible API',
  format: 'OpenAI Chat Completions',
  envVar: 'OPENAI_API_KEY',
  secretKey: secretKeyFor('openai'),
  baseUrlSetting: SETTINGS.openaiBaseUrl,
  defaultBaseUrl: SETTINGS.openaiBaseUrl.default,
  apiRoot: 'usually ending in /v1',
  // Each OpenAI-compatible service has its own key format (the presets name theirs).
  keyHint: 'the key',
  // Ollama, LM Studio and other local servers usually need none.
  keyOptionalOffOfficial: true,
  // /v1/models lists embeddings, speech, images… too (modelKinds.ts sorts them by id).
  listsOnlyChatModels: false,
  // One window shared by input and answer.
  contextWindowIsInput: false,
  requiresMaxTokens: false,
  // The reasoning models.
  fixedTemperatureModels: /^(o\d|gpt-5)/i,
  createClient: createOpenAIAdapter,
};

/** The descriptors, in the order the built-in endpoints are listed. */
export const PROVIDERS: readonly ProviderDescriptor[] = [ANTHROPIC, OPENAI_COMPATIBLE];

const BY_KIND = new Map(PROVIDERS.map((p) => [p.kind, p]));

export function descriptorOf(kind: EndpointKind): ProviderDescriptor {
  const d = BY_KIND.get(kind);
  if (!d) throw new Error(`No provider descriptor for the kind "${kind}".`);
  return d;
}

/** False for a model that refuses a temperature: the chat then sends none. */
export function acceptsTemperature(m: { providerId: ProviderId; modelId: string }): boolean {
  const d = PROVIDERS.find((p) => p.builtIn.id === m.providerId);
  return !d?.fixedTemperatureModels?.test(m.modelId);
}
