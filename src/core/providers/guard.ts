// A provider whose base-URL setting is invalid must not silently fall back to the default
// endpoint: a key meant for a local or third-party server would then go to another host.
// This wrapper makes every request of such a provider fail with a message naming the setting.
import { LEGACY_BASE_URL_SETTING } from './endpoints';
import { ProviderError } from './errors';
import type { ProviderRuntime } from './registry';
import type { SettingIssue } from './settings';
import type { ProviderAdapter, ProviderId } from './types';
import { t } from '../l10n';

export const BASE_URL_SETTING: Record<string, string> = LEGACY_BASE_URL_SETTING;

export function guardInvalidEndpoints(runtime: ProviderRuntime, issues: () => SettingIssue[]): ProviderRuntime {
  // Issues of the older settings are reported only while the built-in endpoints come from them.
  const issueFor = (id: ProviderId) =>
    id in BASE_URL_SETTING ? issues().find((i) => i.setting === BASE_URL_SETTING[id]) : undefined;
  const fail = (id: ProviderId, issue: SettingIssue) =>
    new ProviderError({
      providerId: id,
      code: 'bad_request',
      message: issue.message,
      remediation: t('Fix "{0}" in your user settings (or reset it to its default).', issue.setting),
      retryable: false,
    });
  return {
    endpoints: () => runtime.endpoints(),
    checkEndpoint: (endpoint, key, signal) => runtime.checkEndpoint(endpoint, key, signal),
    resolveAuth: (id) => runtime.resolveAuth(id),
    validateKey: async (id, key, signal) => {
      const issue = issueFor(id);
      return issue ? { ok: false, error: fail(id, issue) } : runtime.validateKey(id, key, signal);
    },
    get(id): ProviderAdapter {
      const inner = runtime.get(id);
      return {
        id,
        resolveAuth: () => inner.resolveAuth(),
        listModels: async (signal) => {
          const issue = issueFor(id);
          if (issue) throw fail(id, issue);
          return inner.listModels(signal);
        },
        stream: (request, options) => {
          const issue = issueFor(id);
          if (!issue) return inner.stream(request, options);
          const error = fail(id, issue);
          // Fails on the first next(), like a real stream refused by the server.
          return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }) };
        },
      };
    },
  };
}
