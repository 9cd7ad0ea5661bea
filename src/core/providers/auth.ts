// Which key an endpoint uses: the one stored in SecretStorage under the endpoint's id, else (for
// the two built-in endpoints only) the environment variable. A server that is not the provider's
// own API (Ollama, LM Studio, …) may need no key at all.
import type { Env, Logger, SecretStore } from '../ports';
import { descriptorOf, secretKeyFor } from './descriptors';
import { ENDPOINT_ENV_VARS, endpointOf, endpointsOf, isOfficial, type EndpointConfig } from './endpoints';
import type { AuthResolution, ProviderId, ProviderSettings } from './types';
import { errorMessage } from '../errorMessage';

export { secretKeyFor };

/** The environment variable an endpoint may take its key from ('' for none). */
export const envVarFor = (id: ProviderId): string => ENDPOINT_ENV_VARS[id] ?? '';

export function endpointFor(id: ProviderId, s: ProviderSettings): EndpointConfig | undefined {
  return endpointOf(endpointsOf(s), id);
}

export function labelFor(id: ProviderId, s: ProviderSettings): string {
  return endpointFor(id, s)?.label ?? id;
}

export function baseUrlFor(id: ProviderId, s: ProviderSettings): string {
  return endpointFor(id, s)?.baseUrl ?? '';
}

export function isCustom(id: ProviderId, s: ProviderSettings): boolean {
  const e = endpointFor(id, s);
  return !e || !isOfficial(e);
}

export interface AuthDeps {
  secrets: SecretStore;
  env: Env;
  logger: Logger;
  settings: () => ProviderSettings;
}

export async function resolveAuth(id: ProviderId, deps: AuthDeps): Promise<AuthResolution> {
  const envVar = envVarFor(id);
  const base = { providerId: id, requestedSource: 'secret' as const, envVar };
  const s = deps.settings();
  const endpoint = endpointFor(id, s);
  if (!endpoint) {
    return {
      ...base,
      resolvedSource: 'none',
      fallbackApplied: false,
      failureCode: 'missing_auth',
      reason: `There is no endpoint "${id}" in your list any more.`,
    };
  }
  const label = endpoint.label;
  let stored: string | undefined;
  let storeProblem = '';
  try {
    stored = (await deps.secrets.get(secretKeyFor(id)))?.trim() || undefined;
  } catch (e) {
    // A locked or broken keychain should not hide a working environment key.
    storeProblem = 'VS Code secret storage could not be read; ';
    deps.logger.warn(`Reading the ${label} key from secret storage failed: ${errorMessage(e)}`);
  }
  if (stored) {
    return {
      ...base,
      resolvedSource: 'secret',
      fallbackApplied: false,
      apiKey: stored,
      reason: `Using the ${label} key stored in VS Code secret storage.`,
    };
  }
  const fromEnv = envVar ? deps.env[envVar]?.trim() : undefined;
  if (fromEnv) {
    return {
      ...base,
      resolvedSource: 'env',
      fallbackApplied: true,
      apiKey: fromEnv,
      reason: `${storeProblem || 'No key stored in VS Code; '}using the ${envVar} environment variable.`,
    };
  }
  // Some kinds of server (local OpenAI-compatible ones) may need no key.
  if (descriptorOf(endpoint.kind).keyOptionalOffOfficial && !isOfficial(endpoint)) {
    return {
      ...base,
      resolvedSource: 'none',
      fallbackApplied: false,
      reason: `${storeProblem}No key stored${envVar ? ` or in ${envVar}` : ''}; the endpoint ${endpoint.baseUrl} is used without a key.`,
    };
  }
  return {
    ...base,
    resolvedSource: 'none',
    fallbackApplied: false,
    failureCode: 'missing_auth',
    reason: `${storeProblem}No ${label} key in VS Code secret storage${envVar ? ` or in the ${envVar} environment variable` : ''}.`,
  };
}
