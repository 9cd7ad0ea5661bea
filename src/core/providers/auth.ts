// Which key a provider uses: the one stored in SecretStorage, else the environment variable.
// A custom OpenAI-compatible endpoint (Ollama, LM Studio, …) may need no key at all.
import type { Env, Logger, SecretStore } from '../ports';
import { ProviderError } from './errors';
import { isCustomEndpoint } from './settings';
import { DEFAULT_PROVIDER_SETTINGS, type AuthResolution, type ProviderId, type ProviderSettings } from './types';

/** SecretStorage entry name for a provider's key. */
export const secretKeyFor = (id: ProviderId): string => `kata.apiKey.${id}`;

export const ENV_VARS: Record<ProviderId, string> = { anthropic: 'ANTHROPIC_API_KEY', openai: 'OPENAI_API_KEY' };

const LABEL: Record<ProviderId, string> = { anthropic: 'Anthropic', openai: 'OpenAI' };

export function baseUrlFor(id: ProviderId, s: ProviderSettings): string {
  return id === 'anthropic' ? s.anthropicBaseUrl : s.openaiBaseUrl;
}

export function isCustom(id: ProviderId, s: ProviderSettings): boolean {
  return isCustomEndpoint(baseUrlFor(id, s), baseUrlFor(id, DEFAULT_PROVIDER_SETTINGS));
}

export interface AuthDeps {
  secrets: SecretStore;
  env: Env;
  logger: Logger;
  settings: () => ProviderSettings;
}

export async function resolveAuth(id: ProviderId, deps: AuthDeps): Promise<AuthResolution> {
  const envVar = ENV_VARS[id];
  const base = { providerId: id, requestedSource: 'secret' as const, envVar };
  let stored: string | undefined;
  let storeProblem = '';
  try {
    stored = (await deps.secrets.get(secretKeyFor(id)))?.trim() || undefined;
  } catch (e) {
    // A locked or broken keychain should not hide a working environment key.
    storeProblem = 'VS Code secret storage could not be read; ';
    deps.logger.warn(
      `Reading the ${LABEL[id]} key from secret storage failed: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (stored) {
    return {
      ...base,
      resolvedSource: 'secret',
      fallbackApplied: false,
      apiKey: stored,
      reason: `Using the ${LABEL[id]} key stored in VS Code secret storage.`,
    };
  }
  const fromEnv = deps.env[envVar]?.trim();
  if (fromEnv) {
    return {
      ...base,
      resolvedSource: 'env',
      fallbackApplied: true,
      apiKey: fromEnv,
      reason: `${storeProblem || 'No key stored in VS Code; '}using the ${envVar} environment variable.`,
    };
  }
  const s = deps.settings();
  if (id === 'openai' && isCustom(id, s)) {
    return {
      ...base,
      resolvedSource: 'none',
      fallbackApplied: false,
      reason: `${storeProblem}No key stored or in ${envVar}; the custom endpoint ${baseUrlFor(id, s)} is used without a key.`,
    };
  }
  return {
    ...base,
    resolvedSource: 'none',
    fallbackApplied: false,
    failureCode: 'missing_auth',
    reason: `${storeProblem}No ${LABEL[id]} key in VS Code secret storage or in the ${envVar} environment variable.`,
  };
}

export function missingAuthError(id: ProviderId, auth: AuthResolution): ProviderError {
  return new ProviderError({
    providerId: id,
    code: 'missing_auth',
    message: `No ${LABEL[id]} API key is set.`,
    remediation: `Run 'Kata Cloud: Set API Key…' or set ${auth.envVar}.`,
    retryable: false,
  });
}
