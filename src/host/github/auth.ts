// GitHub credentials: VS Code's GitHub account (asked silently at start, interactively only when
// the user says so) or a personal access token in SecretStorage, checked with GET /user before it
// is saved. The last explicit choice comes first, the other is the fallback. A rejected
// credential leads to at most one prompt per cooldown, and never from a background refresh.
import * as vscode from 'vscode';
import { GITHUB_AUTH, tokenSecretKey, tokenShapeProblem } from '../../core/github/authRecords';
import type { GitHubApis } from './apis';
import {
  authProviderId,
  credentialsChanged,
  forgetToken,
  pickCredentials,
  ReauthGate,
  resolvePlan,
  sessionRequest,
  verifyAndStoreToken,
  type Credentials,
  type ReauthOutcome,
  type SessionTrigger,
} from '../../core/github/authPolicy';
import type { GitHubEndpoints } from '../../core/github/remote';
import type { SecretStore } from '../../core/ports';
import type { RecordStore } from '../../core/state/record';
import type { HostLog } from '../log';
import { errorMessage } from '../../core/errorMessage';
import { Disposable } from '../../core/disposable';

export const SCOPES = ['repo', 'read:user'];

export type { Credentials };

export class GitHubAuth extends Disposable {
  private readonly emitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.emitter.event;
  private creds?: Credentials;
  private resolved = false;
  private rejected = false;
  private readonly gate = new ReauthGate();
  private prompting?: Promise<boolean>;
  private generation = 0;

  constructor(
    private readonly secrets: SecretStore,
    private readonly records: RecordStore,
    private readonly log: HostLog,
    private readonly apis: GitHubApis,
  ) {
    super();
    this.register(
      vscode.authentication.onDidChangeSessions((e) => {
        if (e.provider.id === this.providerId()) {
          this.log.info(`GitHub sessions changed (${e.provider.id}); checking the sign-in again.`);
          void this.resolve('sessionsChanged');
        }
      }),
    );
  }

  get current(): Credentials | undefined {
    return this.rejected ? undefined : this.creds;
  }

  /** True when these credentials are the current ones and GitHub rejected them. */
  isRejected(creds: Credentials): boolean {
    return this.rejected && this.creds === creds;
  }

  /** False until the first silent lookup finished. */
  get ready(): boolean {
    return this.resolved;
  }

  private providerId(): string {
    return authProviderId(this.apis.endpoints().enterprise);
  }

  /** Silent: never shows UI. Called at start, on session changes and when the host setting changes. */
  async resolve(trigger: Exclude<SessionTrigger, 'signIn' | 'reauth'> = 'start'): Promise<void> {
    const gen = ++this.generation;
    const ep = this.apis.endpoints();
    const pref = this.records.read(GITHUB_AUTH);
    const token = await this.secrets.get(tokenSecretKey(ep.host));
    const fromPat = token
      ? { token, login: pref.patLogins[ep.host], source: 'pat' as const, host: ep.host }
      : undefined;
    const plan = resolvePlan(pref, !!fromPat);
    const session = plan.askSession ? await this.silentSession(ep, trigger, plan.timeoutMs) : undefined;
    if (gen !== this.generation) return;
    this.set(pickCredentials(pref, fromPat, session));
  }

  private async silentSession(
    ep: GitHubEndpoints,
    trigger: SessionTrigger,
    timeoutMs: number,
  ): Promise<Credentials | undefined> {
    try {
      const session = await Promise.race([
        vscode.authentication.getSession(this.providerId(), SCOPES, sessionRequest(trigger)),
        new Promise<undefined>((r) => setTimeout(() => r(undefined), timeoutMs)),
      ]);
      return session
        ? { token: session.accessToken, login: session.account.label, source: 'session', host: ep.host }
        : undefined;
    } catch (e) {
      // No GitHub auth provider (e.g. a web host without it): the token fallback applies.
      this.log.debug(`No silent GitHub session: ${errorMessage(e)}`);
      return undefined;
    }
  }

  private set(creds: Credentials | undefined): void {
    const changed = credentialsChanged(this.creds, creds, { rejected: this.rejected, resolved: this.resolved });
    this.creds = creds;
    this.rejected = false;
    this.resolved = true;
    if (creds) this.log.remember(creds.token);
    if (changed) {
      this.log.info(
        creds
          ? `GitHub: signed in to ${creds.host}${creds.login ? ` as @${creds.login}` : ''} (${creds.source === 'pat' ? 'personal access token' : 'VS Code account'}).`
          : 'GitHub: not signed in.',
      );
      this.emitter.fire();
    }
  }

  /** "Sign in to GitHub": VS Code's account flow, interactive. */
  async signIn(trigger: 'signIn' | 'reauth' = 'signIn'): Promise<boolean> {
    const ep = this.apis.endpoints();
    try {
      const session = await vscode.authentication.getSession(this.providerId(), SCOPES, sessionRequest(trigger));
      if (!session) return false;
      await this.records.write(GITHUB_AUTH, { ...this.records.read(GITHUB_AUTH), prefer: 'session' });
      this.set({ token: session.accessToken, login: session.account.label, source: 'session', host: ep.host });
      return true;
    } catch (e) {
      const message = errorMessage(e);
      this.log.warn(`GitHub sign-in did not complete: ${message}`);
      if (/cancel/i.test(message)) return false;
      // VS Code's GitHub Enterprise sign-in reads its server from its own setting.
      const needsUri = ep.enterprise && /github-enterprise\.uri/.test(message);
      const text = needsUri
        ? vscode.l10n.t(
            'VS Code\'s GitHub Enterprise sign-in needs the setting "github-enterprise.uri" set to {0}. Set it, or use a personal access token instead.',
            ep.webUrl,
          )
        : vscode.l10n.t(
            "Could not sign in to {0} with VS Code's GitHub account: {1} You can use a personal access token instead.",
            ep.host,
            message.replace(/\.?\s*$/, '.'),
          );
      const openSetting = vscode.l10n.t('Open Setting');
      const setToken = vscode.l10n.t('Set GitHub Token…');
      // `detail` is shown by modal messages only, so everything is in the message itself.
      const pick = await vscode.window.showErrorMessage(text, ...(needsUri ? [openSetting] : []), setToken);
      if (pick === openSetting)
        await vscode.commands.executeCommand('workbench.action.openSettings', 'github-enterprise.uri');
      if (pick === setToken) return this.setToken();
      return false;
    }
  }

  /**
   * "Set GitHub Token…": asks for a token (or takes `{ token }` from a script, like Set API Key…),
   * checks it with GET /user, then stores it.
   */
  async setToken(arg?: unknown): Promise<boolean> {
    const ep = this.apis.endpoints();
    const given =
      typeof arg === 'object' && arg !== null && typeof (arg as { token?: unknown }).token === 'string'
        ? (arg as { token: string }).token
        : undefined;
    const shape = given === undefined ? undefined : tokenShapeProblem(given);
    if (shape) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Kata Cloud: {0}', shape));
      return false;
    }
    const value =
      given ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('GitHub Token for {0}', ep.host),
        prompt: vscode.l10n.t(
          'A personal access token: classic with the "repo" scope, or fine-grained with Pull requests and Contents (read & write). It is kept in VS Code\'s secret storage.',
        ),
        placeHolder: vscode.l10n.t('{0} or {1}', 'ghp_…', 'github_pat_…'),
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => tokenShapeProblem(v),
      }));
    if (value === undefined) return false;
    const token = value.trim();
    this.log.remember(token);
    const check = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the token with {0}…', ep.host) },
      () =>
        verifyAndStoreToken({ secrets: this.secrets, records: this.records }, this.apis.for(token, ep), ep.host, token),
    );
    if (!check.ok) {
      this.log.warn(`Token check failed: ${check.error.code} ${check.error.message}`);
      if (given !== undefined) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Kata Cloud: {0}', check.message));
        return false;
      }
      const pick = await vscode.window.showErrorMessage(
        vscode.l10n.t('Kata Cloud: {0}', check.message),
        vscode.l10n.t('Try Again'),
      );
      return pick ? this.setToken() : false;
    }
    const login = check.login;
    this.set({ token, login, source: 'pat', host: ep.host });
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Kata Cloud: signed in to {0} as @{1} with a personal access token.', ep.host, login),
    );
    return true;
  }

  async clearToken(): Promise<void> {
    const ep = this.apis.endpoints();
    const had = await forgetToken({ secrets: this.secrets, records: this.records }, ep.host);
    void vscode.window.showInformationMessage(
      had
        ? vscode.l10n.t('Kata Cloud: the GitHub token for {0} was removed.', ep.host)
        : vscode.l10n.t('Kata Cloud: no GitHub token was stored for {0}.', ep.host),
    );
    await this.resolve('tokenCleared');
  }

  /**
   * A 401 for the current credentials. Background callers pass `interactive: false`: the view
   * shows the problem, nothing pops up. A user action may prompt once; concurrent failures share
   * that prompt, and another comes only after the cooldown. Resolves with what happened and
   * whether the user is signed in again.
   */
  async reportUnauthorized(interactive: boolean): Promise<{ outcome: ReauthOutcome; signedIn: boolean }> {
    const creds = this.creds;
    const outcome = this.gate.decide(interactive, !!creds);
    if (!creds) return { outcome, signedIn: false };
    if (!this.rejected) {
      this.rejected = true;
      this.log.warn(`GitHub rejected the ${creds.source === 'pat' ? 'token' : 'session'} for ${creds.host}.`);
      this.emitter.fire();
    }
    if (outcome === 'joined' && this.prompting) return { outcome, signedIn: await this.prompting };
    if (outcome !== 'prompted') {
      if (outcome === 'cooldown')
        this.log.info(`GitHub: not asking to sign in again (asked less than ${this.gate.cooldownMs / 1000} s ago).`);
      return { outcome, signedIn: false };
    }
    this.log.info(`GitHub: asking to sign in to ${creds.host} again.`);
    this.prompting = (async () => {
      const signIn = vscode.l10n.t('Sign In');
      const setToken = vscode.l10n.t('Set Token…');
      const pick = await vscode.window.showWarningMessage(rejectedText(creds), signIn, setToken);
      if (pick === signIn) return this.signIn('reauth');
      if (pick === setToken) return this.setToken();
      return false;
    })().finally(() => {
      this.prompting = undefined;
      this.gate.closed();
    });
    return { outcome, signedIn: await this.prompting };
  }
}

/** What the user is told when GitHub turns the current credentials down. */
function rejectedText(creds: Credentials): string {
  const { host, login } = creds;
  if (creds.source === 'pat')
    return login
      ? vscode.l10n.t('{0} rejected your GitHub token (@{1}). It may have expired or been revoked.', host, login)
      : vscode.l10n.t('{0} rejected your GitHub token. It may have expired or been revoked.', host);
  return login
    ? vscode.l10n.t('{0} rejected your GitHub sign-in (@{1}). It may have expired or been revoked.', host, login)
    : vscode.l10n.t('{0} rejected your GitHub sign-in. It may have expired or been revoked.', host);
}
