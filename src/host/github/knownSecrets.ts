import { PROVIDER_IDS } from '../../core/providers/types';
import type { Services } from '../services';

/**
 * Every secret value this window knows: the GitHub token plus the model providers' keys. The
 * redactor hides these exact values even when they have no recognisable shape (a local
 * server's key committed by mistake must not reach a PR body or a model prompt).
 */
export async function knownSecrets(s: Services, githubToken: string | undefined): Promise<string[]> {
  const keys = await Promise.all(PROVIDER_IDS.map(async (id) => (await s.providers.resolveAuth(id).catch(() => undefined))?.apiKey));
  return [githubToken, ...keys].filter((v): v is string => typeof v === 'string' && v.length >= 6);
}
