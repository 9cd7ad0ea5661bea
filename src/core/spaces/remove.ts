// Removing a space is refused while it holds work that exists nowhere else (uncommitted changes,
// commits on no remote); the host offers "Remove Anyway" behind a modal confirmation. The branch
// is deleted only when merged into its base or when the user says so.
import { SpaceError, gitReason } from './errors';
import type { SpaceMetaStore } from './meta';
import { parseStatusV2, type StatusSummary } from './porcelain';
import type { SpaceRow, SpacesRepo } from './repo';
import { t } from '../l10n';

export interface RemoveCheck {
  status?: StatusSummary;
  /** Commits on the branch that no remote-tracking ref (or, without a remote, the base) has. */
  unpushed: number;
  locked?: string;
  merged: boolean;
}

export async function checkRemove(repo: SpacesRepo, row: SpaceRow): Promise<RemoveCheck> {
  if (row.isMain) throw new SpaceError('main_worktree', t('The main checkout is not a space and cannot be removed.'));
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
  const changed = c.status?.changed ?? 0;
  const changes =
    changed === 1 ? t('{0} uncommitted change', changed) : changed ? t('{0} uncommitted changes', changed) : '';
  const commits =
    c.unpushed === 1 ? t('{0} unpushed commit', c.unpushed) : c.unpushed ? t('{0} unpushed commits', c.unpushed) : '';
  if (changes && commits) return t('{0} and {1}', changes, commits);
  return changes || commits || undefined;
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
  if (row.isMain) throw new SpaceError('main_worktree', t('The main checkout is not a space and cannot be removed.'));
  if (row.locked && !o.unlock)
    throw new SpaceError('locked', t('The worktree is locked ({0}).', row.locked), ['unlockAndRemove']);
  if (row.locked) await repo.run(['worktree', 'unlock', row.path]);
  if (!row.prunable) {
    const r = await repo.run(['worktree', 'remove', ...(o.force ? ['--force'] : []), row.path]);
    if (r.code !== 0) {
      const reason = gitReason(r.stderr);
      if (/modified or untracked|contains modified/.test(reason))
        throw new SpaceError('dirty', t('The space has uncommitted changes: {0}', reason), ['removeAnyway']);
      if (/locked/.test(reason))
        throw new SpaceError('locked', t('The worktree is locked: {0}', reason), ['unlockAndRemove']);
      throw new SpaceError('git_failed', t('git worktree remove failed: {0}', reason), ['openLog']);
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
