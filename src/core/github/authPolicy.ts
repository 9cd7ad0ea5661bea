// GitHub sign-in decisions, kept apart from the VS Code API so each rule can be proved on its own:
// when a session may be asked for with UI, which credential source wins, when a rejected
// credential may lead to a prompt (user action only, one per cooldown), what a change of session
// or account means for the view, and what checking a personal access token leads to.
import type { SecretStore } from '../ports';
import type { RecordStore } from '../state/record';
import type { GitHubApi } from './api';
import { GITHUB_AUTH, tokenSecretKey, type AuthPref } from './authRecords';
import { toGitHubError, type GitHubError } from './errors';
import { sentences } from '../sentence';

export const REAUTH_COOLDOWN_MS = 60_000;
/** A silent lookup waits for the auth provider to register; do not let that hold up a token. */
export const SILENT_TIMEOUT_MS = 8_000;

export type CredentialSource = 'session' | 'pat';

export interface Credentials {
  token: string;
  login?: string;
  source: CredentialSource;
  host: string;
}

/** VS Code's authentication provider for the configured host. */
export const authProviderId = (enterprise: boolean): string => (enterprise ? 'github-enterprise' : 'github');

/**
 * Why a session is looked up. Only the user's own commands may show UI; everything the extension
 * does by itself (start, a session or setting change, a cleared token) asks silently.
 */
export type SessionTrigger = 'start' | 'sessionsChanged' | 'settingChanged' | 'tokenCleared' | 'signIn' | 'reauth';

export type SessionRequest = { silent: true } | { createIfNone: true } | { forceNewSession: { detail: string } };

export const REAUTH_DETAIL =
  'Your GitHub session is no longer valid. Sign in again to keep using pull requests in Kata Cloud.';

export function sessionRequest(trigger: SessionTrigger): SessionRequest {
  switch (trigger) {
    case 'signIn':
      return { createIfNone: true };
    case 'reauth':
      // The old session was rejected: asking again without forcing would hand back the same one.
      return { forceNewSession: { detail: REAUTH_DETAIL } };
    default:
      return { silent: true };
  }
}

/**
 * Whether the silent session lookup is needed, and how long it may take. The last explicit
 * choice wins: with "token" preferred and stored, the session is not asked for at all. With a
 * token to fall back on, a slow auth provider is waited for less.
 */
export function resolvePlan(pref: AuthPref, hasPat: boolean): { askSession: boolean; timeoutMs: number } {
  if (pref.prefer === 'pat' && hasPat) return { askSession: false, timeoutMs: 0 };
  return { askSession: true, timeoutMs: hasPat ? SILENT_TIMEOUT_MS : SILENT_TIMEOUT_MS * 2 };
}

/** Which credentials are used: the preferred source when present, the other one as the fallback. */
export function pickCredentials(
  pref: AuthPref,
  pat: Credentials | undefined,
  session: Credentials | undefined,
): Credentials | undefined {
  if (pref.prefer === 'pat' && pat) return pat;
  return session ?? pat;
}

/**
 * Whether a (re)resolution is news for the view. Re-resolving the same credentials after a
 * rejection is news too: they are tried again.
 */
export function credentialsChanged(
  prev: Credentials | undefined,
  next: Credentials | undefined,
  state: { rejected: boolean; resolved: boolean },
): boolean {
  return next?.token !== prev?.token || next?.login !== prev?.login || state.rejected || !state.resolved;
}

/**
 * What the Pull Requests view does after the sign-in changed (sign-in, sign-out, another account,
 * a rejection): another account (or none) leaves nothing of the previous one on screen, and the
 * view refreshes once it is ready, as a background refresh, so a change of sign-in never leads to
 * a prompt by itself.
 */
export function afterAuthChange(
  prevLogin: string | undefined,
  nextLogin: string | undefined,
): { clearList: boolean; refresh: 'background' | 'interactive' } {
  return { clearList: prevLogin !== nextLogin, refresh: 'background' };
}

/**
 * What a 401 leads to:
 * - `noCredentials`: nothing was signed in (a stale reply); nothing happens;
 * - `background`: the credentials are marked rejected and the view says so, no UI;
 * - `prompted`: a user action, and no prompt within the cooldown: ask now;
 * - `joined`: a prompt is already open; share its answer;
 * - `cooldown`: a prompt was shown less than the cooldown ago; no other.
 */
export type ReauthOutcome = 'noCredentials' | 'background' | 'prompted' | 'joined' | 'cooldown';

export class ReauthGate {
  private lastPrompt?: number;
  private open = false;

  constructor(
    private readonly clock: () => number = Date.now,
    readonly cooldownMs: number = REAUTH_COOLDOWN_MS,
  ) {}

  /** Decides, and when the answer is `prompted`, counts the prompt as open from now. */
  decide(interactive: boolean, signedIn: boolean): ReauthOutcome {
    if (!signedIn) return 'noCredentials';
    if (!interactive) return 'background';
    if (this.open) return 'joined';
    const now = this.clock();
    if (this.lastPrompt !== undefined && now - this.lastPrompt < this.cooldownMs) return 'cooldown';
    this.lastPrompt = now;
    this.open = true;
    return 'prompted';
  }

  /** The prompt was answered or dismissed; the cooldown runs from when it was shown. */
  closed(): void {
    this.open = false;
  }
}

export type TokenCheck = { ok: true; login: string } | { ok: false; error: GitHubError; message: string };

/** GET /user with the candidate token; what to tell the user when it fails. Stores nothing. */
export async function checkToken(api: GitHubApi, host: string): Promise<TokenCheck> {
  try {
    return { ok: true, login: (await api.getViewer()).login };
  } catch (e) {
    const error = toGitHubError(e, { op: 'user', host });
    // Shown without `detail` (non-modal), so what to do is part of the message.
    const message =
      error.code === 'unauthorized'
        ? `${host} rejected this token (Bad credentials). Nothing was saved.`
        : sentences(error.message, 'Nothing was saved', error.remediation);
    return { ok: false, error, message };
  }
}

export interface TokenStores {
  secrets: SecretStore;
  records: RecordStore;
}

/**
 * "Set GitHub Token…" after the token was typed: checked with GET /user first, and kept (secret,
 * login, "token" as the preferred source) only when GitHub accepts it.
 */
export async function verifyAndStoreToken(
  stores: TokenStores,
  api: GitHubApi,
  host: string,
  token: string,
): Promise<TokenCheck> {
  const check = await checkToken(api, host);
  if (!check.ok) return check;
  await stores.secrets.store(tokenSecretKey(host), token);
  const pref = stores.records.read(GITHUB_AUTH);
  await stores.records.write(GITHUB_AUTH, { prefer: 'pat', patLogins: { ...pref.patLogins, [host]: check.login } });
  return check;
}

/** "Clear GitHub Token": the token and its login go, and the VS Code account is preferred again. Returns whether one was stored. */
export async function forgetToken(stores: TokenStores, host: string): Promise<boolean> {
  const had = !!(await stores.secrets.get(tokenSecretKey(host)));
  await stores.secrets.delete(tokenSecretKey(host));
  const pref = stores.records.read(GITHUB_AUTH);
  const patLogins = { ...pref.patLogins };
  delete patLogins[host];
  await stores.records.write(GITHUB_AUTH, { prefer: 'session', patLogins });
  return had;
}
