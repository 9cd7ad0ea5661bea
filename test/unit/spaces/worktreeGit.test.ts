// Create Pull Request… from a space reads and pushes the space's own worktree through the git
// CLI: real temporary repositories, a bare remote, a second clone that pushes behind our back.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { execGit } from '../../../src/core/spaces/git';
import {
  PushError,
  classifyPush,
  commitStaged,
  fetchRef,
  parseRemotes,
  pushBranch,
  readWorktreeState,
  splitUpstream,
} from '../../../src/core/spaces/worktreeGit';
import { configure, git, makeRepo, type Fixture } from './repos';

let fx: Fixture | undefined;
afterEach(() => {
  fx?.cleanup();
  fx = undefined;
});

const run = execGit();

function space(f: Fixture, slug = 'login'): string {
  const p = path.join(f.tmp, 'app.spaces', slug);
  git(f.main, 'worktree', 'add', '-q', '-b', `kata/${slug}`, p, 'origin/main');
  // A space starts from origin/main but does not track it: its upstream is its own remote branch.
  git(p, 'branch', '-q', '--unset-upstream');
  return p;
}

describe('a space worktree, read and pushed through the git CLI', () => {
  it('reads the branch, no upstream yet, the remotes and the staged files', async () => {
    fx = makeRepo();
    const p = space(fx);
    writeFileSync(path.join(p, 'a.txt'), 'a\n');
    writeFileSync(path.join(p, 'b.txt'), 'b\n');
    git(p, 'add', 'a.txt');
    const s = await readWorktreeState(run, p);
    expect(s.branch).toBe('kata/login');
    expect(s.upstream).toBeUndefined();
    expect(s.ahead).toBe(0);
    expect(s.remotes).toEqual([{ name: 'origin', fetchUrl: fx.bare, pushUrl: fx.bare }]);
    expect(s.staged).toEqual(['a.txt']);
    expect(s.stagedCount).toBe(1);
  });

  it('commits only what is staged, pushes with an upstream, then counts what is ahead of it', async () => {
    fx = makeRepo();
    const p = space(fx);
    writeFileSync(path.join(p, 'a.txt'), 'a\n');
    writeFileSync(path.join(p, 'README.md'), '# App, edited\n');
    git(p, 'add', 'a.txt');
    await commitStaged(run, p, 'feat: a');
    expect(git(p, 'status', '--porcelain')).toBe('M README.md');
    await pushBranch(run, p, 'origin', 'kata/login');
    expect(git(fx.bare, 'rev-parse', 'refs/heads/kata/login')).toBe(git(p, 'rev-parse', 'HEAD'));
    let s = await readWorktreeState(run, p);
    expect(s.upstream).toEqual({ remote: 'origin', name: 'kata/login' });
    expect(s.ahead).toBe(0);
    git(p, 'commit', '-q', '-am', 'docs: readme');
    s = await readWorktreeState(run, p);
    expect(s.ahead).toBe(1);
    await pushBranch(run, p, 'origin', 'kata/login');
    expect((await readWorktreeState(run, p)).ahead).toBe(0);
  });

  it('a rejected push (the remote moved) is named, forces nothing and loses nothing', async () => {
    fx = makeRepo();
    const p = space(fx);
    writeFileSync(path.join(p, 'a.txt'), 'a\n');
    git(p, 'add', '-A');
    git(p, 'commit', '-q', '-m', 'feat: a');
    await pushBranch(run, p, 'origin', 'kata/login');
    // Someone else pushes to the same branch from another clone.
    const other = path.join(fx.tmp, 'other');
    git(fx.tmp, 'clone', '-q', '-b', 'kata/login', fx.bare, other);
    configure(other);
    writeFileSync(path.join(other, 'theirs.txt'), 'theirs\n');
    git(other, 'add', '-A');
    git(other, 'commit', '-q', '-m', 'theirs');
    git(other, 'push', '-q', 'origin', 'kata/login');
    const theirs = git(other, 'rev-parse', 'HEAD');
    writeFileSync(path.join(p, 'b.txt'), 'b\n');
    git(p, 'add', '-A');
    git(p, 'commit', '-q', '-m', 'feat: b');
    const mine = git(p, 'rev-parse', 'HEAD');
    const err = await pushBranch(run, p, 'origin', 'kata/login').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PushError);
    expect((err as PushError).kind).toBe('rejected');
    expect((err as PushError).message).toMatch(/origin refused the push of kata\/login: it has commits/);
    expect((err as PushError).message).toMatch(/git pull --rebase origin kata\/login/);
    expect(git(p, 'rev-parse', 'HEAD')).toBe(mine);
    expect(git(fx.bare, 'rev-parse', 'refs/heads/kata/login')).toBe(theirs);
    // The way out it names works: fetch, rebase, push.
    await fetchRef(run, p, 'origin', 'kata/login');
    git(p, 'rebase', '-q', 'origin/kata/login');
    await pushBranch(run, p, 'origin', 'kata/login');
    expect(git(fx.bare, 'log', '--format=%s', 'kata/login').split('\n').slice(0, 2)).toEqual(['feat: b', 'theirs']);
  });

  it('without a remote: no remotes read, and a push says the remote cannot be reached', async () => {
    fx = makeRepo({ remote: false });
    const p = path.join(fx.tmp, 'app.spaces', 'x');
    git(fx.main, 'worktree', 'add', '-q', '-b', 'kata/x', p, 'main');
    const s = await readWorktreeState(run, p);
    expect(s.remotes).toEqual([]);
    const err = (await pushBranch(run, p, 'origin', 'kata/x').catch((e: unknown) => e)) as PushError;
    expect(err.kind).toBe('unreachable');
    expect(err.message).toMatch(/^origin could not be reached to push kata\/x/);
  });
});

describe('parsing', () => {
  it('reads remotes as configured, with different fetch and push addresses', () => {
    expect(
      parseRemotes(
        'remote.origin.url git@github.com:me/app.git\nremote.up.url https://x/y\nremote.up.pushurl no_push\nremote.a.b.url u\n',
      ),
    ).toEqual([
      { name: 'origin', fetchUrl: 'git@github.com:me/app.git', pushUrl: 'git@github.com:me/app.git' },
      { name: 'up', fetchUrl: 'https://x/y', pushUrl: 'no_push' },
      { name: 'a.b', fetchUrl: 'u', pushUrl: 'u' },
    ]);
  });

  it('keeps a GitHub address that url.<base>.insteadOf maps to a local mirror', async () => {
    fx = makeRepo();
    git(fx.main, 'config', `url.${fx.tmp}/.insteadOf`, 'git@github.com:');
    git(fx.main, 'remote', 'set-url', 'origin', 'git@github.com:remote.git');
    const p = space(fx);
    const s = await readWorktreeState(run, p);
    expect(s.remotes).toEqual([
      { name: 'origin', fetchUrl: 'git@github.com:remote.git', pushUrl: 'git@github.com:remote.git' },
    ]);
    // ... and git still pushes to the mirror.
    await pushBranch(run, p, 'origin', 'kata/login');
    expect(git(fx.bare, 'rev-parse', 'refs/heads/kata/login')).toBe(git(p, 'rev-parse', 'HEAD'));
  });

  it('splits an upstream by the longest remote name that prefixes it', () => {
    expect(splitUpstream('origin/kata/login', ['origin'])).toEqual({ remote: 'origin', name: 'kata/login' });
    expect(splitUpstream('my/fork/kata/x', ['my', 'my/fork'])).toEqual({ remote: 'my/fork', name: 'kata/x' });
  });

  it('classifies push failures from git output', () => {
    expect(classifyPush(' ! [rejected]        kata/x -> kata/x (fetch first)\nerror: failed to push some refs')).toBe(
      'rejected',
    );
    expect(classifyPush(' ! [remote rejected] kata/x -> kata/x (pre-receive hook declined)')).toBe('other');
    expect(classifyPush('fatal: Authentication failed for https://github.com/a/b.git/')).toBe('auth');
    expect(classifyPush('fatal: could not read Username for https://github.com: terminal prompts disabled')).toBe(
      'auth',
    );
    expect(classifyPush('fatal: unable to access https://github.com/a/b.git/: Could not resolve host')).toBe(
      'unreachable',
    );
  });
});
