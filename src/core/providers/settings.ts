import { checkSetting, REQUEST_TIMEOUT_RANGE, SETTINGS, type SettingIssue } from '../settings/table';
import { checkBaseUrl, parseEndpoints } from './endpoints';

export { checkBaseUrl };
import { DEFAULT_PROVIDER_SETTINGS, type ProviderSettings } from './types';

export { REQUEST_TIMEOUT_RANGE, type SettingIssue };

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
