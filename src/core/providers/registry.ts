// Placeholder: the provider runtime (auth resolution + adapters) lands here.
import type { Env, FetchLike, Logger, SecretStore } from '../ports';
import type { ProviderError } from './errors';
import type { AuthResolution, ModelInfo, ProviderAdapter, ProviderId, ProviderSettings } from './types';

export interface ProviderRuntimeDeps {
  secrets: SecretStore;
  env: Env;
  fetch: FetchLike;
  logger: Logger;
  /** Read on every request, so a settings change applies to the next one. */
  settings: () => ProviderSettings;
}

export interface ProviderRuntime {
  get(id: ProviderId): ProviderAdapter;
  resolveAuth(id: ProviderId): Promise<AuthResolution>;
  /** Checks a candidate key by listing models with it (nothing is stored). */
  validateKey(id: ProviderId, apiKey: string, signal?: AbortSignal): Promise<{ ok: true; models: ModelInfo[] } | { ok: false; error: ProviderError }>;
}

/** SecretStorage entry name for a provider's key. */
export const secretKeyFor = (id: ProviderId): string => `kata.apiKey.${id}`;

export function createProviderRuntime(_deps: ProviderRuntimeDeps): ProviderRuntime {
  throw new Error('provider runtime not implemented yet');
}
