// The whole Pull Requests view in one GraphQL request: an aliased `search` per category, each
// carrying the status fields the rows show (draft, review decision, checks rollup, mergeable).
// "Load More" is the same query with one alias and a cursor. The response is parsed with zod:
// a field GitHub (or an older GHES) leaves out becomes "unknown", never a crash.
import { z } from 'zod';
import type { RepoRef } from './remote';
import { t } from '../l10n';

export const CATEGORY_IDS = ['review', 'assigned', 'created', 'all'] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

/** A category row's label; read where shown (the translator is installed at activation). */
export const categoryLabel = (id: CategoryId): string =>
  ({
    review: t('Waiting for My Review'),
    assigned: t('Assigned to Me'),
    created: t('Created by Me'),
    all: t('All Open'),
  })[id];

const QUALIFIERS: Record<CategoryId, string> = {
  review: 'review-requested:@me',
  assigned: 'assignee:@me',
  created: 'author:@me',
  all: '',
};

export const PAGE_SIZE = 20;

/** The search string of one category (`@me` resolves server-side: no viewer lookup first). */
export function searchString(repo: Pick<RepoRef, 'owner' | 'repo'>, category: CategoryId): string {
  return ['is:pr', 'is:open', `repo:${repo.owner}/${repo.repo}`, QUALIFIERS[category], 'sort:updated-desc']
    .filter(Boolean)
    .join(' ');
}

const PR_FIELDS = `
  number title url isDraft state mergeable reviewDecision updatedAt isCrossRepository
  headRefName baseRefName
  author { login }
  commits(last: 1) { nodes { commit { statusCheckRollup { state } } } }`;

const PAGE_FIELDS = `issueCount pageInfo { hasNextPage endCursor } nodes { ... on PullRequest { ${PR_FIELDS.trim()} } }`;

/**
 * Pull requests followed by number whatever their state (the ones linked to spaces), at most this
 * many: the searches list open ones only, and a merged or closed one must still show as such.
 */
export const MAX_TRACKED = 30;
const TRACKED_FIELDS = 'number state isDraft title url headRefName';

/** The numbers to follow: positive integers, each once, at most MAX_TRACKED (the lowest kept). */
export function trackedNumbers(numbers: readonly number[]): number[] {
  return [...new Set(numbers.filter((n) => Number.isSafeInteger(n) && n > 0))]
    .sort((a, b) => a - b)
    .slice(0, MAX_TRACKED);
}

/**
 * The refresh query: all categories, first page each, plus the viewer and the rate-limit budget,
 * and the followed pull requests by number (aliased in the same request: no request per PR).
 */
export function listQuery(categories: readonly CategoryId[] = CATEGORY_IDS, tracked: readonly number[] = []): string {
  const numbers = trackedNumbers(tracked);
  const vars = [
    ...categories.map((c) => `$${c}Q: String!`),
    ...(numbers.length ? ['$owner: String!', '$name: String!'] : []),
  ].join(', ');
  const searches = categories
    .map((c) => `  ${c}: search(type: ISSUE, query: $${c}Q, first: $first) { ${PAGE_FIELDS} }`)
    .join('\n');
  const followed = numbers.length
    ? `\n  tracked: repository(owner: $owner, name: $name) { ${numbers.map((n) => `pr${n}: pullRequest(number: ${n}) { ${TRACKED_FIELDS} }`).join(' ')} }`
    : '';
  return `query KataPullRequests(${vars}, $first: Int!) {\n  viewer { login }\n  rateLimit { cost remaining resetAt }\n${searches}${followed}\n}`;
}

export function listVariables(
  repo: Pick<RepoRef, 'owner' | 'repo'>,
  categories: readonly CategoryId[] = CATEGORY_IDS,
  first = PAGE_SIZE,
  tracked: readonly number[] = [],
): Record<string, unknown> {
  const v: Record<string, unknown> = { first };
  for (const c of categories) v[`${c}Q`] = searchString(repo, c);
  if (trackedNumbers(tracked).length) Object.assign(v, { owner: repo.owner, name: repo.repo });
  return v;
}

/** "Load More" for one category: the next page after `cursor`. */
export function moreQuery(category: CategoryId): string {
  return `query KataPullRequestsMore($${category}Q: String!, $first: Int!, $after: String!) {\n  viewer { login }\n  rateLimit { cost remaining resetAt }\n  ${category}: search(type: ISSUE, query: $${category}Q, first: $first, after: $after) { ${PAGE_FIELDS} }\n}`;
}

export function moreVariables(
  repo: Pick<RepoRef, 'owner' | 'repo'>,
  category: CategoryId,
  cursor: string,
  first = PAGE_SIZE,
): Record<string, unknown> {
  return { [`${category}Q`]: searchString(repo, category), first, after: cursor };
}

export type ChecksState = 'passing' | 'failing' | 'pending' | 'none';
export type ReviewDecision = 'approved' | 'changes_requested' | 'review_required' | 'none';
export type Mergeable = 'mergeable' | 'conflicting' | 'unknown';

export interface PullRequestItem {
  number: number;
  title: string;
  url: string;
  author: string;
  isDraft: boolean;
  reviewDecision: ReviewDecision;
  checks: ChecksState;
  mergeable: Mergeable;
  headRefName: string;
  baseRefName: string;
  isCrossRepository: boolean;
  updatedAt: string;
}

export interface CategoryPage {
  items: PullRequestItem[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface RateBudget {
  cost?: number;
  remaining?: number;
  resetAt?: string;
}

/** A followed pull request as GitHub answered: open, closed or merged. */
export interface TrackedPr {
  number: number;
  state: 'open' | 'closed' | 'merged';
  isDraft: boolean;
  title: string;
  url: string;
  headRefName: string;
}

export interface ListResult {
  viewer: string;
  rateLimit?: RateBudget;
  categories: Partial<Record<CategoryId, CategoryPage>>;
  /** The followed pull requests GitHub knew, by number. */
  tracked: Record<number, TrackedPr>;
}

const trackedNode = z.object({
  number: z.number().int().positive(),
  state: z.enum(['OPEN', 'CLOSED', 'MERGED']),
  isDraft: z.boolean().optional().catch(false),
  title: z.string(),
  url: z.string(),
  headRefName: z.string().optional().catch(''),
});

/** The followed pull requests of a response; a missing repository or number is left out. */
function mapTracked(raw: unknown): Record<number, TrackedPr> {
  const out: Record<number, TrackedPr> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [alias, node] of Object.entries(raw)) {
    const n = trackedNode.safeParse(node);
    if (!/^pr\d+$/.test(alias) || !n.success) continue;
    const { number, state, isDraft, title, url, headRefName } = n.data;
    out[number] = {
      number,
      state: state.toLowerCase() as TrackedPr['state'],
      isDraft: isDraft ?? false,
      title,
      url,
      headRefName: headRefName ?? '',
    };
  }
  return out;
}

const lenientEnum = <T extends string>(values: readonly [T, ...T[]]) =>
  z.enum(values).nullable().optional().catch(null);

const prNode = z
  .object({
    number: z.number().int().positive(),
    title: z.string(),
    url: z.string(),
    isDraft: z.boolean().optional().catch(false),
    mergeable: lenientEnum(['MERGEABLE', 'CONFLICTING', 'UNKNOWN']),
    reviewDecision: lenientEnum(['APPROVED', 'CHANGES_REQUESTED', 'REVIEW_REQUIRED']),
    updatedAt: z.string().optional().catch(undefined),
    isCrossRepository: z.boolean().optional().catch(false),
    headRefName: z.string().optional().catch(''),
    baseRefName: z.string().optional().catch(''),
    author: z.object({ login: z.string() }).nullable().optional().catch(null),
    commits: z
      .object({
        nodes: z
          .array(
            z
              .object({
                commit: z.object({ statusCheckRollup: z.object({ state: z.string() }).nullable().optional() }),
              })
              .nullable(),
          )
          .optional(),
      })
      .nullable()
      .optional()
      .catch(null),
  })
  .passthrough();

const searchPage = z.object({
  issueCount: z.number().int().nonnegative().optional().catch(0),
  pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
  // Search may return issues too (empty objects through the inline fragment): kept out below.
  nodes: z.array(z.unknown().nullable()),
});

const listResponse = z
  .object({
    viewer: z.object({ login: z.string() }),
    rateLimit: z
      .object({ cost: z.number().optional(), remaining: z.number().optional(), resetAt: z.string().optional() })
      .nullable()
      .optional()
      .catch(null),
  })
  .passthrough();

export function checksFromRollup(state: string | undefined | null): ChecksState {
  switch (state) {
    case 'SUCCESS':
      return 'passing';
    case 'FAILURE':
    case 'ERROR':
      return 'failing';
    case 'PENDING':
    case 'EXPECTED':
      return 'pending';
    default:
      return 'none';
  }
}

function mapNode(raw: unknown): PullRequestItem | undefined {
  const parsed = prNode.safeParse(raw);
  if (!parsed.success) return undefined;
  const n = parsed.data;
  const rollup = n.commits?.nodes?.[0]?.commit.statusCheckRollup?.state;
  return {
    number: n.number,
    title: n.title,
    url: n.url,
    author: n.author?.login ?? 'ghost',
    isDraft: n.isDraft ?? false,
    reviewDecision: n.reviewDecision ? (n.reviewDecision.toLowerCase() as ReviewDecision) : 'none',
    checks: checksFromRollup(rollup),
    mergeable: n.mergeable ? (n.mergeable.toLowerCase() as Mergeable) : 'unknown',
    headRefName: n.headRefName ?? '',
    baseRefName: n.baseRefName ?? '',
    isCrossRepository: n.isCrossRepository ?? false,
    updatedAt: n.updatedAt ?? '',
  };
}

export class ResponseShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResponseShapeError';
  }
}

/** Maps the `data` of a list or load-more response. Throws ResponseShapeError when unusable. */
export function mapListResponse(data: unknown, categories: readonly CategoryId[]): ListResult {
  const top = listResponse.safeParse(data);
  if (!top.success)
    throw new ResponseShapeError(`GitHub's answer had no viewer (${top.error.issues[0]?.message ?? 'bad shape'}).`);
  const record = data as Record<string, unknown>;
  const out: ListResult = { viewer: top.data.viewer.login, categories: {}, tracked: mapTracked(record.tracked) };
  if (top.data.rateLimit) out.rateLimit = { ...top.data.rateLimit };
  for (const c of categories) {
    const page = searchPage.safeParse(record[c]);
    if (!page.success)
      throw new ResponseShapeError(
        `GitHub's answer had no "${c}" search (${page.error.issues[0]?.message ?? 'bad shape'}).`,
      );
    const items = page.data.nodes.map(mapNode).filter((x): x is PullRequestItem => x !== undefined);
    out.categories[c] = {
      items,
      totalCount: page.data.issueCount ?? items.length,
      hasNextPage: page.data.pageInfo.hasNextPage,
      endCursor: page.data.pageInfo.endCursor,
    };
  }
  return out;
}
