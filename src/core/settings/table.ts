// The one table of the `kata.*` settings: key, scope, the values accepted, default and what each
// one affects. Every other file names a setting through this table, so a key is spelled once;
// test/unit/manifest.test.ts checks it against `contributes.configuration` both ways. Checks a
// schema cannot state (a URL's parts, an endpoint list entry by entry) live with the feature that
// needs them; this file imports nothing of the features, so every feature may import it.
import { z } from 'zod';
import { t } from '../l10n';

/** The manifest's `scope`; `window` when the manifest says none. */
export type SettingScope = 'application' | 'machine' | 'window' | 'resource';

/** The feature a setting belongs to: its change event names these, so a feature reacts to its own. */
export type SettingArea = 'providers' | 'chat' | 'github' | 'spaces';

export interface SettingRow<T> {
  key: string;
  scope: SettingScope;
  area: SettingArea;
  /** The manifest's default (the value in effect while the setting is unset). */
  default: T;
  /** The values the manifest accepts; a value outside it falls back to the default and is reported. */
  schema: z.ZodType<T>;
  /** What a refused value is told: the sentence naming the setting, what is expected and what happens. */
  fix: (key: string) => string;
  /** What the setting changes, for readers of this table. */
  affects: string;
}

const row = <T>(r: SettingRow<T>): SettingRow<T> => r;

/** One entry of the endpoint list setting, as the manifest describes it. */
const endpointEntry = z
  .object({
    id: z.string(),
    label: z.string().optional(),
    kind: z.enum(['anthropic', 'openai-compatible']),
    baseUrl: z.string(),
    allowInsecureKey: z.boolean().optional(),
  })
  .strict();
export type EndpointEntry = z.infer<typeof endpointEntry>;

/** Accepted seconds of silence for a stream (the manifest's minimum and maximum). */
export const REQUEST_TIMEOUT_RANGE = [5, 600] as const;

export const OPEN_IN = ['ask', 'thisWindow', 'newWindow'] as const;
export type OpenIn = (typeof OPEN_IN)[number];

export const SETTINGS = {
  endpoints: row<EndpointEntry[]>({
    key: 'kata.endpoints',
    scope: 'application',
    area: 'providers',
    default: [
      { id: 'anthropic', label: 'Anthropic', kind: 'anthropic', baseUrl: 'https://api.anthropic.com' },
      { id: 'openai', label: 'OpenAI', kind: 'openai-compatible', baseUrl: 'https://api.openai.com/v1' },
    ],
    schema: z.array(endpointEntry),
    fix: (key) => t('The setting "{0}" must be a list of endpoints; it is ignored until it is fixed.', key),
    affects: 'Which servers the models come from, and the one server each stored key is sent to.',
  }),
  anthropicBaseUrl: row<string>({
    key: 'kata.anthropic.baseUrl',
    scope: 'application',
    area: 'providers',
    default: 'https://api.anthropic.com',
    schema: z.string(),
    fix: (key) => t('The setting "{0}" must be an http(s) URL.', key),
    affects: 'The built-in Anthropic endpoint while the endpoint list is unset.',
  }),
  openaiBaseUrl: row<string>({
    key: 'kata.openai.baseUrl',
    scope: 'application',
    area: 'providers',
    default: 'https://api.openai.com/v1',
    schema: z.string(),
    fix: (key) => t('The setting "{0}" must be an http(s) URL.', key),
    affects: 'The built-in OpenAI endpoint while the endpoint list is unset.',
  }),
  requestTimeoutSeconds: row<number>({
    key: 'kata.requestTimeoutSeconds',
    scope: 'application',
    area: 'providers',
    default: 60,
    schema: z.number().min(REQUEST_TIMEOUT_RANGE[0]).max(REQUEST_TIMEOUT_RANGE[1]),
    fix: (key) =>
      t(
        'The setting "{0}" must be a number of seconds between {1} and {2}.',
        key,
        REQUEST_TIMEOUT_RANGE[0],
        REQUEST_TIMEOUT_RANGE[1],
      ),
    affects: 'How long a model stream may stay silent before it is stopped as stalled.',
  }),
  chatSystemPrompt: row<string>({
    key: 'kata.chat.systemPrompt',
    scope: 'window',
    area: 'chat',
    default: '',
    schema: z.string().max(20_000),
    fix: (key) => t('The setting "{0}" must be text of at most 20,000 characters; no system prompt is sent.', key),
    affects: 'The system prompt of every chat request.',
  }),
  chatMaxOutputTokens: row<number>({
    key: 'kata.chat.maxOutputTokens',
    scope: 'window',
    area: 'chat',
    default: 4096,
    schema: z.number().int().min(1).max(1_000_000),
    fix: (key) => t('The setting "{0}" must be a whole number from 1 to 1,000,000; using 4096.', key),
    affects: 'max_tokens of every chat request.',
  }),
  chatTemperature: row<number | null>({
    key: 'kata.chat.temperature',
    scope: 'window',
    area: 'chat',
    default: null,
    schema: z.number().min(0).max(2).nullable(),
    fix: (key) =>
      t('The setting "{0}" must be a number from 0 to 2, or null for the model\'s default; the default is used.', key),
    affects: 'The sampling temperature of chat requests (not sent to OpenAI reasoning models).',
  }),
  chatContextTokenLimit: row<number>({
    key: 'kata.chat.contextTokenLimit',
    scope: 'window',
    area: 'chat',
    default: 100_000,
    schema: z.number().int().min(1_000).max(10_000_000),
    fix: (key) => t('The setting "{0}" must be a whole number from 1,000 to 10,000,000; using 100,000.', key),
    affects: 'How many input tokens a chat request may carry before old messages and attachments are cut.',
  }),
  githubEnterpriseUrl: row<string>({
    key: 'kata.github.enterpriseUrl',
    scope: 'application',
    area: 'github',
    default: '',
    schema: z.string(),
    fix: (key) =>
      t('The setting "{0}" must be the https address of your GitHub Enterprise server, or empty for github.com.', key),
    affects: 'Which GitHub server the Pull Requests view, PR creation and the token go to.',
  }),
  spacesBranchPrefix: row<string>({
    key: 'kata.spaces.branchPrefix',
    scope: 'window',
    area: 'spaces',
    default: 'kata/',
    schema: z.string().max(100),
    fix: (key) => t('The setting "{0}" must be text of at most 100 characters; using "kata/".', key),
    affects: 'The branch name of a new space.',
  }),
  spacesFolder: row<string>({
    key: 'kata.spaces.folder',
    scope: 'machine',
    area: 'spaces',
    default: '',
    schema: z.string(),
    fix: (key) => t('The setting "{0}" must be a folder path, or empty for a folder beside the repository.', key),
    affects: 'Where the worktrees of new spaces are created.',
  }),
  spacesOpenIn: row<OpenIn>({
    key: 'kata.spaces.openIn',
    scope: 'application',
    area: 'spaces',
    default: 'ask',
    schema: z.enum(OPEN_IN),
    fix: (key) =>
      t('The setting "{0}" must be "ask", "thisWindow" or "newWindow"; a new space asks where to open.', key),
    affects: 'Where a new space opens.',
  }),
} as const;

export type SettingName = keyof typeof SETTINGS;
export type SettingValue<K extends SettingName> = (typeof SETTINGS)[K]['default'];
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** A refused value: the setting's key and a sentence naming it, saying what to do. */
export interface SettingIssue {
  setting: string;
  message: string;
}

/**
 * Application-scoped values are read from the user level only, so a workspace file can never
 * redirect a key (VS Code already ignores workspace values of machine-scoped settings).
 */
export const userLevelOnly = (r: Pick<SettingRow<unknown>, 'scope'>): boolean => r.scope === 'application';

/**
 * Checks a raw value against its row: unset is the default; a value the schema refuses is the
 * default too, with an issue naming the setting.
 */
export function checkSetting<T>(r: SettingRow<T>, raw: unknown): { value: T; issue?: SettingIssue } {
  if (raw === undefined) return { value: r.default };
  const p = r.schema.safeParse(raw);
  if (p.success) return { value: p.data };
  return { value: r.default, issue: { setting: r.key, message: r.fix(r.key) } };
}
