// A space's worktree as a GitRepository for the Create Pull Request flow, backed by the git CLI
// (src/core/spaces/worktreeGit.ts). Used when the Git extension does not have that worktree open
// (a space shown in another window, or the Git extension turned off); the flow then reads, commits,
// pushes and fetches in the space's folder, not in the window's.
import * as vscode from 'vscode';
import type { GitRunner } from '../../core/spaces/git';
import {
  commitStaged,
  fetchRef,
  pushBranch,
  readWorktreeState,
  type WorktreeState,
} from '../../core/spaces/worktreeGit';
import type { GitBranch, GitRepository, GitRepositoryState } from './git';

const unsupported = (what: string) => () =>
  Promise.reject(new Error(`${what} is not available for a space's worktree here.`));

/** The Git extension's view of a repository's state, from the last read of the worktree. */
class CliState implements GitRepositoryState {
  last?: WorktreeState;
  readonly workingTreeChanges = [];
  constructor(private readonly rootUri: vscode.Uri) {}

  get HEAD(): GitBranch | undefined {
    const s = this.last;
    if (!s?.head) return undefined;
    return { type: 0, name: s.branch, commit: s.head, upstream: s.upstream, ahead: s.ahead, behind: s.behind };
  }

  get remotes() {
    return (this.last?.remotes ?? []).map((r) => ({ ...r, isReadOnly: false }));
  }

  /** The flow reads the count; the sample's paths stand in for the rest. */
  get indexChanges() {
    const s = this.last;
    if (!s) return [];
    const out = s.staged.map((p) => ({ uri: vscode.Uri.joinPath(this.rootUri, p) }));
    while (out.length < s.stagedCount) out.push({ uri: this.rootUri });
    return out;
  }

  onDidChange: vscode.Event<void> = () => ({ dispose() {} });
}

export class WorktreeRepository implements GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: CliState;

  private constructor(
    private readonly git: GitRunner,
    readonly root: string,
  ) {
    this.rootUri = vscode.Uri.file(root);
    this.state = new CliState(this.rootUri);
  }

  /** Reads the worktree once, so `state` is filled before the flow looks at it. */
  static async open(git: GitRunner, root: string): Promise<WorktreeRepository> {
    const r = new WorktreeRepository(git, root);
    await r.status();
    return r;
  }

  async status(): Promise<void> {
    this.state.last = await readWorktreeState(this.git, this.root);
  }

  async fetch(options?: { remote?: string; ref?: string }): Promise<void> {
    await fetchRef(this.git, this.root, options?.remote ?? 'origin', options?.ref);
  }

  async push(remote = 'origin', branch?: string): Promise<void> {
    const b = branch ?? this.state.last?.branch;
    if (!b) throw new Error(vscode.l10n.t('HEAD is detached: there is no branch to push.'));
    await pushBranch(this.git, this.root, remote, b);
    await this.status();
  }

  async commit(message: string): Promise<void> {
    await commitStaged(this.git, this.root, message);
    await this.status();
  }

  checkout = unsupported('Checkout');
  createBranch = unsupported('Creating a branch');
  setBranchUpstream = unsupported('Setting an upstream');
  getBranch = unsupported('Reading a branch');
}
