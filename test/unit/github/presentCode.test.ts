import { describe, expect, it } from 'vitest';
import { codeSpan, presentPullRequest } from '../../../src/core/github/present';
import type { PullRequestItem } from '../../../src/core/github/prQuery';

describe('branch names in the PR tooltip', () => {
  const base: PullRequestItem = {
    number: 7,
    title: 'Add thing',
    url: 'u',
    author: 'alice',
    isDraft: false,
    reviewDecision: 'none',
    checks: 'none',
    mergeable: 'mergeable',
    headRefName: 'topic-106',
    baseRefName: 'release/1.x',
    isCrossRepository: false,
    updatedAt: '2026-07-01T10:00:00Z',
  };

  it('shows branch names as written: no backslash escapes inside code spans', () => {
    const p = presentPullRequest(base, Date.parse('2026-07-01T12:00:00Z'));
    expect(p.tooltip).toContain('`topic-106` → `release/1.x`');
    expect(p.tooltip).not.toContain('\\-');
  });

  it('keeps a backtick in a branch name inside the span', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x')).toBe('`` `x ``');
    expect(codeSpan('x``')).toBe('``` x`` ```');
    expect(codeSpan('line\nbreak')).toBe('`line break`');
  });
});
