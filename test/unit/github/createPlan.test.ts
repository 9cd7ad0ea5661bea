import { describe, expect, it } from 'vitest';
import {
  afterCreateFailure,
  chooseSource,
  headSpec,
  planSubmit,
  type BranchFacts,
} from '../../../src/core/github/createPlan';
import { GitHubError } from '../../../src/core/github/errors';

const facts = (over: Partial<BranchFacts> = {}): BranchFacts => ({
  branch: 'feature',
  detached: false,
  stagedFiles: 0,
  commitsAheadOfBase: 2,
  remoteBranchExists: true,
  commitsAheadOfRemote: 0,
  sameRepo: true,
  ...over,
});
const kinds = (r: ReturnType<typeof planSubmit>) =>
  r.ok ? r.steps.map((s) => (s.kind === 'push' ? `push:${s.reason}` : s.kind)) : r.error.code;

describe('chooseSource', () => {
  it('staged changes win, then commits, else nothing to compare', () => {
    expect(chooseSource(facts({ stagedFiles: 3 }), 'main')).toEqual({ ok: true, source: 'staged' });
    expect(chooseSource(facts(), 'main')).toEqual({ ok: true, source: 'commits' });
    const none = chooseSource(facts({ commitsAheadOfBase: 0 }), 'main');
    expect(none.ok).toBe(false);
    if (!none.ok)
      expect(none.error).toMatchObject({ code: 'nothing_to_compare', message: expect.stringContaining('main') });
  });
  it("on the base branch of the same repository: create a branch first (a fork's main is fine)", () => {
    const r = chooseSource(facts({ branch: 'main', stagedFiles: 2 }), 'main');
    expect(!r.ok && r.error.remediation).toMatch(/Create a branch/);
    expect(chooseSource(facts({ branch: 'main', stagedFiles: 2, sameRepo: false }), 'main')).toEqual({
      ok: true,
      source: 'staged',
    });
  });
  it('detached HEAD is an error before anything else', () => {
    const r = chooseSource(facts({ detached: true, branch: undefined, stagedFiles: 5 }), 'main');
    expect(!r.ok && r.error.code).toBe('detached_head');
  });
});

describe('planSubmit', () => {
  it('published and up to date: check for an existing PR, then create', () => {
    expect(kinds(planSubmit(facts(), 'main'))).toEqual(['checkExisting', 'create']);
  });
  it('staged changes: commit, then push (a commit always makes the branch ahead)', () => {
    expect(kinds(planSubmit(facts({ stagedFiles: 2 }), 'main'))).toEqual([
      'commit',
      'push:ahead',
      'checkExisting',
      'create',
    ]);
    expect(
      kinds(planSubmit(facts({ stagedFiles: 2, commitsAheadOfBase: 0, remoteBranchExists: false }), 'main')),
    ).toEqual(['commit', 'push:unpublished', 'checkExisting', 'create']);
  });
  it('not on the remote: push first; ahead of the remote: push', () => {
    expect(kinds(planSubmit(facts({ remoteBranchExists: false }), 'main'))).toEqual([
      'push:unpublished',
      'checkExisting',
      'create',
    ]);
    expect(kinds(planSubmit(facts({ commitsAheadOfRemote: 1 }), 'main'))).toEqual([
      'push:ahead',
      'checkExisting',
      'create',
    ]);
  });
  it('errors: detached, on the base itself, nothing to compare', () => {
    expect(kinds(planSubmit(facts({ detached: true, branch: undefined }), 'main'))).toBe('detached_head');
    const onBase = planSubmit(facts({ branch: 'main', stagedFiles: 3 }), 'main');
    expect(kinds(onBase)).toBe('nothing_to_compare');
    if (!onBase.ok) expect(onBase.error.remediation).toMatch(/Create a branch/);
    expect(kinds(planSubmit(facts({ branch: 'main', sameRepo: false }), 'main'))).toEqual(['checkExisting', 'create']);
    expect(kinds(planSubmit(facts({ commitsAheadOfBase: 0 }), 'main'))).toBe('nothing_to_compare');
  });
});

describe('afterCreateFailure', () => {
  const err = (code: 'no_commits' | 'already_exists' | 'forbidden') =>
    new GitHubError({ code, message: code, remediation: '' });
  it('"No commits between" right after a push: retry once, then offer a push', () => {
    expect(afterCreateFailure(err('no_commits'), { pushedJustNow: true, attempt: 0 })).toEqual({
      kind: 'retry',
      delayMs: 2000,
    });
    expect(afterCreateFailure(err('no_commits'), { pushedJustNow: true, attempt: 1 })).toEqual({ kind: 'offerPush' });
    expect(afterCreateFailure(err('no_commits'), { pushedJustNow: false, attempt: 0 })).toEqual({ kind: 'offerPush' });
  });
  it('already exists shows the existing one; anything else fails', () => {
    expect(afterCreateFailure(err('already_exists'), { pushedJustNow: false, attempt: 0 })).toEqual({
      kind: 'showExisting',
    });
    expect(afterCreateFailure(err('forbidden'), { pushedJustNow: true, attempt: 0 })).toEqual({ kind: 'fail' });
  });
  it('head is owner:branch', () => expect(headSpec('me', 'feature')).toBe('me:feature'));
});
