// The repository, from the built-in Git extension's API. The extension is looked up defensively
// (no `extensionDependencies`): without it, or with `git.enabled: false`, Kata Cloud still
// activates and the Pull Requests view says why it is empty.
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import { Disposable } from '../../core/disposable';

// The subset of the Git extension's API (extensions/git/src/api/git.d.ts, version 1) used here.
export interface GitRef {
  type: number;
  name?: string;
  commit?: string;
  remote?: string;
}
export interface GitBranch extends GitRef {
  upstream?: { remote: string; name: string; commit?: string };
  ahead?: number;
  behind?: number;
}
export interface GitRemoteInfo {
  name: string;
  fetchUrl?: string;
  pushUrl?: string;
  isReadOnly: boolean;
}
export interface GitChange {
  uri: vscode.Uri;
}
export interface GitRepositoryState {
  HEAD: GitBranch | undefined;
  remotes: GitRemoteInfo[];
  indexChanges: GitChange[];
  workingTreeChanges: GitChange[];
  onDidChange: vscode.Event<void>;
}
export interface GitRepository {
  rootUri: vscode.Uri;
  state: GitRepositoryState;
  status(): Promise<void>;
  fetch(options?: { remote?: string; ref?: string; depth?: number }): Promise<void>;
  push(remoteName?: string, branchName?: string, setUpstream?: boolean): Promise<void>;
  commit(message: string, opts?: { all?: boolean | 'tracked' }): Promise<void>;
  checkout(treeish: string): Promise<void>;
  createBranch(name: string, checkout: boolean, ref?: string): Promise<void>;
  setBranchUpstream(name: string, upstream: string): Promise<void>;
  getBranch(name: string): Promise<GitBranch>;
}
export interface GitApi {
  state: 'uninitialized' | 'initialized';
  onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  git: { path: string };
  repositories: GitRepository[];
  onDidOpenRepository: vscode.Event<GitRepository>;
  onDidCloseRepository: vscode.Event<GitRepository>;
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtensionExports {
  enabled: boolean;
  onDidChangeEnablement: vscode.Event<boolean>;
  getAPI(version: 1): GitApi;
}

export type GitAvailability =
  { kind: 'ready'; api: GitApi } | { kind: 'missing' } | { kind: 'disabled' } | { kind: 'failed'; message: string };

/**
 * Tracks the Git extension: available or not, and every repository it opens or closes.
 * `onDidChange` fires on any of those and on a change inside a repository (branch, remotes).
 */
export class GitRepositories extends Disposable {
  private readonly emitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.emitter.event;
  private readonly repoSubs = new Map<GitRepository, vscode.Disposable>();
  private availability: GitAvailability = { kind: 'missing' };
  private started?: Promise<void>;

  constructor() {
    super();
    this.onDispose(() => {
      for (const s of this.repoSubs.values()) s.dispose();
    });
  }

  get status(): GitAvailability {
    return this.availability;
  }

  /** Activates the Git extension if needed; resolves once its API is initialised (or unavailable). */
  start(): Promise<void> {
    this.started ??= this.connect();
    return this.started;
  }

  private async connect(): Promise<void> {
    const ext = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
    if (!ext) {
      this.availability = { kind: 'missing' };
      this.emitter.fire();
      return;
    }
    try {
      const exports = ext.isActive ? ext.exports : await ext.activate();
      // Turning git.enabled on fires this before the API is complete (the Git extension sets its
      // model before its clone manager, and getAPI needs both): attach on the next turn.
      this.register(
        exports.onDidChangeEnablement(() =>
          setTimeout(() => this.attach(exports).catch((e: unknown) => this.fail(e)), 0),
        ),
      );
      await this.attach(exports);
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    this.availability = { kind: 'failed', message: errorMessage(e) };
    this.emitter.fire();
  }

  private async attach(exports: GitExtensionExports): Promise<void> {
    if (!exports.enabled) {
      this.availability = { kind: 'disabled' };
      this.emitter.fire();
      return;
    }
    const api = exports.getAPI(1);
    this.availability = { kind: 'ready', api };
    if (api.state !== 'initialized') {
      await new Promise<void>((resolve) => {
        const sub = api.onDidChangeState((s) => {
          if (s === 'initialized') {
            sub.dispose();
            resolve();
          }
        });
        // Never wait forever on a Git extension that does not initialise.
        setTimeout(() => {
          sub.dispose();
          resolve();
        }, 15_000);
      });
    }
    for (const r of api.repositories) this.watch(r);
    this.register(
      api.onDidOpenRepository((r) => {
        this.watch(r);
        this.emitter.fire();
      }),
    );
    this.register(
      api.onDidCloseRepository((r) => {
        this.repoSubs.get(r)?.dispose();
        this.repoSubs.delete(r);
        this.emitter.fire();
      }),
    );
    this.emitter.fire();
  }

  private watch(repo: GitRepository): void {
    if (this.repoSubs.has(repo)) return;
    // A repository's state changes often (every file save): only a new branch or new remotes matter here.
    let last = signature(repo);
    this.repoSubs.set(
      repo,
      repo.state.onDidChange(() => {
        const now = signature(repo);
        if (now !== last) {
          last = now;
          this.emitter.fire();
        }
      }),
    );
  }

  get api(): GitApi | undefined {
    return this.availability.kind === 'ready' ? this.availability.api : undefined;
  }

  /** The repository of the active editor, else the first one (in workspace folder order). */
  current(): GitRepository | undefined {
    const api = this.api;
    if (!api || api.repositories.length === 0) return undefined;
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === 'file') {
      const r = api.getRepository(active);
      if (r) return r;
    }
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const f of folders) {
      const r = api.repositories.find((x) => x.rootUri.fsPath === f.uri.fsPath) ?? api.getRepository(f.uri);
      if (r) return r;
    }
    return api.repositories[0];
  }
}

function signature(repo: GitRepository): string {
  const h = repo.state.HEAD;
  const remotes = repo.state.remotes.map((r) => `${r.name}=${r.fetchUrl ?? ''}`).join(',');
  return `${h?.name ?? ''}@${h?.upstream?.remote ?? ''}/${h?.upstream?.name ?? ''}|${remotes}`;
}
