// Creating a space: validate the name, fetch the base (offline is not fatal), `git worktree add`
// a new branch into its own folder, seed the spec. Anything that fails or is cancelled after the
// worktree exists is rolled back, so no half-made worktree or branch is left behind.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SPEC_PATH, specTemplate } from '../spec/template';
import { SpaceError, gitReason } from './errors';
import type { SpaceMetaStore } from './meta';
import { checkBranchName, checkPrefix, checkTaskName } from './names';
import type { SpacesRepo } from './repo';
import { errorMessage } from '../errorMessage';
import { t } from '../l10n';

export interface CreateOptions {
  task: string;
  prefix: string;
  /** Folder that holds the spaces; default: `<repo>.spaces` beside the main checkout. */
  folderRoot?: string;
  /** Base branch name; default: the remote's default branch. */
  base?: string;
  /** Check out an existing branch of that name instead of failing. */
  useExisting?: boolean;
  fetch?: boolean;
  signal?: AbortSignal;
  progress?: (message: string) => void;
  now?: () => number;
}

export interface CreateResult {
  path: string;
  branch: string;
  base: string;
  baseRef: string;
  /** Why the base was not fetched (offline, no access), when it was not. */
  fetchFailed?: string;
  submodules: boolean;
  seededSpec: boolean;
  reusedBranch: boolean;
}

const locks = new Map<string, Promise<unknown>>();

/** One creation at a time per repository: two clicks on the same name cannot race in git. */
function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = locks.get(key) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  locks.set(
    key,
    next.catch(() => undefined),
  );
  return next;
}

export function defaultFolderRoot(mainPath: string): string {
  return `${mainPath.replace(/[\\/]+$/, '')}.spaces`;
}

function checkCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new SpaceError('cancelled', t('Creating the space was cancelled.'));
}

export async function createSpace(repo: SpacesRepo, meta: SpaceMetaStore, o: CreateOptions): Promise<CreateResult> {
  const name = checkTaskName(o.task);
  if (!name.ok) throw new SpaceError('invalid_name', name.message, ['chooseOtherName']);
  const prefix = checkPrefix(o.prefix);
  if (!prefix.ok) throw new SpaceError('invalid_name', prefix.message);
  const branch = `${prefix.value}${name.value}`;
  const structural = checkBranchName(branch);
  if (!structural.ok) throw new SpaceError('invalid_name', structural.message, ['chooseOtherName']);
  const fmt = await repo.run(['check-ref-format', '--branch', branch]);
  if (fmt.code !== 0)
    throw new SpaceError('invalid_name', t('git does not accept "{0}" as a branch name.', branch), ['chooseOtherName']);
  return serialized(repo.commonDir, () => createLocked(repo, meta, o, branch, name.value));
}

async function createLocked(
  repo: SpacesRepo,
  meta: SpaceMetaStore,
  o: CreateOptions,
  branch: string,
  slug: string,
): Promise<CreateResult> {
  const report = o.progress ?? (() => undefined);
  const worktrees = await repo.worktrees();
  const main = worktrees[0];
  if (!main) throw new SpaceError('not_repository', t('git lists no worktree for this repository.'));
  const root = path.resolve(o.folderRoot || defaultFolderRoot(main.path));
  const target = path.join(root, slug);
  if (path.dirname(target) !== root) throw new SpaceError('invalid_name', t('The folder name is not usable.'));
  if (existsSync(target))
    throw new SpaceError('folder_exists', t('The folder {0} already exists.', target), ['chooseOtherName'], target);

  let refs = await repo.refs();
  const base = o.base || repo.defaultBase(refs, main.branch);
  if (!base)
    throw new SpaceError(
      main.detached ? 'detached_head' : 'base_missing',
      main.detached
        ? t('HEAD is detached and the repository has no default branch to start from.')
        : t('No base branch was found to start the space from.'),
      ['chooseBase'],
    );
  const baseCheck = checkBranchName(base);
  if (!baseCheck.ok)
    throw new SpaceError('base_missing', t('The base "{0}" is not a branch name.', base), ['chooseBase']);

  let fetchFailed: string | undefined;
  const remote = refs.remotes.includes('origin') ? 'origin' : refs.remotes[0];
  if (remote && o.fetch !== false) {
    report(t('Fetching {0}/{1}…', remote, base));
    const f = await repo
      .run(
        ['fetch', '--quiet', '--no-tags', remote, `refs/heads/${base}:refs/remotes/${remote}/${base}`],
        repo.top,
        o.signal,
      )
      .catch((e: unknown) => {
        checkCancelled(o.signal);
        return { code: 1, stdout: '', stderr: errorMessage(e) };
      });
    if (f.code !== 0) fetchFailed = gitReason(f.stderr) || 'the fetch failed';
    else refs = await repo.refs();
  }
  checkCancelled(o.signal);
  const baseRef = repo.baseRefFor(refs, base, remote);
  if (!baseRef)
    throw new SpaceError('base_missing', t('The base branch "{0}" does not exist here or on the remote.', base), [
      'chooseBase',
    ]);

  const exists = refs.shas.has(`refs/heads/${branch}`);
  if (exists && !o.useExisting)
    throw new SpaceError('branch_exists', t('The branch {0} already exists.', branch), [
      'useExistingBranch',
      'chooseOtherName',
    ]);
  if (exists) {
    const holder = worktrees.find((w) => w.branch === branch);
    if (holder)
      throw new SpaceError('branch_exists', t('The branch {0} is already checked out in {1}.', branch, holder.path), [
        'chooseOtherName',
      ]);
  }

  report(t('Creating the worktree for {0}…', branch));
  await mkdir(root, { recursive: true });
  const args = exists
    ? ['worktree', 'add', target, branch]
    : ['worktree', 'add', '--no-track', '-b', branch, target, baseRef];
  const before = existsSync(target);
  const add = await repo.run(args, repo.top, o.signal).catch((e: unknown) => {
    if (o.signal?.aborted) return { code: -1, stdout: '', stderr: 'cancelled' };
    throw e;
  });
  // Git stopped by Cancel may leave what it had made so far: a folder that was not there before
  // the add is then this call's.
  let added = add.code === 0 || (!!o.signal?.aborted && !before);
  const rollback = async () => {
    // Only what this call made: the worktree with its folder and the branch if it was new, and
    // only once git added them for this call (or was stopped while adding them). An add that
    // failed made neither (git cleans up after itself), and what is there then may be another
    // window's space, made since the check above (the lock is per process): not ours to delete.
    if (added) {
      await repo.run(['worktree', 'remove', '--force', target]).catch(() => undefined);
      await rm(target, { recursive: true, force: true }).catch(() => undefined);
      if (!exists) {
        const still = await repo.refs();
        const used = (await repo.worktrees()).some((w) => w.branch === branch);
        if (still.shas.has(`refs/heads/${branch}`) && !used)
          await repo.run(['branch', '-D', '--', branch]).catch(() => undefined);
      }
    }
    await repo.run(['worktree', 'prune']).catch(() => undefined);
    added = false;
  };
  if (add.code !== 0) {
    await rollback();
    checkCancelled(o.signal);
    const reason = gitReason(add.stderr);
    if (/already exists/.test(reason) && reason.includes(branch))
      throw new SpaceError('branch_exists', t('The branch {0} already exists.', branch), [
        'useExistingBranch',
        'chooseOtherName',
      ]);
    if (/already exists/.test(reason))
      throw new SpaceError('folder_exists', t('The folder {0} already exists.', target), ['chooseOtherName'], target);
    throw new SpaceError('git_failed', t('git worktree add failed: {0}', reason), ['openLog']);
  }
  try {
    checkCancelled(o.signal);
    const submodules = existsSync(path.join(target, '.gitmodules'));
    const spec = path.join(target, SPEC_PATH);
    let seededSpec = false;
    if (!existsSync(spec)) {
      await mkdir(path.dirname(spec), { recursive: true });
      await writeFile(spec, specTemplate(o.task), { flag: 'wx' });
      seededSpec = true;
    }
    checkCancelled(o.signal);
    await meta.put({
      repo: repo.commonDir,
      path: target,
      task: o.task.trim().slice(0, 500),
      branch,
      base,
      baseRef,
      createdAt: (o.now ?? Date.now)(),
    });
    return { path: target, branch, base, baseRef, fetchFailed, submodules, seededSpec, reusedBranch: exists };
  } catch (e) {
    await rollback();
    await meta.drop(repo.commonDir, target).catch(() => undefined);
    throw e;
  }
}
