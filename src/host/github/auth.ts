// GitHub credentials: VS Code's GitHub account (asked silently at start, interactively only when
// the user says so) or a personal access token in SecretStorage, checked with GET /user before it
// is saved. The last explicit choice comes first, the other is the fallback. A rejected
// credential leads to at most one prompt per cooldown, and never from a background refresh.
import * as vscode from 'vscode';
import { GITHUB_AUTH, tokenSecretKey, tokenShapeProblem } from '../../core/github/authRecords';
import type { GitHubApi } from '../../core/github/api';
import { toGitHubError } from '../../core/github/errors';
import type { GitHubEndpoints } from '../../core/github/remote';
import type { SecretStore } from '../../core/ports';
import type { RecordStore } from '../../core/state/record';
import type { HostLog } from '../log';

export const SCOPES = ['repo', 'read:user'];
const REAUTH_COOLDOWN_MS = 60_000;
/** A silent lookup waits for the auth provider to register; do not let that hold up a token. */
const SILENT_TIMEOUT_MS = 8_000;

export interface Credentials {
  token: string;
  login?: string;
  source: 'session' | 'pat';
  host: string;
}

export class GitHubAuth implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private creds?: Credentials;
  private resolved = false;
  private rejected = false;
  private lastPrompt = 0;
  private prompting?: Promise<boolean>;
  private generation = 0;
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly secrets: SecretStore,
    private readonly records: RecordStore,
    private readonly log: HostLog,
    private readonly endpoints: () => GitHubEndpoints,
    private readonly apiFor: (token: string, endpoints: GitHubEndpoints) => GitHubApi,
  ) {
    this.sub = vscode.authentication.onDidChangeSessions((e) => {
      if (e.provider.id === this.providerId()) {
        this.log.info(`GitHub sessions changed (${e.provider.id}); checking the sign-in again.`);
        void this.resolve();
      }
    });
  }

  get current(): Credentials | undefined {
    return this.rejected ? undefined : this.creds;
  }

  /** False until the first silent lookup finished. */
  get ready(): boolean {
    return this.resolved;
  }

  private providerId(): string {
    return this.endpoints().enterprise ? 'github-enterprise' : 'github';
  }

  /** Silent: never shows UI. Called at start, on session changes and when the host setting changes. */
  async resolve(): Promise<void> {
    const gen = ++this.generation;
    const ep = this.endpoints();
    const pref = this.records.read(GITHUB_AUTH);
    const token = await this.secrets.get(tokenSecretKey(ep.host));
    const fromPat = token ? { token, login: pref.patLogins[ep.host], source: 'pat' as const, host: ep.host } : undefined;
    let creds: Credentials | undefined;
    if (pref.prefer === 'pat' && fromPat) creds = fromPat;
    else creds = (await this.silentSession(ep, fromPat ? SILENT_TIMEOUT_MS : SILENT_TIMEOUT_MS * 2)) ?? fromPat;
    if (gen !== this.generation) return;
    this.set(creds);
  }

  private async silentSession(ep: GitHubEndpoints, timeoutMs: number): Promise<Credentials | undefined> {
    try {
      const session = await Promise.race([
        vscode.authentication.getSession(this.providerId(), SCOPES, { silent: true }),
        new Promise<undefined>((r) => setTimeout(() => r(undefined), timeoutMs)),
      ]);
      return session ? { token: session.accessToken, login: session.account.label, source: 'session', host: ep.host } : undefined;
    } catch (e) {
      // No GitHub auth provider (e.g. a web host without it): the token fallback applies.
      this.log.debug(`No silent GitHub session: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  private set(creds: Credentials | undefined): void {
    const changed = creds?.token !== this.creds?.token || creds?.login !== this.creds?.login || this.rejected || !this.resolved;
    this.creds = creds;
    this.rejected = false;
    this.resolved = true;
    if (creds) this.log.remember(creds.token);
    if (changed) {
      this.log.info(creds ? `GitHub: signed in to ${creds.host}${creds.login ? ` as @${creds.login}` : ''} (${creds.source === 'pat' ? 'personal access token' : 'VS Code account'}).` : 'GitHub: not signed in.');
      this.emitter.fire();
    }
  }

  /** "Sign in to GitHub": VS Code's account flow, interactive. */
  async signIn(options: { forceNew?: string } = {}): Promise<boolean> {
    const ep = this.endpoints();
    try {
      const session = await vscode.authentication.getSession(
        this.providerId(),
        SCOPES,
        options.forceNew ? { forceNewSession: { detail: options.forceNew } } : { createIfNone: true },
      );
      if (!session) return false;
      await this.records.write(GITHUB_AUTH, { ...this.records.read(GITHUB_AUTH), prefer: 'session' });
      this.set({ token: session.accessToken, login: session.account.label, source: 'session', host: ep.host });
      return true;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.warn(`GitHub sign-in did not complete: ${message}`);
      if (/cancel/i.test(message)) return false;
      // VS Code's GitHub Enterprise sign-in reads its server from its own setting.
      const needsUri = ep.enterprise && /github-enterprise\.uri/.test(message);
      const text = needsUri
        ? `VS Code's GitHub Enterprise sign-in needs the setting "github-enterprise.uri" set to ${ep.webUrl}. Set it, or use a personal access token instead.`
        : `Could not sign in to ${ep.host} with VS Code's GitHub account: ${message.replace(/\.?\s*$/, '.')} You can use a personal access token instead.`;
      // `detail` is shown by modal messages only, so everything is in the message itself.
      const pick = await vscode.window.showErrorMessage(text, ...(needsUri ? ['Open Setting'] : []), 'Set GitHub Token…');
      if (pick === 'Open Setting') await vscode.commands.executeCommand('workbench.action.openSettings', 'github-enterprise.uri');
      if (pick === 'Set GitHub Token…') return this.setToken();
      return false;
    }
  }

  /**
   * "Set GitHub Token…": asks for a token (or takes `{ token }` from a script, like
   * kata.setApiKey), checks it with GET /user, then stores it.
   */
  async setToken(arg?: unknown): Promise<boolean> {
    const ep = this.endpoints();
    const given = typeof arg === 'object' && arg !== null && typeof (arg as { token?: unknown }).token === 'string' ? (arg as { token: string }).token : undefined;
    if (given !== undefined && tokenShapeProblem(given)) {
      void vscode.window.showErrorMessage(`Kata Cloud: ${tokenShapeProblem(given)}`);
      return false;
    }
    const value = given ?? await vscode.window.showInputBox({
      title: `GitHub Token for ${ep.host}`,
      prompt: 'A personal access token: classic with the "repo" scope, or fine-grained with Pull requests and Contents (read & write). It is kept in VS Code\'s secret storage.',
      placeHolder: 'ghp_… or github_pat_…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => tokenShapeProblem(v),
    });
    if (value === undefined) return false;
    const token = value.trim();
    this.log.remember(token);
    let login: string;
    try {
      login = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking the token with ${ep.host}…` }, async () => (await this.apiFor(token, ep).getViewer()).login);
    } catch (e) {
      const err = toGitHubError(e, { op: 'user', host: ep.host });
      this.log.warn(`Token check failed: ${err.code} ${err.message}`);
      // Not modal, so no `detail`: what to do is part of the message.
      const what = err.code === 'unauthorized' ? `${ep.host} rejected this token (Bad credentials). Nothing was saved.` : `${err.message} Nothing was saved. ${err.remediation}`;
      if (given !== undefined) {
        void vscode.window.showErrorMessage(`Kata Cloud: ${what}`);
        return false;
      }
      const pick = await vscode.window.showErrorMessage(`Kata Cloud: ${what}`, 'Try Again');
      return pick ? this.setToken() : false;
    }
    await this.secrets.store(tokenSecretKey(ep.host), token);
    const pref = this.records.read(GITHUB_AUTH);
    await this.records.write(GITHUB_AUTH, { prefer: 'pat', patLogins: { ...pref.patLogins, [ep.host]: login } });
    this.set({ token, login, source: 'pat', host: ep.host });
    void vscode.window.showInformationMessage(`Kata Cloud: signed in to ${ep.host} as @${login} with a personal access token.`);
    return true;
  }

  async clearToken(): Promise<void> {
    const ep = this.endpoints();
    const had = await this.secrets.get(tokenSecretKey(ep.host));
    await this.secrets.delete(tokenSecretKey(ep.host));
    const pref = this.records.read(GITHUB_AUTH);
    const patLogins = { ...pref.patLogins };
    delete patLogins[ep.host];
    await this.records.write(GITHUB_AUTH, { prefer: 'session', patLogins });
    void vscode.window.showInformationMessage(had ? `Kata Cloud: the GitHub token for ${ep.host} was removed.` : `Kata Cloud: no GitHub token was stored for ${ep.host}.`);
    await this.resolve();
  }

  /**
   * A 401 for the current credentials. Background callers pass `interactive: false`: the view
   * shows the problem, nothing pops up. A user action may prompt once; concurrent failures share
   * that prompt, and another comes only after the cooldown.
   */
  async reportUnauthorized(interactive: boolean): Promise<boolean> {
    const creds = this.creds;
    if (!creds) return false;
    if (!this.rejected) {
      this.rejected = true;
      this.log.warn(`GitHub rejected the ${creds.source === 'pat' ? 'token' : 'session'} for ${creds.host}.`);
      this.emitter.fire();
    }
    if (!interactive) return false;
    if (this.prompting) return this.prompting;
    if (Date.now() - this.lastPrompt < REAUTH_COOLDOWN_MS) return false;
    this.lastPrompt = Date.now();
    this.prompting = (async () => {
      const who = creds.login ? ` (@${creds.login})` : '';
      const pick = await vscode.window.showWarningMessage(
        `${creds.host} rejected your GitHub ${creds.source === 'pat' ? 'token' : 'sign-in'}${who}. It may have expired or been revoked.`,
        'Sign In',
        'Set Token…',
      );
      if (pick === 'Sign In') return this.signIn({ forceNew: 'Your GitHub session is no longer valid. Sign in again to keep using pull requests in Kata Cloud.' });
      if (pick === 'Set Token…') return this.setToken();
      return false;
    })().finally(() => {
      this.prompting = undefined;
    });
    return this.prompting;
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
