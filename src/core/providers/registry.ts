// The provider runtime: one adapter per provider, sharing auth resolution, settings (read per
// request), the injected fetch and the retry policy.
import type { Env, FetchLike, Logger, SecretStore } from '../ports';
import { createAnthropicAdapter } from './anthropic';
import { ENV_VARS, resolveAuth, secretKeyFor } from './auth';
import { ProviderError, isProviderError } from './errors';
import type { AdapterDeps } from './http';
import { createOpenAIAdapter } from './openai';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import type { AuthResolution, ModelInfo, ProviderAdapter, ProviderId, ProviderSettings } from './types';

export { secretKeyFor };

export interface ProviderRuntimeDeps {
  secrets: SecretStore;
  env: Env;
  fetch: FetchLike;
  logger: Logger;
  /** Read on every request, so a settings change applies to the next one. */
  settings: () => ProviderSettings;
  /** Overrides for tests (sleep, random, limits). */
  retry?: Partial<RetryPolicy>;
}

export interface ProviderRuntime {
  get(id: ProviderId): ProviderAdapter;
  resolveAuth(id: ProviderId): Promise<AuthResolution>;
  /** Checks a candidate key by listing models with it (nothing is stored). */
  validateKey(
    id: ProviderId,
    apiKey: string,
    signal?: AbortSignal,
  ): Promise<{ ok: true; models: ModelInfo[] } | { ok: false; error: ProviderError }>;
}

const FACTORIES: Record<ProviderId, (deps: AdapterDeps) => ProviderAdapter> = {
  anthropic: createAnthropicAdapter,
  openai: createOpenAIAdapter,
};

export function createProviderRuntime(deps: ProviderRuntimeDeps): ProviderRuntime {
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
  const auth = (id: ProviderId) => resolveAuth(id, deps);
  const adapters = new Map<ProviderId, ProviderAdapter>();
  const base = { fetch: deps.fetch, logger: deps.logger, settings: deps.settings, retry };

  return {
    get(id) {
      let a = adapters.get(id);
      if (!a) {
        a = FACTORIES[id]({ ...base, auth: () => auth(id) });
        adapters.set(id, a);
      }
      return a;
    },
    resolveAuth: auth,
    async validateKey(id, apiKey, signal) {
      const key = apiKey.trim();
      const candidate: AuthResolution = {
        providerId: id,
        requestedSource: 'secret',
        resolvedSource: 'secret',
        fallbackApplied: false,
        apiKey: key,
        reason: 'Checking a key before it is stored.',
        envVar: ENV_VARS[id],
      };
      if (!key) {
        return {
          ok: false,
          error: new ProviderError({
            providerId: id,
            code: 'missing_auth',
            message: 'The key is empty.',
            remediation: 'Paste the whole key and try again.',
            retryable: false,
          }),
        };
      }
      try {
        const adapter = FACTORIES[id]({ ...base, candidate: true, auth: async () => candidate });
        return { ok: true, models: await adapter.listModels(signal) };
      } catch (e) {
        const error = isProviderError(e)
          ? e
          : new ProviderError({
              providerId: id,
              code: 'unexpected_error',
              message: e instanceof Error ? e.message : String(e),
              remediation: 'Open the log for details and try again.',
              retryable: true,
              cause: e,
            });
        return { ok: false, error };
      }
    },
  };
}
