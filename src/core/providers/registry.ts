// The provider runtime: one adapter per provider, sharing auth resolution, settings (read per
// request), the injected fetch and the retry policy.
import type { Env, FetchLike, Logger, SecretStore } from '../ports';
import { endpointFor, envVarFor, labelFor, resolveAuth, secretKeyFor } from './auth';
import { descriptorOf } from './descriptors';
import { endpointsOf, type EndpointConfig, type EndpointKind } from './endpoints';
import { ProviderError, toProviderError } from './errors';
import type { AdapterDeps } from './requestEndpoint';
import { makeEndpoint } from './requestTarget';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import type { AuthResolution, ModelInfo, ProviderAdapter, ProviderId, ProviderSettings } from './types';
import { t } from '../l10n';

export { endpointsOf };

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
  /** The endpoints in effect now, in the user's order. */
  endpoints(): EndpointConfig[];
  get(id: ProviderId): ProviderAdapter;
  resolveAuth(id: ProviderId): Promise<AuthResolution>;
  /** Checks a candidate key by listing models with it (nothing is stored). */
  validateKey(id: ProviderId, apiKey: string, signal?: AbortSignal): Promise<CheckResult>;
  /**
   * Checks an endpoint that is not saved yet (Add/Edit Endpoint…) by listing its models with the
   * given key, or none. Nothing is stored; the key goes only to `endpoint.baseUrl`.
   */
  checkEndpoint(endpoint: EndpointConfig, apiKey: string | undefined, signal?: AbortSignal): Promise<CheckResult>;
}

export type CheckResult = { ok: true; models: ModelInfo[] } | { ok: false; error: ProviderError };

/** A wire client for one endpoint, made by its kind's descriptor. */
function client(
  kind: EndpointKind,
  id: ProviderId,
  base: Omit<AdapterDeps, 'auth' | 'endpoint' | 'label'>,
  auth: () => Promise<AuthResolution>,
  candidate = false,
): ProviderAdapter {
  const deps: AdapterDeps = {
    ...base,
    auth,
    endpoint: (a) => makeEndpoint(id, { ...base, candidate }, a),
    label: () => labelFor(id, base.settings()),
  };
  return descriptorOf(kind).createClient(deps, id);
}

const kindOf = (id: ProviderId, s: ProviderSettings): EndpointKind => endpointFor(id, s)?.kind ?? 'openai-compatible';

function toCheckError(id: ProviderId, e: unknown): CheckResult {
  const error = toProviderError(e, { providerId: id, remediation: t('Open the log for details and try again.') });
  return { ok: false, error };
}

export function createProviderRuntime(deps: ProviderRuntimeDeps): ProviderRuntime {
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
  const auth = (id: ProviderId) => resolveAuth(id, deps);
  const adapters = new Map<ProviderId, ProviderAdapter>();
  const base = { fetch: deps.fetch, logger: deps.logger, settings: deps.settings, retry };

  return {
    endpoints: () => endpointsOf(deps.settings()),
    get(id) {
      // An edit may change an endpoint's kind: the adapter is keyed by both.
      const kind = kindOf(id, deps.settings());
      let a = adapters.get(`${kind}:${id}`);
      if (!a) {
        a = client(kind, id, base, () => auth(id));
        adapters.set(`${kind}:${id}`, a);
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
        reason: t('Checking a key before it is stored.'),
        envVar: envVarFor(id),
      };
      if (!key) {
        return {
          ok: false,
          error: new ProviderError({
            providerId: id,
            code: 'missing_auth',
            message: t('The key is empty.'),
            remediation: t('Paste the whole key and try again.'),
            retryable: false,
          }),
        };
      }
      try {
        const adapter = client(kindOf(id, deps.settings()), id, base, async () => candidate, true);
        return { ok: true, models: await adapter.listModels(signal) };
      } catch (e) {
        return toCheckError(id, e);
      }
    },
    async checkEndpoint(endpoint, apiKey, signal) {
      const key = apiKey?.trim() || undefined;
      const id = endpoint.id;
      const candidate: AuthResolution = {
        providerId: id,
        requestedSource: 'secret',
        resolvedSource: key ? 'secret' : 'none',
        fallbackApplied: false,
        apiKey: key,
        reason: t('Checking an endpoint before it is saved.'),
        envVar: '',
      };
      // The candidate replaces any saved endpoint of the same id, and nothing else is reachable.
      const settings = (): ProviderSettings => ({ ...deps.settings(), endpoints: [endpoint] });
      try {
        const adapter = client(endpoint.kind, id, { ...base, settings }, async () => candidate, true);
        return { ok: true, models: await adapter.listModels(signal) };
      } catch (e) {
        return toCheckError(id, e);
      }
    },
  };
}
