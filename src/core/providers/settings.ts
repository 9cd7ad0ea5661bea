import { redactSecrets } from '../redact';
import { checkSetting, REQUEST_TIMEOUT_RANGE, SETTINGS, type SettingIssue } from '../settings/table';
import { parseEndpoints } from './endpoints';
import { DEFAULT_PROVIDER_SETTINGS, type ProviderSettings } from './types';

export { REQUEST_TIMEOUT_RANGE, type SettingIssue };

/**
 * Checks a base-URL setting. Only http(s) URLs without credentials, query or fragment are
 * accepted; a key must never be sent to a URL the user did not plainly type.
 */
export function checkBaseUrl(setting: string, value: unknown): { url?: string; issue?: SettingIssue } {
  if (typeof value !== 'string' || value.trim() === '') {
    return {
      issue: {
        setting,
        message: `The setting "${setting}" is empty; set it to an http(s) URL or reset it to its default.`,
      },
    };
  }
  // "localhost:11434/v1" parses as a URL whose scheme is "localhost:": say what is missing.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) {
    return {
      issue: {
        setting,
        message: `The setting "${setting}" is not a valid URL ("${redactSecrets(value.trim().slice(0, 120))}"): start it with http:// or https://, e.g. http://localhost:11434/v1.`,
      },
    };
  }
  let u: URL;
  try {
    u = new URL(value.trim());
  } catch {
    return {
      issue: {
        setting,
        message: `The setting "${setting}" is not a valid URL ("${redactSecrets(value.slice(0, 120))}"). Use a full URL such as http://localhost:11434/v1.`,
      },
    };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return { issue: { setting, message: `The setting "${setting}" must use http or https, not "${u.protocol}".` } };
  }
  if (u.username || u.password) {
    return {
      issue: {
        setting,
        message: `The setting "${setting}" must not contain a user name or password; store keys with "Kata Cloud: Set API Key…".`,
      },
    };
  }
  if (u.search || u.hash) {
    return { issue: { setting, message: `The setting "${setting}" must not contain a query (?…) or fragment (#…).` } };
  }
  return { url: u.toString().replace(/\/+$/, '') };
}

/**
 * Turns raw setting values into ProviderSettings; an invalid value falls back to its default and
 * is reported. `endpoints` is the user-level endpoint list, undefined while unset: then the
 * built-in endpoints take their URLs from the older base-URL settings.
 */
export function parseProviderSettings(raw: {
  anthropicBaseUrl: unknown;
  openaiBaseUrl: unknown;
  requestTimeoutSeconds: unknown;
  endpoints?: unknown;
}): { settings: ProviderSettings; issues: SettingIssue[] } {
  const issues: SettingIssue[] = [];
  const a = checkBaseUrl(SETTINGS.anthropicBaseUrl.key, raw.anthropicBaseUrl);
  const o = checkBaseUrl(SETTINGS.openaiBaseUrl.key, raw.openaiBaseUrl);
  const list = raw.endpoints === undefined ? undefined : parseEndpoints(raw.endpoints);
  // The older settings' problems matter only while the built-in endpoints come from them.
  if (list) issues.push(...list.issues);
  else {
    if (a.issue) issues.push(a.issue);
    if (o.issue) issues.push(o.issue);
  }
  const t = checkSetting(SETTINGS.requestTimeoutSeconds, raw.requestTimeoutSeconds);
  if (t.issue) issues.push(t.issue);
  return {
    settings: {
      anthropicBaseUrl: a.url ?? DEFAULT_PROVIDER_SETTINGS.anthropicBaseUrl,
      openaiBaseUrl: o.url ?? DEFAULT_PROVIDER_SETTINGS.openaiBaseUrl,
      ...(list ? { endpoints: list.endpoints } : {}),
      idleTimeoutMs: Math.round(t.value * 1000),
    },
    issues,
  };
}

/** True when the base URL is not the provider's own API (a local or third-party server). */
export function isCustomEndpoint(providerBaseUrl: string, defaultUrl: string): boolean {
  return providerBaseUrl.replace(/\/+$/, '') !== defaultUrl.replace(/\/+$/, '');
}
