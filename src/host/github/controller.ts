// Ties the GitHub pieces together: which repository (Git extension), which account (auth), which
// host (setting), and when the Pull Requests view fetches. The view's welcome content is driven
// by the view's state context key, so an empty view always says why it is empty.
import * as vscode from 'vscode';
import { CONTEXT_KEYS, setContext } from '../commands';
import type { GitHubViewState } from '../contextKeys';
import type { GitHubApi } from '../../core/github/api';
import { afterAuthChange, type ReauthOutcome } from '../../core/github/authPolicy';
import { GitHubError } from '../../core/github/errors';
import { localError } from '../../core/github/localErrors';
import { PullRequestList } from '../../core/github/prList';
import type { CategoryId } from '../../core/github/prQuery';
import { selectRemotes, type GitHubEndpoints, type RemoteSelection } from '../../core/github/remote';
import { SETTINGS } from '../../core/settings/table';
import { PullRequestsView, isPrNode } from './prsView';
import type { Services } from '../services';
import { GitHubAuth, type Credentials } from './auth';
import { openWebLink, showError } from '../notify';
import { GitRepositories, type GitRepository } from './git';
import { GitHubApis } from './apis';
import { processErrorMessage } from '../../core/errorMessage';
import { Disposable } from '../../core/disposable';
import { UserError } from '../../core/userError';
import { execGit } from '../../core/spaces/git';
import { WorktreeRepository } from './worktreeRepository';

const BACKGROUND_EVERY_MS = 5 * 60_000;
const STALE_ON_SHOW_MS = 60_000;
const TICK_MS = 30_000;

export interface PrViewSummary {
  state: GitHubViewState;
  problem?: string;
  repo?: string;
  login?: string;
  error?: string;
  counts?: Record<string, number>;
  /** What a 401 during this command led to (a prompt, or why not). */
  reauth?: ReauthOutcome;
}

export interface RepoContext {
  repo: GitRepository;
  selection: RemoteSelection;
  endpoints: GitHubEndpoints;
}

export class GitHubController extends Disposable {
  readonly git = this.register(new GitRepositories());
  readonly auth: GitHubAuth;
  readonly list: PullRequestList;
  readonly view: PullRequestsView;
  private state: GitHubViewState = 'loading';
  private problem?: string;
  private context?: RepoContext;
  readonly apis: GitHubApis;
  private timer?: ReturnType<typeof setInterval>;
  private pauseTimer?: ReturnType<typeof setTimeout>;
  private lastLogin?: string;
  private published = false;

  constructor(private readonly s: Services) {
    super();
    this.apis = new GitHubApis(s);
    this.auth = new GitHubAuth(s.secrets, s.records, s.log, this.apis);
    this.list = new PullRequestList(s.records, s.log);
    this.view = new PullRequestsView(this.list);
    for (const d of [
      this.auth,
      this.view,
      this.list,
      this.git.onDidChange(() => this.evaluate()),
      this.auth.onDidChange(() => this.onAuthChanged()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.evaluate()),
      vscode.window.onDidChangeActiveTextEditor(() => this.evaluate()),
      s.config.onDidChange((e) => {
        if (e.affects('github')) {
          this.apis.clear();
          this.list.clear();
          void this.auth.resolve('settingChanged');
          this.evaluate();
        }
      }),
      this.view.tree.onDidChangeVisibility((e) => {
        if (e.visible) this.maybeRefresh(STALE_ON_SHOW_MS);
      }),
      this.list.onDidChange(() => this.onListChanged()),
    ])
      this.register(d);
    this.timer = setInterval(() => {
      if (vscode.window.state.focused) this.maybeRefresh(BACKGROUND_EVERY_MS);
    }, TICK_MS);
    this.onDispose(() => {
      clearInterval(this.timer);
      clearTimeout(this.pauseTimer);
    });
  }

  /** Starts the silent lookups (Git extension, GitHub session) without holding up activation. */
  start(): void {
    this.setState('loading');
    void this.git.start().then(() => this.evaluate());
    void this.auth.resolve().then(() => this.evaluate());
  }

  endpoints(): GitHubEndpoints {
    return this.apis.endpoints();
  }

  /** The API for the current credentials, if signed in. */
  api(): { api: GitHubApi; creds: Credentials } | undefined {
    const creds = this.auth.current;
    return creds ? { api: this.apis.for(creds.token), creds } : undefined;
  }

  /** Where we are, for the create flow: the repository and its GitHub remotes, or why not. */
  async repoContext(): Promise<{ ok: true; ctx: RepoContext } | { ok: false; error: GitHubError }> {
    await this.git.start();
    this.evaluate();
    if (this.context) return { ok: true, ctx: this.context };
    switch (this.state) {
      case 'noFolder':
        return { ok: false, error: localError('no_folder') };
      case 'noGit':
        return { ok: false, error: localError('no_git') };
      case 'noRepo':
        return { ok: false, error: localError('no_repository') };
      case 'badSetting':
        return {
          ok: false,
          error: new GitHubError({
            code: 'bad_setting',
            message: this.problem ?? vscode.l10n.t('{0} is not valid.', SETTINGS.githubEnterpriseUrl.key),
            remediation: '',
            actions: ['openSettings'],
          }),
        };
      default:
        return {
          ok: false,
          error: new GitHubError({
            code: 'not_github',
            message: this.problem ?? vscode.l10n.t('No GitHub remote was found.'),
            remediation: vscode.l10n.t(
              'Add a remote on GitHub (git remote add origin …), or set {0} for GitHub Enterprise.',
              SETTINGS.githubEnterpriseUrl.key,
            ),
            actions: ['openSettings'],
          }),
        };
    }
  }

  /**
   * The repository at `root` (a space's worktree, not the window's folder): the Git extension's
   * when it has that folder open (its push carries VS Code's credentials), else one read and
   * pushed through the git CLI.
   */
  async repoContextAt(root: string): Promise<{ ok: true; ctx: RepoContext } | { ok: false; error: GitHubError }> {
    const { problem, endpoints } = this.s.config.values().github;
    if (problem)
      return {
        ok: false,
        error: new GitHubError({
          code: 'bad_setting',
          message: problem,
          remediation: '',
          actions: ['openSettings'],
        }),
      };
    await this.git.start();
    const open = this.git.api?.getRepository(vscode.Uri.file(root));
    let repo: GitRepository;
    try {
      repo =
        open && open.rootUri.fsPath === vscode.Uri.file(root).fsPath
          ? open
          : await WorktreeRepository.open(execGit(this.git.api?.git.path || 'git'), root);
    } catch (e) {
      this.s.log.warn(`Reading ${root} failed: ${processErrorMessage(e)}`);
      return { ok: false, error: localError('no_repository') };
    }
    const sel = selectRemotes(repo.state.remotes, endpoints);
    if (!sel.ok)
      return {
        ok: false,
        error: new GitHubError({
          code: sel.reason,
          message: sel.message,
          remediation:
            sel.reason === 'no_remote'
              ? vscode.l10n.t('Nothing was changed; the space and its commits are as they were.')
              : vscode.l10n.t('Nothing was pushed; the space and its commits are as they were.'),
          actions: sel.reason === 'not_github' ? ['openSettings'] : [],
        }),
      };
    return { ok: true, ctx: { repo, selection: sel.selection, endpoints } };
  }

  private evaluate(): void {
    this.context = undefined;
    const { problem, endpoints } = this.s.config.values().github;
    if (problem) return this.setState('badSetting', problem);
    if (!vscode.workspace.workspaceFolders?.length) return this.setState('noFolder');
    const git = this.git.status;
    if (git.kind === 'missing' || git.kind === 'disabled' || git.kind === 'failed')
      return this.setState('noGit', git.kind === 'failed' ? git.message : undefined);
    const repo = this.git.current();
    if (!repo) return this.setState(this.git.api?.state === 'initialized' ? 'noRepo' : 'loading');
    const sel = selectRemotes(repo.state.remotes, endpoints);
    if (!sel.ok) return this.setState('noRemote', sel.message);
    this.context = { repo, selection: sel.selection, endpoints };
    if (!this.auth.ready) return this.setState('loading');
    if (!this.auth.current) {
      this.list.setTarget(sel.selection.target.ref);
      return this.setState('signedOut');
    }
    this.list.setTarget(sel.selection.target.ref, this.auth.current.login);
    this.setState('ready');
  }

  private setState(state: GitHubViewState, problem?: string): void {
    const changed = state !== this.state || problem !== this.problem || !this.published;
    this.state = state;
    this.problem = problem;
    if (!changed) return;
    this.published = true;
    setContext(CONTEXT_KEYS.githubState, state);
    // Every state but `ready` has welcome content with its buttons, and VS Code hides welcome
    // content while a tree has a message: the detail goes to the log instead.
    if (problem) this.s.log.info(`Pull Requests view: ${problem}`);
    this.view.setReady(state === 'ready');
    if (state === 'ready') this.maybeRefresh(0);
  }

  private onAuthChanged(): void {
    const login = this.auth.current?.login;
    const next = afterAuthChange(this.lastLogin, login);
    if (next.clearList) this.list.clear();
    this.lastLogin = login;
    this.evaluate();
    if (this.state === 'ready') void this.refresh(next.refresh === 'interactive');
  }

  private onListChanged(): void {
    const s = this.list.current;
    if (s.error?.code === 'unauthorized') void this.auth.reportUnauthorized(false);
    // A pause ends by itself: schedule the refresh for the moment GitHub named.
    if (s.pausedUntil && s.pausedUntil > Date.now() && !this.pauseTimer) {
      this.pauseTimer = setTimeout(
        () => {
          this.pauseTimer = undefined;
          this.maybeRefresh(0);
        },
        s.pausedUntil - Date.now() + 500,
      );
    }
  }

  /** Background refresh: only while the view is visible, when the data is older than `maxAge`. */
  private maybeRefresh(maxAge: number): void {
    if (this.state !== 'ready' || !this.view.tree.visible) return;
    const s = this.list.current;
    const age = s.snapshot ? Date.now() - s.snapshot.fetchedAt : Infinity;
    if (s.fromCache || !s.snapshot || age >= maxAge) void this.refresh(false);
  }

  async refresh(interactive: boolean): Promise<PrViewSummary> {
    // Not ready: the view's welcome content already says why (no folder, no git, no GitHub
    // remote, signed out); a popup on top would only repeat it.
    if (this.state !== 'ready') return this.summary();
    const a = this.api();
    if (!a) return this.summary();
    if (this.list.isPaused()) {
      if (interactive && this.list.current.error)
        void showError(this.list.current.error, this.s.log, { context: 'GitHub' });
      return this.summary();
    }
    await this.list.refresh(a.api);
    const reauth =
      interactive && this.wasRejected(a.creds) ? (await this.auth.reportUnauthorized(true)).outcome : undefined;
    return { ...this.summary(), ...(reauth ? { reauth } : {}) };
  }

  /**
   * Whether the request just made with `creds` got a 401. The list's own listener has already
   * marked them rejected by then, which signs the view out and clears the list with its error,
   * so the list alone cannot tell.
   */
  private wasRejected(creds: Credentials): boolean {
    return this.list.current.error?.code === 'unauthorized' || this.auth.isRejected(creds);
  }

  /** What the view shows, for scripts and the in-host tests (no token, no PR bodies). */
  summary(): PrViewSummary {
    const s = this.list.current;
    return {
      state: this.state,
      problem: this.problem,
      repo: s.ref ? `${s.ref.owner}/${s.ref.repo}` : undefined,
      login: this.auth.current?.login,
      error: s.error?.code,
      counts: s.snapshot
        ? Object.fromEntries(Object.entries(s.snapshot.categories).map(([k, v]) => [k, v.items.length]))
        : undefined,
    };
  }

  async loadMore(category: unknown): Promise<void> {
    const cat = (
      typeof category === 'object' && category !== null ? (category as { category?: unknown }).category : category
    ) as CategoryId;
    const a = this.api();
    if (!a || !['review', 'assigned', 'created', 'all'].includes(cat)) return;
    await this.list.loadMore(a.api, cat);
    if (this.wasRejected(a.creds)) await this.auth.reportUnauthorized(true);
  }

  async open(node: unknown): Promise<void> {
    if (!isPrNode(node))
      return void vscode.window.showInformationMessage(
        vscode.l10n.t('Kata Cloud: pick a pull request in the Pull Requests view to open it.'),
      );
    await openWebLink(node.pr.url);
  }

  async copyLink(node: unknown): Promise<void> {
    if (!isPrNode(node)) return;
    await vscode.env.clipboard.writeText(node.pr.url);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', node.pr.url), 3000);
  }

  async checkout(node: unknown): Promise<void> {
    if (!isPrNode(node)) return;
    const r = await this.repoContext();
    if (!r.ok) return showError(r.error, this.s.log, { context: 'GitHub' });
    const { repo, selection } = r.ctx;
    const pr = node.pr;
    const remote = selection.target.remote;
    // A fork's branch is not on our remote: GitHub keeps every PR head at refs/pull/N/head.
    const local = pr.isCrossRepository ? `pr/${pr.number}-${pr.headRefName}` : pr.headRefName;
    try {
      await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Checking out #{0} ({1})…', pr.number, local),
        },
        async () => {
          const exists = await repo.getBranch(local).then(
            () => true,
            () => false,
          );
          if (exists) {
            await repo.checkout(local);
          } else if (pr.isCrossRepository) {
            await repo.fetch({ remote, ref: `refs/pull/${pr.number}/head:refs/heads/${local}` });
            await repo.checkout(local);
          } else {
            await repo.fetch({ remote, ref: pr.headRefName });
            await repo.createBranch(local, true, `${remote}/${pr.headRefName}`);
            await repo.setBranchUpstream(local, `${remote}/${pr.headRefName}`);
          }
        },
      );
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Checked out #{0} on {1}', pr.number, local), 4000);
    } catch (e) {
      const msg = processErrorMessage(e);
      this.s.log.warn(`Checkout of #${pr.number} failed: ${msg}`);
      const message = vscode.l10n.t('Kata Cloud: could not check out #{0}: {1}', pr.number, msg.split('\n')[0]);
      const failed = new UserError({ code: 'checkout_failed', message, actions: ['openLog'], verbatim: true });
      void showError(failed, this.s.log, { context: 'GitHub' });
    }
  }
}
