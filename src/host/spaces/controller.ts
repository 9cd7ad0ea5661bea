// The Spaces feature's state: which repository this window belongs to (from its folder, through
// git), the rows git reports (core SpacesRepo), what is running on them (creating, switching,
// removing, failed), and when git is read again (GitWatch, coalesced by the core scheduler).
// The view and the commands read from here; nothing here draws.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { CONTEXT_KEYS, setContext } from '../commands';
import type { SpacesViewState } from '../contextKeys';
import type { Services } from '../services';
import { SpaceError, isSpaceError } from '../../core/spaces/errors';
import { execGit } from '../../core/spaces/git';
import { SpaceMetaStore } from '../../core/spaces/meta';
import type { Lifecycle } from '../../core/spaces/present';
import { SpacesRepo, type SpaceRow } from '../../core/spaces/repo';
import { RefreshScheduler, type Dirty } from '../../core/spaces/schedule';
import { parseTasks, progress } from '../../core/spec/tasks';
import { SPEC_PATH } from '../../core/spec/template';
import { GitWatch } from './watch';
import { errorMessage } from '../../core/errorMessage';
import { Disposable } from '../../core/disposable';
import { UserError } from '../../core/userError';

/** A row being created has no worktree yet: the view shows it under its task name. */
export interface PendingSpace extends Lifecycle {
  key: string;
  name: string;
}

/** Spaces run git in the workspace's folder: not before the user trusts it. */
export class UntrustedError extends UserError {
  constructor() {
    super({
      code: 'untrusted',
      message: vscode.l10n.t('Spaces run git in this folder, so they need a trusted workspace.'),
      actions: ['manageTrust'],
      severity: 'warning',
    });
    this.name = 'UntrustedError';
  }
}

export interface RefreshFigures {
  worktrees: number;
  gitProcesses: number;
  ms: number;
  /** Refresh requests (file events, saves, commands) since the previous refresh, coalesced into this one. */
  requests: number;
}

const real = (p: string): string => {
  try {
    return realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
};

const inside = (file: string, dir: string): boolean => file === dir || file.startsWith(dir + path.sep);

export class SpacesController extends Disposable {
  readonly meta: SpaceMetaStore;
  private readonly git = execGit();
  private repo?: SpacesRepo;
  private opening?: Promise<SpacesRepo | undefined>;
  private viewState: SpacesViewState = 'loading';
  private problem?: string;
  private readonly lifecycle = new Map<string, Lifecycle>();
  private readonly pendingRows = new Map<string, PendingSpace>();
  private readonly specOverlay = new Map<string, SpaceRow['spec']>();
  private readonly emitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.emitter.event;
  private readonly scheduler = this.register(new RefreshScheduler((d) => this.runRefresh(d), 400));
  private watch?: GitWatch;
  private folder?: string;
  private shownCurrent?: SpaceRow;
  private stale = true;
  private forced = false;
  private requestsSeen = 0;
  lastRefresh?: RefreshFigures;
  /** Whether anyone shows the rows; while not, refreshes wait until someone does. */
  isVisible: () => boolean = () => true;

  constructor(private readonly s: Services) {
    super();
    this.meta = new SpaceMetaStore(s.records);
    for (const d of [
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reset()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reset()),
      vscode.window.onDidChangeWindowState((w) => {
        if (w.focused) this.request('all');
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.onSpecEdited(e.document)),
      vscode.workspace.onDidSaveTextDocument((d) => {
        this.specOverlay.delete(path.dirname(path.dirname(d.uri.fsPath)));
        this.requestFor(d.uri.fsPath);
      }),
    ])
      this.register(d);
    this.onDispose(() => {
      clearTimeout(this.specTimer);
      this.watch?.dispose();
    });
  }

  get state(): SpacesViewState {
    return this.viewState;
  }

  get rows(): readonly SpaceRow[] {
    const rows = this.repo?.current ?? [];
    if (!this.specOverlay.size) return rows;
    return rows.map((r) => (this.specOverlay.has(r.path) ? { ...r, spec: this.specOverlay.get(r.path) } : r));
  }

  get pending(): readonly PendingSpace[] {
    return [...this.pendingRows.values()];
  }

  get repository(): SpacesRepo | undefined {
    return this.repo;
  }

  get gitRunner() {
    return this.git;
  }

  lifecycleOf(p: string): Lifecycle | undefined {
    return this.lifecycle.get(p);
  }

  /** The space (or main checkout) this window shows: the row whose folder holds this window's folder. */
  currentRow(): SpaceRow | undefined {
    const f = this.folder;
    if (!f) return undefined;
    let best: SpaceRow | undefined;
    for (const r of this.rows) if (inside(f, r.path) && (!best || r.path.length > best.path.length)) best = r;
    return best;
  }

  /** The row a command argument names: a tree node, a path, a Uri; undefined when none matches. */
  rowFor(arg: unknown): SpaceRow | undefined {
    let p: string | undefined;
    if (typeof arg === 'string') p = arg;
    else if (arg instanceof vscode.Uri) p = arg.fsPath;
    else if (arg && typeof arg === 'object' && typeof (arg as { path?: unknown }).path === 'string')
      p = (arg as { path: string }).path;
    if (!p) return undefined;
    const rp = real(p);
    return this.rows.find((r) => r.path === p || r.path === rp);
  }

  start(): void {
    void this.ensureRepo();
  }

  /** The repository, opened on first use; undefined (with the view saying why) when there is none. */
  async ensureRepo(): Promise<SpacesRepo | undefined> {
    if (this.repo) return this.repo;
    this.opening ??= this.open().finally(() => (this.opening = undefined));
    return this.opening;
  }

  /** Like ensureRepo, for commands: throws what the user has to fix. */
  async requireRepo(): Promise<SpacesRepo> {
    const repo = await this.ensureRepo();
    if (repo) return repo;
    if (this.viewState === 'untrusted') throw new UntrustedError();
    if (this.viewState === 'noFolder')
      throw new SpaceError('not_repository', vscode.l10n.t('Open a folder in a git repository first.'));
    throw new SpaceError(
      this.viewState === 'noGit' ? 'git_missing' : 'not_repository',
      this.problem ?? vscode.l10n.t('This folder is not in a git repository.'),
      this.viewState === 'noGit' ? ['installGit'] : [],
    );
  }

  private async open(): Promise<SpacesRepo | undefined> {
    if (!vscode.workspace.isTrusted) return this.setState('untrusted');
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    if (!folder) return this.setState('noFolder');
    this.folder = real(folder.uri.fsPath);
    const deps = { git: this.git, meta: this.meta, log: this.s.log };
    try {
      let repo = await SpacesRepo.open(deps, this.folder);
      // git runs from the main checkout: a space's folder can be removed under this window.
      const main = (await repo.worktrees())[0];
      if (main && main.path !== repo.top && existsSync(main.path)) repo = await SpacesRepo.open(deps, main.path);
      this.repo = repo;
      this.watch?.dispose();
      this.watch = new GitWatch(repo.commonDir, (what) => this.request(what), this.s.log);
      this.watch.onWorkspaceFile = (file) => this.requestFor(file);
      this.request('all', true);
      return repo;
    } catch (e) {
      if (!isSpaceError(e)) throw e;
      this.s.log.info(`Spaces: ${e.message}`);
      return this.setState(e.code === 'git_missing' || e.code === 'git_too_old' ? 'noGit' : 'noRepo', e.message);
    }
  }

  private setState(state: SpacesViewState, problem?: string): undefined {
    const changed = state !== this.viewState || problem !== this.problem;
    this.viewState = state;
    this.problem = problem;
    if (changed) setContext(CONTEXT_KEYS.spacesState, state);
    this.emitter.fire();
    return undefined;
  }

  private reset(): void {
    this.repo = undefined;
    this.watch?.dispose();
    this.watch = undefined;
    this.lifecycle.clear();
    void this.ensureRepo();
  }

  /** Asks for a refresh: 'all' re-reads every worktree's status, a path only that one's. */
  request(what: string | 'all', immediate = false): void {
    if (!this.repo) return;
    this.scheduler.request(what, immediate);
  }

  /** A file changed on disk: its worktree's status is stale. */
  requestFor(file: string): void {
    const row = this.rows.filter((r) => inside(file, r.path)).sort((a, b) => b.path.length - a.path.length)[0];
    if (row) this.request(row.path);
  }

  /** Refreshes now and resolves once git was read (for commands and after changes we made). */
  async refreshNow(what: string | 'all' = 'all'): Promise<void> {
    if (!(await this.ensureRepo())) return;
    this.forced = true;
    this.scheduler.request(what, true);
    await this.scheduler.idle();
  }

  /** The view became visible: catch up on what happened while nobody looked. */
  shown(): void {
    if (this.stale) this.request('all', true);
  }

  private async runRefresh(dirty: Dirty): Promise<void> {
    const repo = this.repo;
    if (!repo) return;
    if (!this.isVisible() && !this.forced) {
      // Nobody looks: remember to catch up when the view is shown or a command needs the rows.
      this.stale = true;
      return;
    }
    this.forced = false;
    const spawned = this.git.spawned();
    const t0 = performance.now();
    this.watch?.beforeRefresh();
    try {
      await repo.refresh(dirty);
    } catch (e) {
      this.s.log.warn(`Spaces refresh failed: ${errorMessage(e)}`);
      if (isSpaceError(e) && !existsSync(repo.top)) return this.reset();
    }
    this.stale = false;
    const rows = repo.current;
    this.lastRefresh = {
      worktrees: rows.length,
      gitProcesses: this.git.spawned() - spawned,
      ms: performance.now() - t0,
      requests: this.scheduler.requests - this.requestsSeen,
    };
    this.requestsSeen = this.scheduler.requests;
    const f = this.lastRefresh;
    this.s.log.info(
      `Spaces refresh: ${f.worktrees} worktree(s), ${f.gitProcesses} git process(es), ${f.ms.toFixed(0)} ms, ${f.requests} request(s).`,
    );
    this.watch?.afterRefresh(rows.map((r) => r.path));
    for (const p of this.lifecycle.keys())
      if (this.lifecycle.get(p)?.state !== 'failed' && !rows.some((r) => r.path === p)) this.lifecycle.delete(p);
    this.setState(rows.length > 1 || this.pendingRows.size ? 'ready' : 'empty');
    this.checkCurrentRemoved();
  }

  /** When the space this window shows is removed (here or elsewhere), say so and offer the main checkout. */
  private checkCurrentRemoved(): void {
    const cur = this.currentRow();
    const before = this.shownCurrent;
    this.shownCurrent = cur;
    if (!before || before.isMain || cur || existsSync(before.path)) return;
    const main = this.rows.find((r) => r.isMain);
    void vscode.window
      .showWarningMessage(
        vscode.l10n.t('The space "{0}" shown in this window was removed.', before.name),
        ...(main ? [vscode.l10n.t('Open Main Checkout')] : []),
      )
      .then((pick) => {
        if (pick && main) void vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(main.path));
      });
  }

  /** Space metadata changed without git knowing (a linked pull request's state): rows re-read it. */
  metaChanged(): void {
    this.repo?.refreshMeta();
    this.emitter.fire();
  }

  setLifecycle(p: string, l: Lifecycle | undefined): void {
    if (l) this.lifecycle.set(p, l);
    else this.lifecycle.delete(p);
    this.emitter.fire();
  }

  setPending(p: PendingSpace | undefined, key?: string): void {
    if (p) this.pendingRows.set(p.key, p);
    else if (key) this.pendingRows.delete(key);
    if (this.pendingRows.size && this.viewState === 'empty') this.setState('ready');
    else this.emitter.fire();
  }

  /** Spec counts follow the editor as it changes (no git): parsed once the typing pauses. */
  private specTimer?: ReturnType<typeof setTimeout>;
  private onSpecEdited(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' || !doc.uri.fsPath.endsWith(path.join(...SPEC_PATH.split('/')))) return;
    const root = path.dirname(path.dirname(doc.uri.fsPath));
    const row = this.rowFor(root);
    if (!row) return;
    if (this.specTimer) clearTimeout(this.specTimer);
    this.specTimer = setTimeout(() => {
      if (doc.isDirty) {
        const tasks = parseTasks(doc.getText());
        this.specOverlay.set(row.path, { ...progress(tasks), tasks });
      } else this.specOverlay.delete(row.path);
      this.emitter.fire();
    }, 300);
  }
}
