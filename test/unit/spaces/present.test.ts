import { describe, expect, it } from 'vitest';
import { aheadBehindLabel, prLabel, presentSpace, type LinkedPr } from '../../../src/core/spaces/present';
import type { SpaceRow } from '../../../src/core/spaces/repo';
import { linkedPrsFrom } from '../../../src/host/spaces/prLink';

const status = (changed: number) => ({
  staged: 0,
  unstaged: changed,
  untracked: 0,
  conflicts: 0,
  changed,
  paths: [],
});

const space: SpaceRow = {
  path: '/r/app.spaces/login',
  name: 'Add the login page',
  isMain: false,
  branch: 'kata/login',
  detached: false,
  base: 'main',
  baseRef: 'refs/remotes/origin/main',
  baseMissing: false,
  status: status(1),
  ahead: 1,
  behind: 0,
  spec: { done: 1, total: 3, tasks: [] },
};

const pr: LinkedPr = {
  number: 12,
  url: 'https://github.com/acme/app/pull/12',
  title: 'Login [page](javascript:alert(1))',
  isDraft: true,
  checks: 'failing',
  reviewDecision: 'none',
};

describe('space rows', () => {
  it('reads branch, base, changes, ahead/behind, spec progress and PR in a fixed order', () => {
    const p = presentSpace(space, { pr });
    expect(p.label).toBe('Add the login page');
    expect(p.description).toBe(
      'kata/login · from main · 1 changed · ahead 1 · 1/3 tasks · PR #12 draft, checks failing',
    );
    expect(p.icon.id).toBe('git-branch');
  });

  it('marks the main checkout and leaves out its base and ahead/behind', () => {
    const p = presentSpace({ ...space, isMain: true, name: 'app', branch: 'main', base: undefined, status: status(0) });
    expect(p.description).toBe('main checkout · main · clean · 1/3 tasks');
    expect(p.icon.id).toBe('home');
    expect(p.tooltip).toContain('(main checkout)');
  });

  it('puts what runs now first, and a failure with its reason', () => {
    expect(presentSpace(space, { lifecycle: { state: 'removing' } }).description).toMatch(/^removing… · kata\/login/);
    const failed = presentSpace(space, { lifecycle: { state: 'failed', reason: 'worktree is locked' } });
    expect(failed.description).toMatch(/^failed: worktree is locked · /);
    expect(failed.icon).toEqual({ id: 'error', color: 'list.errorForeground' });
  });

  it('says when the base is gone, the folder is missing, or HEAD is detached', () => {
    const p = presentSpace({
      ...space,
      detached: true,
      branch: undefined,
      baseMissing: true,
      prunable: 'gitdir file points to non-existent location',
    });
    expect(p.description).toBe('detached HEAD · base main missing · folder missing · ahead 1 · 1/3 tasks');
    expect(p.icon.id).toBe('warning');
  });

  it('escapes untrusted text in the tooltip and links only https PR addresses', () => {
    const p = presentSpace({ ...space, name: '**bold** <img src=x>' }, { pr });
    expect(p.tooltip).toContain('\\*\\*bold\\*\\* \\<img src=x\\>');
    expect(p.tooltip).toContain('](https://github.com/acme/app/pull/12)');
    expect(p.tooltip).not.toContain('](javascript:');
    const bad = presentSpace(space, { pr: { ...pr, url: 'javascript:alert(1)' } });
    expect(bad.tooltip).not.toContain('](');
  });

  it('words ahead/behind and PR state', () => {
    expect(aheadBehindLabel({ ahead: 0, behind: 0 })).toBe('up to date');
    expect(aheadBehindLabel({ ahead: 2, behind: 3 })).toBe('ahead 2, behind 3');
    expect(aheadBehindLabel({})).toBeUndefined();
    expect(prLabel({ ...pr, isDraft: false, checks: 'passing', reviewDecision: 'approved' })).toBe(
      'PR #12 open, approved',
    );
  });
});

describe('linked pull requests from the Pull Requests data', () => {
  const item = (n: number, head: string, fork = false) => ({
    number: n,
    title: `PR ${n}`,
    url: `https://github.com/acme/app/pull/${n}`,
    author: 'octo',
    isDraft: false,
    reviewDecision: 'none' as const,
    checks: 'passing' as const,
    mergeable: 'mergeable' as const,
    headRefName: head,
    baseRefName: 'main',
    isCrossRepository: fork,
    updatedAt: '2026-01-01T00:00:00Z',
  });
  const page = (items: ReturnType<typeof item>[]) => ({
    items,
    totalCount: items.length,
    hasNextPage: false,
    endCursor: null,
  });
  const list = {
    current: {
      fromCache: false,
      loading: false,
      loadingMore: [],
      snapshot: {
        key: 'k',
        viewer: 'octo',
        fetchedAt: 0,
        categories: {
          review: page([]),
          assigned: page([]),
          created: page([item(3, 'kata/login', true)]),
          all: page([item(3, 'kata/login', true), item(7, 'kata/login')]),
        },
      },
    },
    onDidChange: () => ({ dispose() {} }),
    track: () => undefined,
  };

  it('finds the branch PR of this repository, never a fork with the same branch name', () => {
    const prs = linkedPrsFrom(list);
    expect(prs.forBranch('kata/login')?.number).toBe(7);
    expect(prs.forBranch('kata/other')).toBeUndefined();
  });

  it('has nothing before the list was loaded', () => {
    expect(
      linkedPrsFrom({ ...list, current: { fromCache: false, loading: true, loadingMore: [] } }).forBranch('x'),
    ).toBeUndefined();
  });
});
