import { describe, expect, it } from 'vitest';
import {
  CATEGORY_IDS,
  ResponseShapeError,
  checksFromRollup,
  listQuery,
  listVariables,
  mapListResponse,
  moreQuery,
  moreVariables,
  searchString,
} from '../../../src/core/github/prQuery';
import { categoryDescription, escapeMarkdown, presentPullRequest, timeAgo } from '../../../src/core/github/present';
import type { PullRequestItem } from '../../../src/core/github/prQuery';

const repo = { owner: 'acme', repo: 'widgets' };

const node = (over: Record<string, unknown> = {}) => ({
  number: 7,
  title: 'Add thing',
  url: 'https://github.com/acme/widgets/pull/7',
  isDraft: false,
  state: 'OPEN',
  mergeable: 'MERGEABLE',
  reviewDecision: 'APPROVED',
  updatedAt: '2026-07-01T10:00:00Z',
  isCrossRepository: false,
  headRefName: 'thing',
  baseRefName: 'main',
  author: { login: 'alice' },
  commits: { nodes: [{ commit: { statusCheckRollup: { state: 'SUCCESS' } } }] },
  ...over,
});

const page = (nodes: unknown[], more = false) => ({
  issueCount: nodes.length + (more ? 10 : 0),
  pageInfo: { hasNextPage: more, endCursor: more ? 'Y3Vyc29yOjIw' : null },
  nodes,
});

describe('the list query', () => {
  it('aliases one search per category in a single operation, with the status fields', () => {
    const q = listQuery();
    expect(q.match(/query /g)).toHaveLength(1);
    for (const c of CATEGORY_IDS) expect(q).toContain(`${c}: search(type: ISSUE, query: $${c}Q, first: $first)`);
    for (const f of [
      'isDraft',
      'reviewDecision',
      'statusCheckRollup { state }',
      'mergeable',
      'pageInfo { hasNextPage endCursor }',
      'viewer { login }',
      'rateLimit',
    ])
      expect(q).toContain(f);
  });
  it('searches with @me so no viewer lookup is needed first', () => {
    expect(searchString(repo, 'review')).toBe('is:pr is:open repo:acme/widgets review-requested:@me sort:updated-desc');
    expect(searchString(repo, 'assigned')).toContain('assignee:@me');
    expect(searchString(repo, 'created')).toContain('author:@me');
    expect(searchString(repo, 'all')).toBe('is:pr is:open repo:acme/widgets sort:updated-desc');
    expect(listVariables(repo)).toMatchObject({ first: 20, allQ: searchString(repo, 'all') });
  });
  it('load more asks for one category after a cursor', () => {
    const q = moreQuery('all');
    expect(q.match(/search\(/g)).toHaveLength(1);
    expect(q).toContain('after: $after');
    expect(moreVariables(repo, 'all', 'abc')).toEqual({ allQ: searchString(repo, 'all'), first: 20, after: 'abc' });
  });
});

describe('mapping the response', () => {
  it('maps draft, review decision, checks and conflicts', () => {
    const data = {
      viewer: { login: 'octocat' },
      rateLimit: { cost: 1, remaining: 4999, resetAt: '2026-07-01T13:00:00Z' },
      all: page(
        [
          node(),
          node({
            number: 8,
            isDraft: true,
            reviewDecision: null,
            mergeable: 'CONFLICTING',
            commits: { nodes: [{ commit: { statusCheckRollup: { state: 'FAILURE' } } }] },
          }),
          node({
            number: 9,
            reviewDecision: 'CHANGES_REQUESTED',
            mergeable: 'UNKNOWN',
            commits: { nodes: [{ commit: { statusCheckRollup: null } }] },
            author: null,
          }),
          node({
            number: 10,
            reviewDecision: 'REVIEW_REQUIRED',
            commits: { nodes: [{ commit: { statusCheckRollup: { state: 'PENDING' } } }] },
          }),
          {},
        ],
        true,
      ),
    };
    const r = mapListResponse(data, ['all']);
    expect(r.viewer).toBe('octocat');
    expect(r.rateLimit).toEqual({ cost: 1, remaining: 4999, resetAt: '2026-07-01T13:00:00Z' });
    const all = r.categories.all!;
    expect(all.items.map((i) => [i.number, i.isDraft, i.reviewDecision, i.checks, i.mergeable, i.author])).toEqual([
      [7, false, 'approved', 'passing', 'mergeable', 'alice'],
      [8, true, 'none', 'failing', 'conflicting', 'alice'],
      [9, false, 'changes_requested', 'none', 'unknown', 'ghost'],
      [10, false, 'review_required', 'pending', 'mergeable', 'alice'],
    ]);
    expect(all).toMatchObject({ hasNextPage: true, endCursor: 'Y3Vyc29yOjIw', totalCount: 15 });
  });
  it('maps every rollup state', () => {
    expect(['SUCCESS', 'FAILURE', 'ERROR', 'PENDING', 'EXPECTED', null, 'NEW_STATE'].map(checksFromRollup)).toEqual([
      'passing',
      'failing',
      'failing',
      'pending',
      'pending',
      'none',
      'none',
    ]);
  });
  it('tolerates unknown enum values and missing optional fields (older GHES)', () => {
    const r = mapListResponse(
      {
        viewer: { login: 'x' },
        all: page([{ number: 1, title: 't', url: 'u', mergeable: 'SOMETHING_NEW', reviewDecision: 42 }]),
      },
      ['all'],
    );
    expect(r.categories.all!.items[0]).toMatchObject({
      number: 1,
      mergeable: 'unknown',
      reviewDecision: 'none',
      checks: 'none',
      isDraft: false,
    });
  });
  it('throws a shape error naming what is missing', () => {
    expect(() => mapListResponse({ all: page([]) }, ['all'])).toThrow(ResponseShapeError);
    expect(() => mapListResponse({ viewer: { login: 'x' } }, ['review'])).toThrow(/"review"/);
  });
});

describe('row presentation', () => {
  const base: PullRequestItem = {
    number: 7,
    title: 'Add thing',
    url: 'u',
    author: 'alice',
    isDraft: false,
    reviewDecision: 'none',
    checks: 'none',
    mergeable: 'mergeable',
    headRefName: 'thing',
    baseRefName: 'main',
    isCrossRepository: false,
    updatedAt: '2026-07-01T10:00:00Z',
  };
  const now = Date.parse('2026-07-01T12:00:00Z');
  const icon = (over: Partial<PullRequestItem>) => presentPullRequest({ ...base, ...over }, now).icon.id;

  it('picks the icon by priority: conflicts > failing > changes requested > draft > pending > approved > open', () => {
    expect(icon({ mergeable: 'conflicting', checks: 'failing', isDraft: true })).toBe('warning');
    expect(icon({ checks: 'failing', reviewDecision: 'changes_requested' })).toBe('error');
    expect(icon({ reviewDecision: 'changes_requested', isDraft: true })).toBe('request-changes');
    expect(icon({ isDraft: true, checks: 'pending' })).toBe('git-pull-request-draft');
    expect(icon({ checks: 'pending', reviewDecision: 'approved' })).toBe('sync');
    expect(icon({ reviewDecision: 'approved', checks: 'passing' })).toBe('pass');
    expect(icon({})).toBe('git-pull-request');
  });
  it('label, description and tooltip', () => {
    const p = presentPullRequest({ ...base, isDraft: true, checks: 'failing', reviewDecision: 'approved' }, now);
    expect(p.label).toBe('#7 Add thing');
    expect(p.description).toBe('@alice · draft · checks failing · approved');
    expect(p.tooltip).toContain('updated 2 h ago');
    expect(p.tooltip).toContain('- Checks: Failing');
    expect(p.tooltip).toContain('- State: Draft');
  });
  it('escapes untrusted titles in the Markdown tooltip', () => {
    const p = presentPullRequest({ ...base, title: 'Evil [x](command:foo) <img src=x>' }, now);
    expect(p.tooltip).not.toContain('[x](command:foo)');
    expect(p.tooltip).toContain('\\[x\\]\\(command:foo\\)');
    expect(escapeMarkdown('<b>')).toBe('\\<b\\>');
  });
  it('time and counts', () => {
    expect(timeAgo('2026-07-01T11:59:30Z', now)).toBe('just now');
    expect(timeAgo('2026-07-01T11:30:00Z', now)).toBe('30 min ago');
    expect(timeAgo('2026-06-25T12:00:00Z', now)).toBe('6 days ago');
    expect(timeAgo('garbage', now)).toBe('');
    expect(categoryDescription(20, 45)).toBe('20 of 45');
    expect(categoryDescription(3, 3)).toBe('3');
  });
});
