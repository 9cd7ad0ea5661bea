// Which key an endpoint uses: the one stored in SecretStorage under the endpoint's id, else (for
// the two built-in endpoints only) the environment variable. A server that is not the provider's
// own API (Ollama, LM Studio, …) may need no key at all.
import type { Env, Logger, SecretStore } from '../ports';
import { descriptorOf, secretKeyFor } from './descriptors';
import { ENDPOINT_ENV_VARS, endpointOf, endpointsOf, isOfficial, type EndpointConfig } from './endpoints';
import type { AuthResolution, ProviderId, ProviderSettings } from './types';
import { errorMessage } from '../errorMessage';
import { t } from '../l10n';

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
      reason: t('There is no endpoint "{0}" in your list any more.', id),
    };
  }
  const label = endpoint.label;
  let stored: string | undefined;
  let storeFailed = false;
  try {
    stored = (await deps.secrets.get(secretKeyFor(id)))?.trim() || undefined;
  } catch (e) {
    // A locked or broken keychain should not hide a working environment key.
    storeFailed = true;
    deps.logger.warn(`Reading the ${label} key from secret storage failed: ${errorMessage(e)}`);
  }
  if (stored) {
    return {
      ...base,
      resolvedSource: 'secret',
      fallbackApplied: false,
      apiKey: stored,
      reason: t('Using the {0} key stored in VS Code secret storage.', label),
    };
  }
  const fromEnv = envVar ? deps.env[envVar]?.trim() : undefined;
  if (fromEnv) {
    return {
      ...base,
      resolvedSource: 'env',
      fallbackApplied: true,
      apiKey: fromEnv,
      reason: storeFailed
        ? t('VS Code secret storage could not be read; using the {0} environment variable.', envVar)
        : t('No key stored in VS Code; using the {0} environment variable.', envVar),
    };
  }
  const unread = storeFailed ? `${t('VS Code secret storage could not be read.')} ` : '';
  // Some kinds of server (local OpenAI-compatible ones) may need no key.
  if (descriptorOf(endpoint.kind).keyOptionalOffOfficial && !isOfficial(endpoint)) {
    return {
      ...base,
      resolvedSource: 'none',
      fallbackApplied: false,
      reason:
        unread +
        (envVar
          ? t('No key stored or in {0}; the endpoint {1} is used without a key.', envVar, endpoint.baseUrl)
          : t('No key stored; the endpoint {0} is used without a key.', endpoint.baseUrl)),
    };
  }
  return {
    ...base,
    resolvedSource: 'none',
    fallbackApplied: false,
    failureCode: 'missing_auth',
    reason:
      unread +
      (envVar
        ? t('No {0} key in VS Code secret storage or in the {1} environment variable.', label, envVar)
        : t('No {0} key in VS Code secret storage.', label)),
  };
}
