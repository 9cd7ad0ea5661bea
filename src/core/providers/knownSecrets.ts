import type { ProviderRuntime } from './registry';

/** The model providers' keys in use now (stored or from the environment); never logged. */
export async function providerKeys(providers: ProviderRuntime): Promise<string[]> {
  const keys = await Promise.all(
    providers.endpoints().map(async ({ id }) => (await providers.resolveAuth(id).catch(() => undefined))?.apiKey),
  );
  return keys.filter((k): k is string => typeof k === 'string' && k.length > 0);
}

/**
 * Every secret value this window knows: the GitHub token plus the model providers' keys. The
 * redactors hide these exact values even when they have no recognisable shape (a local
 * server's key committed by mistake must not reach a PR body, a model prompt or an export).
 */
export async function knownSecrets(providers: ProviderRuntime, githubToken?: string): Promise<string[]> {
  return [githubToken, ...(await providerKeys(providers))].filter(
    (v): v is string => typeof v === 'string' && v.length >= 6,
  );
}
