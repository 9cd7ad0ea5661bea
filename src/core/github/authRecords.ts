// What is remembered about GitHub sign-in outside SecretStorage: which source the user chose last
// (VS Code's GitHub account or a personal access token) and the login each stored token belongs
// to, per host. Never a token.
import { z } from 'zod';
import type { RecordSpec } from '../state/record';

const host = z.string().min(1).max(255);
const login = z.string().min(1).max(100);

export const authPrefSchema = z.object({
  /** The last explicit choice: "Sign in to GitHub" → session, "Set GitHub Token…" → pat. */
  prefer: z.enum(['session', 'pat']),
  patLogins: z.record(host, login),
});
export type AuthPref = z.infer<typeof authPrefSchema>;

export const GITHUB_AUTH: RecordSpec<AuthPref> = {
  key: 'kata.github.auth',
  version: 1,
  schema: authPrefSchema,
  fallback: () => ({ prefer: 'session', patLogins: {} }),
};

/** SecretStorage entry of the token for one host (design for several GitHub hosts). */
export const tokenSecretKey = (h: string): string => `kata.github.token/${h.toLowerCase()}`;

/** A plausible token: one printable word. The real check is GET /user. */
export function tokenShapeProblem(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Paste a personal access token.';
  if (/\s/.test(v)) return 'A token has no spaces.';
  if (v.length < 20) return 'That is too short for a GitHub token.';
  if (v.length > 512) return 'That is too long for a GitHub token.';
  return undefined;
}
