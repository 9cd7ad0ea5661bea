import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSpace } from '../../../src/core/spaces/create';
import { checkRemove, refusalReason, removeSpace } from '../../../src/core/spaces/remove';
import { git, makeRepo, openRepo, type Fixture } from './repos';

let fx: Fixture | undefined;
afterEach(() => fx?.cleanup());

const opts = { prefix: 'kata/' };

describe('spaces on a real repository with a bare remote', { timeout: 90000 }, () => {
  it('creates, lists, refuses to remove unpushed work, then removes and prunes', async () => {
    fx = makeRepo();
    const { repo, meta } = await openRepo(fx.main);
    const made = await createSpace(repo, meta, { ...opts, task: 'Add the login page' });
    expect(made.branch).toBe('kata/add-the-login-page');
    expect(made.path).toBe(path.join(`${fx.main}.spaces`, 'add-the-login-page'));
    expect(made.baseRef).toBe('refs/remotes/origin/main');
    expect(made.fetchFailed).toBeUndefined();
    expect(git(made.path, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('kata/add-the-login-page');
    expect(readFileSync(path.join(made.path, 'notes/spec.md'), 'utf8')).toMatch(
      /^# Add the login page\n[\s\S]*- \[ \]/,
    );
    expect(made.seededSpec).toBe(true);

    let rows = await repo.refresh();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ isMain: true, branch: 'main' });
    const row = rows[1]!;
    expect(row).toMatchObject({ name: 'Add the login page', branch: made.branch, base: 'main', ahead: 0, behind: 0 });
    expect(row.status?.changed).toBe(1); // the seeded spec, untracked
    expect(row.spec).toMatchObject({ done: 0, total: 3 });

    git(made.path, 'add', '-A');
    git(made.path, 'commit', '-q', '-m', 'Spec');
    rows = await repo.refresh();
    expect(rows[1]).toMatchObject({ ahead: 1, behind: 0 });
    expect(rows[1]!.status?.changed).toBe(0);

    const check = await checkRemove(repo, rows[1]!);
    expect(check.unpushed).toBe(1);
    expect(refusalReason(check)).toBe('1 unpushed commit');
    writeFileSync(path.join(made.path, 'x.txt'), 'x');
    expect(refusalReason(await checkRemove(repo, rows[1]!))).toBe('1 uncommitted change and 1 unpushed commit');
    await expect(removeSpace(repo, meta, rows[1]!)).rejects.toMatchObject({ code: 'dirty' });
    git(made.path, 'add', '-A');
    git(made.path, 'commit', '-q', '-m', 'x');
    git(made.path, 'push', '-q', 'origin', made.branch);
    expect(refusalReason(await checkRemove(repo, rows[1]!))).toBeUndefined();

    const r = await removeSpace(repo, meta, rows[1]!, { deleteBranch: 'ifMerged' });
    expect(r.branchDeleted).toBe(false); // not merged into main: kept
    expect(existsSync(made.path)).toBe(false);
    expect(git(fx.main, 'worktree', 'list')).not.toContain('add-the-login-page');
    expect(meta.all(repo.commonDir)).toEqual([]);
    expect((await repo.refresh()).map((x) => x.path)).toEqual([fx.main]);
  });

  it('deletes a merged branch on removal and refuses the main checkout', async () => {
    fx = makeRepo();
    const { repo, meta } = await openRepo(fx.main);
    const made = await createSpace(repo, meta, { ...opts, task: 'noop', fetch: false });
    const rows = await repo.refresh();
    await expect(removeSpace(repo, meta, rows[0]!)).rejects.toMatchObject({ code: 'main_worktree' });
    const check = await checkRemove(repo, rows[1]!);
    expect(check.merged).toBe(true);
    await removeSpace(repo, meta, rows[1]!, { force: true, deleteBranch: 'ifMerged' });
    expect(git(fx.main, 'branch', '--list', made.branch)).toBe('');
  });

  it('shows worktrees added and removed by the git CLI behind its back, and drops stale metadata', async () => {
    fx = makeRepo();
    const { repo, meta } = await openRepo(fx.main);
    const made = await createSpace(repo, meta, { ...opts, task: 'mine' });
    const other = path.join(fx.tmp, 'by-hand');
    git(fx.main, 'worktree', 'add', '-q', '-b', 'by-hand', other);
    let rows = await repo.refresh();
    expect(rows.map((r) => r.branch)).toEqual(['main', 'kata/mine', 'by-hand']);
    expect(rows[2]).toMatchObject({ name: 'by-hand', base: 'main', ahead: 0 });

    git(fx.main, 'worktree', 'remove', '--force', made.path);
    rows = await repo.refresh();
    expect(rows.map((r) => r.branch)).toEqual(['main', 'by-hand']);
    expect(meta.all(repo.commonDir)).toEqual([]);
  });

  it('reads the status of dirty worktrees only, and never more than 2 git processes per worktree', async () => {
    fx = makeRepo();
    const { repo, meta, runner } = await openRepo(fx.main);
    for (const t of ['a', 'b', 'c', 'd']) {
      const m = await createSpace(repo, meta, { ...opts, task: t, fetch: false });
      writeFileSync(path.join(m.path, 'change.txt'), t);
    }
    let before = runner.spawned();
    const rows = await repo.refresh('all');
    const cold = runner.spawned() - before;
    expect(rows).toHaveLength(5);
    expect(rows.slice(1).every((r) => r.status?.changed === 2)).toBe(true);
    expect(cold).toBeLessThanOrEqual(2 * rows.length);
    before = runner.spawned();
    await repo.refresh(new Set([rows[2]!.path]));
    // worktree list + for-each-ref + one status; ahead/behind from cache.
    expect(runner.spawned() - before).toBe(3);
  });

  it('creates two different spaces at once and refuses the same name twice at once, leaving nothing half-made', async () => {
    fx = makeRepo();
    const { repo, meta } = await openRepo(fx.main);
    const results = await Promise.allSettled([
      createSpace(repo, meta, { ...opts, task: 'Same name' }),
      createSpace(repo, meta, { ...opts, task: 'same  NAME' }),
      createSpace(repo, meta, { ...opts, task: 'other' }),
    ]);
    const same = results.slice(0, 2);
    expect(same.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = same.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ code: 'folder_exists' });
    expect(results[2]!.status).toBe('fulfilled');
    const rows = await repo.refresh();
    expect(rows.map((r) => r.branch).sort()).toEqual(['kata/other', 'kata/same-name', 'main']);
  });

  it("a creation that loses the race to another window's leaves that window's space whole", async () => {
    fx = makeRepo();
    const { repo, meta } = await openRepo(fx.main);
    const other = (await openRepo(fx.main)).repo;
    const target = path.join(`${fx.main}.spaces`, 'login');
    // Another window (its own process, so not behind this one's lock) makes the same space
    // between this window's checks and its `git worktree add`, and has started work in it.
    const run = repo.run.bind(repo);
    repo.run = async (args, ...rest) => {
      if (args[0] === 'worktree' && args[1] === 'add') {
        await other.run(['worktree', 'add', '--no-track', '-b', 'kata/login', target, 'refs/remotes/origin/main']);
        writeFileSync(path.join(target, 'work.txt'), "the other window's work\n");
      }
      return run(args, ...rest);
    };
    await expect(createSpace(repo, meta, { ...opts, task: 'login' })).rejects.toMatchObject({
      code: expect.stringMatching(/^(branch_exists|folder_exists)$/),
    });
    expect(readFileSync(path.join(target, 'work.txt'), 'utf8')).toBe("the other window's work\n");
    expect(git(fx.main, 'worktree', 'list', '--porcelain')).toContain(target);
    expect(git(target, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('kata/login');
  });

  it("keeps the base's own spec (seeds one only when the base has none)", async () => {
    fx = makeRepo();
    const own = '# The team spec\n\n- [x] Kept as it is\n';
    mkdirSync(path.join(fx.main, 'notes'), { recursive: true });
    writeFileSync(path.join(fx.main, 'notes', 'spec.md'), own);
    git(fx.main, 'add', 'notes/spec.md');
    git(fx.main, 'commit', '-q', '-m', 'spec');
    git(fx.main, 'push', '-q', 'origin', 'main');
    const { repo, meta } = await openRepo(fx.main);
    const made = await createSpace(repo, meta, { ...opts, task: 'Use the spec' });
    expect(made.seededSpec).toBe(false);
    expect(readFileSync(path.join(made.path, 'notes', 'spec.md'), 'utf8')).toBe(own);
  });

  it('rolls back a creation that fails after the worktree was added: no worktree, no branch, no folder', async () => {
    fx = makeRepo();
    const { repo, meta } = await openRepo(fx.main);
    const failing = Object.assign(Object.create(meta) as typeof meta, {
      put: async () => {
        throw new Error('globalState is not writable');
      },
    });
    await expect(createSpace(repo, failing, { ...opts, task: 'login' })).rejects.toThrow(/not writable/);
    const target = path.join(`${fx.main}.spaces`, 'login');
    expect(existsSync(target)).toBe(false);
    expect(git(fx.main, 'branch', '--list', 'kata/login')).toBe('');
    expect(git(fx.main, 'worktree', 'list', '--porcelain')).not.toContain(target);
  });

  it('rolls back a cancelled creation: no worktree, no branch, no folder', async () => {
    fx = makeRepo();
    const { repo, meta } = await openRepo(fx.main);
    const ac = new AbortController();
    const p = createSpace(repo, meta, {
      ...opts,
      task: 'cancel me',
      signal: ac.signal,
      progress: (m) => {
        if (m.startsWith('Creating the worktree')) ac.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(path.join(`${fx.main}.spaces`, 'cancel-me'))).toBe(false);
    expect(git(fx.main, 'branch', '--list', 'kata/cancel-me')).toBe('');
    expect(git(fx.main, 'worktree', 'list')).not.toContain('cancel-me');
    expect(meta.all(repo.commonDir)).toEqual([]);
  });
});
