// Model endpoints: the user's list of servers (Anthropic or OpenAI-compatible), each with its own
// key slot. The list is an application-scoped setting; until the user edits it, it is derived
// from the two older base-URL settings, with the ids `anthropic` and `openai` so the keys stored
// under those ids before endpoints existed keep working.
import { t } from '../l10n';
import { redactSecrets } from '../redact';
import { SETTINGS, type EndpointEntry, type SettingIssue } from '../settings/table';
import { descriptorOf, PROVIDERS } from './descriptors';
import type { EndpointConfig, EndpointKind, ProviderSettings } from './types';

export type { EndpointConfig, EndpointKind };
export const ENDPOINT_KINDS: readonly EndpointKind[] = PROVIDERS.map((p) => p.kind);

export const ENDPOINTS_SETTING = SETTINGS.endpoints.key;
/** The older base-URL setting of each built-in endpoint, by endpoint id. */
export const LEGACY_BASE_URL_SETTING: Record<string, string> = Object.fromEntries(
  PROVIDERS.map((p) => [p.builtIn.id, p.baseUrlSetting.key]),
);

/** The endpoints every user starts with. */
export const BUILT_IN_ENDPOINTS: readonly EndpointConfig[] = PROVIDERS.map((p) => ({
  id: p.builtIn.id,
  label: p.builtIn.label,
  kind: p.kind,
  baseUrl: p.defaultBaseUrl,
}));

/** Environment variables are honoured only by the built-in endpoints, as before endpoints existed. */
export const ENDPOINT_ENV_VARS: Record<string, string> = Object.fromEntries(
  PROVIDERS.map((p) => [p.builtIn.id, p.envVar]),
);

const ID_RE = /^[a-z0-9][a-z0-9-]{0,39}$/;
const MAX_ENDPOINTS = 50;

const trimSlash = (u: string) => u.replace(/\/+$/, '');

/** True when the URL is the provider's own API, which always needs a key. */
export function isOfficial(e: Pick<EndpointConfig, 'kind' | 'baseUrl'>): boolean {
  return trimSlash(e.baseUrl) === trimSlash(descriptorOf(e.kind).defaultBaseUrl);
}

/** Loopback hosts: a key sent over plain http to them never leaves this machine. */
export function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(host) ||
    host === '[::1]' ||
    host === '::1'
  );
}

/** True when a key sent to this URL would cross the network unencrypted. */
export function isInsecureRemote(url: string): boolean {
  return url.toLowerCase().startsWith('http:') && !isLoopback(url);
}

type UrlProblem = 'empty' | 'noScheme' | 'invalid' | 'scheme' | 'credentials' | 'query';

/**
 * Only http(s) URLs without credentials, query or fragment are accepted; a key must never be
 * sent to a URL the user did not plainly type. `shown` is the value as a message may quote it.
 */
function checkUrl(value: unknown): { url: string } | { problem: UrlProblem; shown: string } {
  if (typeof value !== 'string' || value.trim() === '') return { problem: 'empty', shown: '' };
  // "localhost:11434/v1" parses as a URL whose scheme is "localhost:": say what is missing.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()))
    return { problem: 'noScheme', shown: redactSecrets(value.trim().slice(0, 120)) };
  let u: URL;
  try {
    u = new URL(value.trim());
  } catch {
    return { problem: 'invalid', shown: redactSecrets(value.slice(0, 120)) };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { problem: 'scheme', shown: u.protocol };
  if (u.username || u.password) return { problem: 'credentials', shown: '' };
  if (u.search || u.hash) return { problem: 'query', shown: '' };
  return { url: u.toString().replace(/\/+$/, '') };
}

/** Checks a base-URL setting: the URL, or what is wrong with it, naming the setting. */
export function checkBaseUrl(setting: string, value: unknown): { url?: string; issue?: SettingIssue } {
  const r = checkUrl(value);
  if ('url' in r) return { url: r.url };
  const messages: Record<UrlProblem, () => string> = {
    empty: () => t('The setting "{0}" is empty; set it to an http(s) URL or reset it to its default.', setting),
    noScheme: () =>
      t(
        'The setting "{0}" is not a valid URL ("{1}"): start it with http:// or https://, e.g. http://localhost:11434/v1.',
        setting,
        r.shown,
      ),
    invalid: () =>
      t(
        'The setting "{0}" is not a valid URL ("{1}"). Use a full URL such as http://localhost:11434/v1.',
        setting,
        r.shown,
      ),
    scheme: () => t('The setting "{0}" must use http or https, not "{1}".', setting, r.shown),
    credentials: () =>
      t(
        'The setting "{0}" must not contain a user name or password; store keys with "Kata Cloud: Set API Key…".',
        setting,
      ),
    query: () => t('The setting "{0}" must not contain a query (?…) or fragment (#…).', setting),
  };
  return { issue: { setting, message: messages[r.problem]() } };
}

/**
 * Checks a URL typed in Add/Edit Endpoint. Returns the normalised URL or a sentence saying
 * what is wrong (credentials, query, fragment, scheme, not a URL).
 */
export function checkEndpointUrl(value: string): { url?: string; error?: string } {
  const r = checkUrl(value);
  if ('url' in r) return { url: r.url };
  const messages: Record<UrlProblem, () => string> = {
    empty: () => t('The URL is empty; set it to an http(s) URL or reset it to its default.'),
    noScheme: () =>
      t(
        'The URL is not a valid URL ("{0}"): start it with http:// or https://, e.g. http://localhost:11434/v1.',
        r.shown,
      ),
    invalid: () => t('The URL is not a valid URL ("{0}"). Use a full URL such as http://localhost:11434/v1.', r.shown),
    scheme: () => t('The URL must use http or https, not "{0}".', r.shown),
    // Add/Edit Endpoint asks for the key in a step of its own.
    credentials: () => t('The URL must not contain a user name or password; the key is asked for separately.'),
    query: () => t('The URL must not contain a query (?…) or fragment (#…).'),
  };
  return { error: messages[r.problem]() };
}

/** Builds the list from the older settings (already validated URLs). */
export function legacyEndpoints(anthropicBaseUrl: string, openaiBaseUrl: string): EndpointConfig[] {
  // The order of PROVIDERS: Anthropic, then OpenAI.
  return [
    { ...BUILT_IN_ENDPOINTS[0], baseUrl: trimSlash(anthropicBaseUrl) },
    { ...BUILT_IN_ENDPOINTS[1], baseUrl: trimSlash(openaiBaseUrl) },
  ];
}

/**
 * Parses the endpoint list setting. Entries without a usable id or kind are dropped (no key
 * could be addressed); an entry with a bad URL stays, carrying its issue, so requests to it fail
 * with that message instead of going to some other server.
 */
export function parseEndpoints(raw: unknown): { endpoints: EndpointConfig[]; issues: SettingIssue[] } {
  const issues: SettingIssue[] = [];
  const endpoints: EndpointConfig[] = [];
  const problem = (message: string) => issues.push({ setting: ENDPOINTS_SETTING, message });
  if (!Array.isArray(raw)) {
    problem(t('The setting "{0}" must be a list of endpoints; it is ignored until it is fixed.', ENDPOINTS_SETTING));
    return { endpoints, issues };
  }
  const seen = new Set<string>();
  for (const [i, entry] of raw.slice(0, MAX_ENDPOINTS).entries()) {
    const n = i + 1;
    if (typeof entry !== 'object' || entry === null) {
      problem(
        t('"{0}" entry {1} is not an object with id, label, kind and baseUrl; it is ignored.', ENDPOINTS_SETTING, n),
      );
      continue;
    }
    const e = entry as Record<string, unknown>;
    if (typeof e.id !== 'string' || !ID_RE.test(e.id)) {
      problem(
        t(
          '"{0}" entry {1} needs an id of lowercase letters, digits and dashes (at most 40); it is ignored.',
          ENDPOINTS_SETTING,
          n,
        ),
      );
      continue;
    }
    if (seen.has(e.id)) {
      problem(t('"{0}" entry {1} repeats the id "{2}"; only the first one is used.', ENDPOINTS_SETTING, n, e.id));
      continue;
    }
    if (!ENDPOINT_KINDS.includes(e.kind as EndpointKind)) {
      const kinds = ENDPOINT_KINDS.map((k) => `"${k}"`).reduce((a, b) => t('{0} or {1}', a, b));
      problem(
        t('"{0}" entry {1} ("{2}") needs a kind of {3}; it is ignored.', ENDPOINTS_SETTING, n, String(e.id), kinds),
      );
      continue;
    }
    seen.add(e.id);
    const label = typeof e.label === 'string' && e.label.trim() ? e.label.trim().slice(0, 60) : e.id;
    const checked = checkBaseUrl(`${ENDPOINTS_SETTING} (${label})`, e.baseUrl);
    const cfg: EndpointConfig = {
      id: e.id,
      label,
      kind: e.kind as EndpointKind,
      baseUrl: checked.url ?? (typeof e.baseUrl === 'string' ? e.baseUrl.slice(0, 2048) : ''),
    };
    if (e.allowInsecureKey === true) cfg.allowInsecureKey = true;
    if (checked.issue) {
      cfg.issue = { setting: ENDPOINTS_SETTING, message: checked.issue.message };
      issues.push(cfg.issue);
    }
    endpoints.push(cfg);
  }
  if (raw.length > MAX_ENDPOINTS)
    problem(t('Only the first {0} entries of "{1}" are used.', MAX_ENDPOINTS, ENDPOINTS_SETTING));
  return { endpoints, issues };
}

/** What is written back to the setting: no derived fields. */
export function serializeEndpoints(list: readonly EndpointConfig[]): EndpointEntry[] {
  return list.map((e) => ({
    id: e.id,
    label: e.label,
    kind: e.kind,
    baseUrl: e.baseUrl,
    ...(e.allowInsecureKey ? { allowInsecureKey: true } : {}),
  }));
}

/** A fresh id from a label: "LM Studio" → "lm-studio", then "lm-studio-2" when taken. */
export function newEndpointId(label: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const stem =
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32) || 'endpoint';
  if (!used.has(stem)) return stem;
  for (let n = 2; ; n++) if (!used.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

export const endpointOf = (list: readonly EndpointConfig[], id: string): EndpointConfig | undefined =>
  list.find((e) => e.id === id);

/** "Ollama (localhost:11434)" for tooltips and errors; the label alone where space is short. */
export function describeEndpoint(e: EndpointConfig): string {
  try {
    return `${e.label} (${new URL(e.baseUrl).host})`;
  } catch {
    return e.label;
  }
}

/** The endpoints in effect: the user's list, or the built-in two at the older settings' URLs. */
export function endpointsOf(s: ProviderSettings): EndpointConfig[] {
  return s.endpoints ?? legacyEndpoints(s.anthropicBaseUrl, s.openaiBaseUrl);
}
