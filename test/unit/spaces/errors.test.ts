import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSpace } from '../../../src/core/spaces/create';
import { execGit, type GitRunner } from '../../../src/core/spaces/git';
import { removeSpace } from '../../../src/core/spaces/remove';
import { git, makeRepo, openRepo, type Fixture } from './repos';

let fx: Fixture | undefined;
afterEach(() => fx?.cleanup());
const opts = { prefix: 'kata/' };

describe('every error a space can meet, on real repositories', { timeout: 90000 }, () => {
  it('git missing, and git too old for worktrees', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kata-nogit-'));
    try {
      await expect(openRepo(dir, execGit(path.join(dir, 'no-such-git')))).rejects.toMatchObject({
        code: 'git_missing',
        actions: ['installGit'],
      });
      // A real git that reports an old version: the check reads the version line, nothing else.
      const real = execGit();
      const old: GitRunner = async (args, o) =>
        args[0] === '--version' ? { code: 0, stdout: 'git version 2.11.0\n', stderr: '' } : real(args, o);
      await expect(openRepo(dir, Object.assign(old, { spawned: () => 0 }))).rejects.toMatchObject({
        code: 'git_too_old',
        message: expect.stringMatching(/2\.11.*2\.17/),
      });
      await expect(openRepo(dir)).rejects.toMatchObject({ code: 'not_repository' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('detached HEAD without a default branch to start from', async () => {
    fx = makeRepo({ remote: false });
    git(fx.main, 'branch', '-m', 'main', 'work');
    git(fx.main, 'checkout', '-q', '--detach');
    const { repo, meta } = await openRepo(fx.main);
    await expect(createSpace(repo, meta, { ...opts, task: 'x' })).rejects.toMatchObject({
      code: 'detached_head',
      actions: ['chooseBase'],
    });
    // Naming the base works from a detached checkout.
    await expect(createSpace(repo, meta, { ...opts, task: 'x', base: 'work' })).resolves.toMatchObject({
      baseRef: 'refs/heads/work',
    });
  });

  it('branch exists: refused with "use it" offered, and used when asked', async () => {
    fx = makeRepo();
    git(fx.main, 'branch', 'kata/taken');
    const { repo, meta } = await openRepo(fx.main);
    await expect(createSpace(repo, meta, { ...opts, task: 'taken' })).rejects.toMatchObject({
      code: 'branch_exists',
      actions: ['useExistingBranch', 'chooseOtherName'],
    });
    const r = await createSpace(repo, meta, { ...opts, task: 'taken', useExisting: true });
    expect(r.reusedBranch).toBe(true);
    expect(git(r.path, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('kata/taken');
  });

  it('target folder exists', async () => {
    fx = makeRepo();
    mkdirSync(path.join(`${fx.main}.spaces`, 'here'), { recursive: true });
    const { repo, meta } = await openRepo(fx.main);
    await expect(createSpace(repo, meta, { ...opts, task: 'here' })).rejects.toMatchObject({ code: 'folder_exists' });
    expect(git(fx.main, 'branch', '--list', 'kata/here')).toBe('');
  });

  it('base branch missing', async () => {
    fx = makeRepo();
    const { repo, meta } = await openRepo(fx.main);
    await expect(createSpace(repo, meta, { ...opts, task: 'y', base: 'release-9' })).rejects.toMatchObject({
      code: 'base_missing',
      actions: ['chooseBase'],
    });
    expect(git(fx.main, 'branch', '--list', 'kata/y')).toBe('');
  });

  it('fetch failed (offline): created from the local base, and says so', async () => {
    fx = makeRepo();
    git(fx.main, 'remote', 'set-url', 'origin', path.join(fx.tmp, 'gone.git'));
    const { repo, meta } = await openRepo(fx.main);
    const r = await createSpace(repo, meta, { ...opts, task: 'offline' });
    expect(r.fetchFailed).toMatch(/gone\.git|does not appear|repository/i);
    expect(r.baseRef).toBe('refs/remotes/origin/main');
  });

  it('dirty and locked worktrees are refused, with the way out offered', async () => {
    fx = makeRepo();
    const { repo, meta } = await openRepo(fx.main);
    const made = await createSpace(repo, meta, { ...opts, task: 'busy', fetch: false });
    let row = (await repo.refresh())[1]!;
    await expect(removeSpace(repo, meta, row)).rejects.toMatchObject({ code: 'dirty', actions: ['removeAnyway'] });
    git(fx.main, 'worktree', 'lock', '--reason', 'on a USB disk', made.path);
    row = (await repo.refresh())[1]!;
    expect(row.locked).toBe('on a USB disk');
    await expect(removeSpace(repo, meta, row, { force: true })).rejects.toMatchObject({
      code: 'locked',
      actions: ['unlockAndRemove'],
    });
    await removeSpace(repo, meta, row, { force: true, unlock: true });
    expect(git(fx.main, 'worktree', 'list')).not.toContain('busy');
  });

  it('submodules present: created, with a warning flag', async () => {
    fx = makeRepo();
    writeFileSync(path.join(fx.main, '.gitmodules'), '[submodule "lib"]\n\tpath = lib\n\turl = ../lib.git\n');
    git(fx.main, 'add', '.gitmodules');
    git(fx.main, 'commit', '-q', '-m', 'submodule');
    git(fx.main, 'push', '-q', 'origin', 'main');
    const { repo, meta } = await openRepo(fx.main);
    expect((await createSpace(repo, meta, { ...opts, task: 'sub' })).submodules).toBe(true);
  });
});
