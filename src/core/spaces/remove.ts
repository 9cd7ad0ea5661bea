// Removing a space is refused while it holds work that exists nowhere else (uncommitted changes,
// commits on no remote); the host offers "Remove Anyway" behind a modal confirmation. The branch
// is deleted only when merged into its base or when the user says so.
import { SpaceError, gitReason } from './errors';
import type { SpaceMetaStore } from './meta';
import { parseStatusV2, type StatusSummary } from './porcelain';
import type { SpaceRow, SpacesRepo } from './repo';

export interface RemoveCheck {
  status?: StatusSummary;
  /** Commits on the branch that no remote-tracking ref (or, without a remote, the base) has. */
  unpushed: number;
  locked?: string;
  merged: boolean;
}

export async function checkRemove(repo: SpacesRepo, row: SpaceRow): Promise<RemoveCheck> {
  if (row.isMain) throw new SpaceError('main_worktree', 'The main checkout is not a space and cannot be removed.');
  if (row.prunable) return { unpushed: 0, merged: false, locked: row.locked };
  const [st, refs] = await Promise.all([
    repo.run(['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal', '--no-renames'], row.path),
    repo.refs(),
  ]);
  const status = st.code === 0 ? parseStatusV2(st.stdout) : undefined;
  const hasRemote = refs.remotes.length > 0;
  const count = await repo.run(
    hasRemote
      ? ['rev-list', '--count', 'HEAD', '--not', '--remotes']
      : ['rev-list', '--count', 'HEAD', `^${row.baseRef ?? 'HEAD'}`],
    row.path,
  );
  const unpushed = count.code === 0 ? Number(count.stdout.trim()) || 0 : 0;
  let merged = false;
  if (row.branch && row.baseRef) {
    const r = await repo.run(['merge-base', '--is-ancestor', `refs/heads/${row.branch}`, row.baseRef]);
    merged = r.code === 0;
  }
  return { status, unpushed, locked: row.locked, merged };
}

/** What the refusal says: which work would be lost. */
export function refusalReason(c: RemoveCheck): string | undefined {
  const parts: string[] = [];
  if (c.status?.changed) parts.push(`${c.status.changed} uncommitted change${c.status.changed === 1 ? '' : 's'}`);
  if (c.unpushed) parts.push(`${c.unpushed} unpushed commit${c.unpushed === 1 ? '' : 's'}`);
  return parts.length ? parts.join(' and ') : undefined;
}

export interface RemoveOptions {
  force?: boolean;
  unlock?: boolean;
  deleteBranch?: 'no' | 'ifMerged' | 'force';
}

export async function removeSpace(
  repo: SpacesRepo,
  meta: SpaceMetaStore,
  row: SpaceRow,
  o: RemoveOptions = {},
): Promise<{ branchDeleted: boolean }> {
  if (row.isMain) throw new SpaceError('main_worktree', 'The main checkout is not a space and cannot be removed.');
  if (row.locked && !o.unlock)
    throw new SpaceError('locked', `The worktree is locked (${row.locked}).`, ['unlockAndRemove']);
  if (row.locked) await repo.run(['worktree', 'unlock', row.path]);
  if (!row.prunable) {
    const r = await repo.run(['worktree', 'remove', ...(o.force ? ['--force'] : []), row.path]);
    if (r.code !== 0) {
      const reason = gitReason(r.stderr);
      if (/modified or untracked|contains modified/.test(reason))
        throw new SpaceError('dirty', `The space has uncommitted changes: ${reason}`, ['removeAnyway']);
      if (/locked/.test(reason))
        throw new SpaceError('locked', `The worktree is locked: ${reason}`, ['unlockAndRemove']);
      throw new SpaceError('git_failed', `git worktree remove failed: ${reason}`, ['openLog']);
    }
  }
  await repo.run(['worktree', 'prune']);
  await meta.drop(repo.commonDir, row.path);
  let branchDeleted = false;
  if (row.branch && o.deleteBranch && o.deleteBranch !== 'no') {
    const d = await repo.run(['branch', o.deleteBranch === 'force' ? '-D' : '-d', '--', row.branch]);
    branchDeleted = d.code === 0;
  }
  return { branchDeleted };
}
