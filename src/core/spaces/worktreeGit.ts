// A space's own worktree as "Create Pull Request…" needs it, through the git CLI: the window's Git
// extension may not have that worktree open, or may be turned off. Two processes read it (status
// with the branch and its upstream, and the remotes' configured addresses); push, commit and fetch act on it. A push is
// never forced: a rejected push loses nothing and says how to catch up.
import { processErrorMessage } from '../errorMessage';
import { gitReason } from './errors';
import type { GitRunner } from './git';
import { parseStatusV2 } from './porcelain';
import { t } from '../l10n';

export interface WorktreeRemote {
  name: string;
  fetchUrl?: string;
  pushUrl?: string;
}

export interface WorktreeState {
  branch?: string;
  head?: string;
  upstream?: { remote: string; name: string };
  /** Against the upstream; 0 without one. */
  ahead: number;
  behind: number;
  remotes: WorktreeRemote[];
  /** Staged paths (a sample of at most 20; `stagedCount` is exact). */
  staged: string[];
  stagedCount: number;
}

/**
 * `git config --get-regexp ^remote\..*\.(url|pushurl)$`: the addresses as configured. Not `git
 * remote -v`, which shows them after url.<base>.insteadOf rewriting, so a GitHub remote mapped to
 * a mirror would no longer look like GitHub.
 */
export function parseRemotes(text: string): WorktreeRemote[] {
  const byName = new Map<string, WorktreeRemote>();
  for (const line of text.split('\n')) {
    const m = /^remote\.(.+)\.(url|pushurl) (.+)$/.exec(line.trim());
    if (!m) continue;
    const r = byName.get(m[1]!) ?? { name: m[1]! };
    if (m[2] === 'url') r.fetchUrl ??= m[3];
    else r.pushUrl ??= m[3];
    byName.set(r.name, r);
  }
  for (const r of byName.values()) r.pushUrl ??= r.fetchUrl;
  return [...byName.values()];
}

/** "origin/kata/login" → { origin, kata/login }, the longest remote name that prefixes it. */
export function splitUpstream(upstream: string, remotes: readonly string[]): { remote: string; name: string } {
  const remote = [...remotes].sort((a, b) => b.length - a.length).find((r) => upstream.startsWith(`${r}/`));
  if (remote) return { remote, name: upstream.slice(remote.length + 1) };
  const i = upstream.indexOf('/');
  return { remote: upstream.slice(0, i), name: upstream.slice(i + 1) };
}

export async function readWorktreeState(git: GitRunner, cwd: string): Promise<WorktreeState> {
  const [st, rem] = await Promise.all([
    git(['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=no'], { cwd }),
    git(['config', '--get-regexp', '^remote\\..*\\.(url|pushurl)$'], { cwd }),
  ]);
  if (st.code !== 0) throw new Error(`git status failed in ${cwd}: ${gitReason(st.stderr)}`);
  const s = parseStatusV2(st.stdout);
  const remotes = rem.code === 0 ? parseRemotes(rem.stdout) : [];
  const staged: string[] = [];
  // parseStatusV2 counts; the staged paths are the entries whose X column is set.
  for (const e of st.stdout.split('\0'))
    if ((e.startsWith('1 ') || e.startsWith('2 ')) && e[2] !== '.' && staged.length < 20)
      staged.push(
        e
          .split(' ')
          .slice(e[0] === '1' ? 8 : 9)
          .join(' '),
      );
  return {
    branch: s.branch,
    head: s.head,
    upstream: s.upstream
      ? splitUpstream(
          s.upstream,
          remotes.map((r) => r.name),
        )
      : undefined,
    ahead: s.ahead ?? 0,
    behind: s.behind ?? 0,
    remotes,
    staged,
    stagedCount: s.staged,
  };
}

export type PushFailure = 'rejected' | 'auth' | 'unreachable' | 'other';

export class PushError extends Error {
  constructor(
    readonly kind: PushFailure,
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'PushError';
  }
}

/** What a failed push's output means, for git's English messages (LC_ALL=C). */
export function classifyPush(stderr: string): PushFailure {
  if (/\[rejected\]|\[remote rejected\]|non-fast-forward|fetch first|failed to push some refs/i.test(stderr))
    return /\[remote rejected\]/i.test(stderr) ? 'other' : 'rejected';
  if (
    /authentication failed|permission denied|could not read (username|password)|terminal prompts disabled|403/i.test(
      stderr,
    )
  )
    return 'auth';
  if (
    /could not resolve host|unable to access|does not appear to be a git repository|connection (refused|timed out)/i.test(
      stderr,
    )
  )
    return 'unreachable';
  return 'other';
}

/** The sentence for a failed push of `branch` to `remote`; the work is always still there. */
export function pushFailureMessage(kind: PushFailure, branch: string, remote: string, reason: string): string {
  switch (kind) {
    case 'rejected':
      return t(
        '{0} refused the push of {1}: it has commits this branch does not have. Bring them in (git pull --rebase {0} {1}), then create the pull request again. Nothing was lost; nothing was forced.',
        remote,
        branch,
      );
    case 'auth':
      return t(
        '{0} did not accept the credentials for pushing {1} ({2}). Sign in to the remote in git, then try again.',
        remote,
        branch,
        reason,
      );
    case 'unreachable':
      return t(
        "{0} could not be reached to push {1} ({2}). Check the connection and the remote's address, then try again.",
        remote,
        branch,
        reason,
      );
    default:
      return t('Pushing {0} to {1} failed: {2}', branch, remote, reason);
  }
}

/** `git push --set-upstream <remote> <branch>`; never forced. Throws a PushError. */
export async function pushBranch(git: GitRunner, cwd: string, remote: string, branch: string): Promise<void> {
  const r = await git(['push', '--porcelain', '--set-upstream', remote, `refs/heads/${branch}:refs/heads/${branch}`], {
    cwd,
    timeoutMs: 120_000,
  });
  if (r.code === 0) return;
  const all = `${r.stderr}\n${r.stdout}`;
  const kind = classifyPush(all);
  throw new PushError(kind, pushFailureMessage(kind, branch, remote, gitReason(r.stderr) || `exit ${r.code}`), all);
}

/** Commits what is staged (never `-a`: the pull request is what the user staged). */
export async function commitStaged(git: GitRunner, cwd: string, message: string): Promise<void> {
  const r = await git(['commit', '-q', '-m', message], { cwd });
  if (r.code !== 0) throw new Error(`The commit failed: ${gitReason(r.stderr) || gitReason(r.stdout)}`);
}

/** `git fetch <remote> <ref>`, which also updates refs/remotes/<remote>/<ref>. */
export async function fetchRef(git: GitRunner, cwd: string, remote: string, ref?: string): Promise<void> {
  const r = await git(['fetch', '-q', remote, ...(ref ? [ref] : [])], { cwd, timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`git fetch ${remote} failed: ${gitReason(r.stderr)}`);
}

/** The sentence for any failed push: ours (PushError), or the Git extension's (its stderr). */
export function describePushFailure(e: unknown, branch: string, remote: string): string {
  if (e instanceof PushError) return e.message;
  const text = processErrorMessage(e);
  return pushFailureMessage(classifyPush(text), branch, remote, gitReason(text) || 'unknown error');
}
