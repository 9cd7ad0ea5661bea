// The language models Kata Cloud lends to VS Code (the `kata-cloud` vendor): the chat models of
// every endpoint that can answer (a key, or a server that needs none), with ids that stay unique
// when two endpoints list the same model, and limits and capabilities per model.
import { describeEndpoint, type EndpointConfig, type EndpointKind } from '../providers/endpoints';
import type { ProviderError } from '../providers/errors';
import { isChatModel } from '../providers/modelKinds';
import type { AuthResolution, ModelInfo } from '../providers/types';
import { modelLimits, normalizedModelId, type LimitSource } from './limits';
import { t } from '../l10n';

export const LM_VENDOR = 'kata-cloud';

/** The shape of VS Code's LanguageModelChatInformation, plus what a request needs to find its way. */
export interface LmModel {
  /** `<endpoint id>/<model id>`: endpoint ids never contain a slash, model ids may. */
  id: string;
  name: string;
  family: string;
  version: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  detail: string;
  tooltip: string;
  capabilities: { toolCalling?: boolean; imageInput?: boolean };
  endpointId: string;
  endpointKind: EndpointKind;
  modelId: string;
}

/** What the Models view knows about one endpoint. */
export interface EndpointState {
  endpoint: EndpointConfig;
  models: ModelInfo[];
  auth?: AuthResolution;
  error?: Pick<ProviderError, 'code'>;
}

export const lmModelId = (endpointId: string, modelId: string): string => `${endpointId}/${modelId}`;

/** The endpoint and model of an id made by lmModelId, or undefined for anything else. */
export function parseLmModelId(id: string): { endpointId: string; modelId: string } | undefined {
  const i = id.indexOf('/');
  if (i <= 0 || i === id.length - 1) return undefined;
  return { endpointId: id.slice(0, i), modelId: id.slice(i + 1) };
}

/**
 * An endpoint lends its models while they can be used: a stored key, a key from the
 * environment, or a server that answered without one. A key that was rejected or removed, or a
 * URL the settings refuse, takes its models away (a cached list alone is not enough); a network
 * failure does not (the cached list is still right, and the request will say what is wrong).
 */
export function isLending(s: EndpointState): boolean {
  if (s.endpoint.issue) return false;
  if (s.error && (s.error.code === 'missing_auth' || s.error.code === 'invalid_auth')) return false;
  return s.models.length > 0;
}

const DATE_SUFFIX = /-(\d{4}-?\d{2}-?\d{2})$/;

/** "claude-sonnet-4-5-20250929" → family "claude-sonnet-4-5", version "20250929". */
export function familyAndVersion(model: ModelInfo): { family: string; version: string } {
  const id = model.id;
  const bare = id.slice(id.lastIndexOf('/') + 1);
  const colon = bare.indexOf(':');
  if (colon > 0) return { family: bare.slice(0, colon), version: bare.slice(colon + 1) || 'latest' };
  const dated = DATE_SUFFIX.exec(bare);
  if (dated) return { family: bare.slice(0, dated.index), version: dated[1] };
  const latest = bare.replace(/-latest$/, '');
  return { family: latest, version: model.createdAt ? model.createdAt.slice(0, 10) : bare };
}

// Functions, so the text is translated when shown, not when the module loads.
const SOURCE_TEXT: Record<LimitSource, () => string> = {
  list: () => t('limits as the endpoint lists them'),
  table: () => t("limits from Kata Cloud's table of known models"),
  default: () => t("limits unknown: Kata Cloud's defaults for unknown models"),
};

const fmt = (n: number) => n.toLocaleString('en-US');

export function toLmModel(endpoint: EndpointConfig, model: ModelInfo): LmModel {
  const limits = modelLimits(endpoint.kind, model);
  const { family, version } = familyAndVersion(model);
  const name = model.displayName || model.id;
  const caps: LmModel['capabilities'] = {};
  if (limits.toolCalling !== undefined) caps.toolCalling = limits.toolCalling;
  if (limits.imageInput !== undefined) caps.imageInput = limits.imageInput;
  const tooltip = [
    t('{0} on {1}.', model.id, describeEndpoint(endpoint)),
    t(
      'Up to {0} input and {1} output tokens ({2}).',
      fmt(limits.maxInputTokens),
      fmt(limits.maxOutputTokens),
      SOURCE_TEXT[limits.source](),
    ),
    caps.toolCalling && caps.imageInput
      ? t('Takes tools and images.')
      : caps.toolCalling
        ? t('Takes tools.')
        : caps.imageInput
          ? t('Takes images.')
          : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    id: lmModelId(endpoint.id, model.id),
    name,
    family: family || normalizedModelId(model.id),
    version,
    maxInputTokens: limits.maxInputTokens,
    maxOutputTokens: limits.maxOutputTokens,
    detail: endpoint.label,
    tooltip,
    capabilities: caps,
    endpointId: endpoint.id,
    endpointKind: endpoint.kind,
    modelId: model.id,
  };
}

/** The chat models of every lending endpoint, in the user's endpoint order and each list's order. */
export function lmModels(states: readonly EndpointState[]): LmModel[] {
  const out: LmModel[] = [];
  const seen = new Set<string>();
  for (const s of states) {
    if (!isLending(s)) continue;
    for (const m of s.models) {
      if (!isChatModel(s.endpoint.kind, m.id)) continue;
      const info = toLmModel(s.endpoint, m);
      if (seen.has(info.id)) continue;
      seen.add(info.id);
      out.push(info);
    }
  }
  return out;
}

/** Changes only when what VS Code shows would change (not on every refresh of the same lists). */
export function lmSignature(models: readonly LmModel[]): string {
  return JSON.stringify(models);
}
