// The Pull Requests view's data: painted at once from the cached last result, refreshed with one
// GraphQL request, extended by one request per "Load More". Rate limits pause refreshes until the
// time GitHub named; no request is made while paused.
import { Listeners } from '../listeners';
import { z } from 'zod';
import { errorMessage } from '../errorMessage';
import type { Logger } from '../ports';
import type { RecordSpec, RecordStore } from '../state/record';
import type { GitHubApi } from './api';
import { GitHubError, isGitHubError, toGitHubError } from './errors';
import {
  CATEGORY_IDS,
  listQuery,
  listVariables,
  mapListResponse,
  moreQuery,
  moreVariables,
  type CategoryId,
  type CategoryPage,
  type PullRequestItem,
  type TrackedPr,
} from './prQuery';
import { repoSlug, type RepoRef } from './remote';

/** Rows per category in the cache: a first page (20) with room to spare, small for globalState. */
const CACHED_ITEMS = 50;
const CACHED_REPOS = 5;

const item = z.object({
  number: z.number().int().positive(),
  title: z.string().max(1024),
  url: z.string().max(2048),
  author: z.string().max(256),
  isDraft: z.boolean(),
  reviewDecision: z.enum(['approved', 'changes_requested', 'review_required', 'none']),
  checks: z.enum(['passing', 'failing', 'pending', 'none']),
  mergeable: z.enum(['mergeable', 'conflicting', 'unknown']),
  headRefName: z.string().max(1024),
  baseRefName: z.string().max(1024),
  isCrossRepository: z.boolean(),
  updatedAt: z.string().max(64),
});

const page = z.object({
  items: z.array(item).max(CACHED_ITEMS),
  totalCount: z.number().int().nonnegative(),
  hasNextPage: z.boolean(),
  endCursor: z.string().max(1024).nullable(),
});

const snapshotSchema = z.object({
  /** `host/owner/repo`, plus the account: another account's list is never shown. */
  key: z.string().max(1024),
  viewer: z.string().max(256),
  fetchedAt: z.number().int().nonnegative(),
  categories: z.object({ review: page, assigned: page, created: page, all: page }),
});
export type PrSnapshot = z.infer<typeof snapshotSchema>;

const cacheSchema = z.object({ entries: z.array(snapshotSchema).max(CACHED_REPOS) });
export type PrCache = z.infer<typeof cacheSchema>;

export const PR_CACHE: RecordSpec<PrCache> = {
  key: 'kata.github.prCache',
  version: 1,
  schema: cacheSchema,
  fallback: () => ({ entries: [] }),
};

export const targetKey = (ref: RepoRef): string => `${ref.host}/${ref.owner}/${ref.repo}`.toLowerCase();

export interface PrListState {
  ref?: RepoRef;
  snapshot?: PrSnapshot;
  /** True while the snapshot shown is the cached one from an earlier session. */
  fromCache: boolean;
  loading: boolean;
  loadingMore: CategoryId[];
  error?: GitHubError;
  pausedUntil?: number;
  /** The followed pull requests (see track) as the last refresh found them, by number. */
  tracked?: Record<number, TrackedPr>;
}

/**
 * The data of a GraphQL answer that failed only because followed pull requests were not found
 * (a number of another repository, a repository renamed): the lists are still good.
 */
function partialData(e: unknown): unknown {
  if (typeof e !== 'object' || e === null) return undefined;
  const { data, errors } = e as { data?: unknown; errors?: unknown };
  if (!data || !Array.isArray(errors) || errors.length === 0) return undefined;
  const onlyTracked = errors.every(
    (x: { type?: unknown; path?: unknown }) =>
      x?.type === 'NOT_FOUND' && Array.isArray(x.path) && x.path[0] === 'tracked',
  );
  return onlyTracked ? data : undefined;
}

export class PullRequestList {
  private state: PrListState = { fromCache: false, loading: false, loadingMore: [] };
  private readonly listeners: Listeners;
  private inflight?: Promise<void>;
  private abort?: AbortController;
  private followed: readonly { repo: string; number: number }[] = [];

  constructor(
    private readonly records: RecordStore,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.listeners = new Listeners(log);
  }

  get current(): Readonly<PrListState> {
    return this.state;
  }

  onDidChange(listener: () => void): { dispose(): void } {
    return this.listeners.add(listener);
  }

  /** Switches to a repository (and account); paints its cached list, if any, without a request. */
  setTarget(ref: RepoRef | undefined, login?: string): void {
    const same = ref && this.state.ref && targetKey(ref) === targetKey(this.state.ref);
    if (same && (!login || this.state.snapshot?.viewer === login)) return;
    this.abort?.abort();
    this.inflight = undefined;
    let snapshot: PrSnapshot | undefined;
    if (ref) {
      const cached = this.records.read(PR_CACHE).entries.find((e) => e.key === targetKey(ref));
      if (cached && (!login || cached.viewer.toLowerCase() === login.toLowerCase())) snapshot = cached;
    }
    this.state = {
      ref,
      snapshot,
      fromCache: !!snapshot,
      loading: false,
      loadingMore: [],
      pausedUntil: this.state.pausedUntil,
    };
    this.fire();
  }

  /**
   * Pull requests to follow by number in every refresh (in the same request), whatever their
   * state: the ones linked to spaces (`repo` is `owner/name`). Those of another repository than
   * the list's are not asked for.
   */
  track(prs: readonly { repo: string; number: number }[]): void {
    this.followed = [...prs];
  }

  private trackedFor(ref: RepoRef): number[] {
    const slug = repoSlug(ref).toLowerCase();
    return this.followed.filter((p) => p.repo.toLowerCase() === slug).map((p) => p.number);
  }

  /** Forgets the shown list (sign-out): nothing of the previous account stays on screen. */
  clear(): void {
    this.abort?.abort();
    this.inflight = undefined;
    this.state = { ref: this.state.ref, fromCache: false, loading: false, loadingMore: [] };
    this.fire();
  }

  isPaused(): boolean {
    return this.state.pausedUntil !== undefined && this.state.pausedUntil > this.now();
  }

  /**
   * Refreshes every category with one GraphQL request. Concurrent calls share the request in
   * flight. While rate limited, returns without a request (the error says until when).
   */
  refresh(api: GitHubApi): Promise<void> {
    const ref = this.state.ref;
    if (!ref) return Promise.resolve();
    if (this.isPaused()) return Promise.resolve();
    if (this.inflight) return this.inflight;
    const ac = new AbortController();
    this.abort = ac;
    this.state = { ...this.state, loading: true };
    this.fire();
    const run = (async () => {
      try {
        const tracked = this.trackedFor(ref);
        const data = await api
          .graphql(listQuery(CATEGORY_IDS, tracked), listVariables(ref, CATEGORY_IDS, undefined, tracked), ac.signal)
          .catch((e: unknown) => {
            const partial = partialData(e);
            if (partial === undefined) throw e;
            this.log.info(`PR list: some followed pull requests were not found: ${errorMessage(e)}`);
            return partial;
          });
        if (ac.signal.aborted) return;
        const result = mapListResponse(data, CATEGORY_IDS);
        const categories = Object.fromEntries(CATEGORY_IDS.map((c) => [c, result.categories[c]!])) as Record<
          CategoryId,
          CategoryPage
        >;
        const snapshot: PrSnapshot = { key: targetKey(ref), viewer: result.viewer, fetchedAt: this.now(), categories };
        this.state = { ref, snapshot, fromCache: false, loading: false, loadingMore: [], tracked: result.tracked };
        if (result.rateLimit?.remaining !== undefined)
          this.log.debug(
            `PR list: GraphQL cost ${result.rateLimit.cost ?? '?'}, ${result.rateLimit.remaining} points left.`,
          );
        await this.persist(snapshot);
      } catch (e) {
        if (ac.signal.aborted) return;
        this.fail(e, ref);
      } finally {
        if (this.abort === ac) {
          this.inflight = undefined;
          this.state = { ...this.state, loading: false };
          this.fire();
        }
      }
    })();
    this.inflight = run;
    return run;
  }

  /** Appends the next page of one category (one request). */
  async loadMore(api: GitHubApi, category: CategoryId): Promise<void> {
    if (this.inflight) await this.inflight;
    const ref = this.state.ref;
    const snap = this.state.snapshot;
    const current = snap?.categories[category];
    if (!ref || !snap || !current?.hasNextPage || !current.endCursor || this.isPaused()) return;
    if (this.state.loadingMore.includes(category)) return;
    this.state = { ...this.state, loadingMore: [...this.state.loadingMore, category] };
    this.fire();
    const signal = this.abort?.signal;
    try {
      const data = await api.graphql(moreQuery(category), moreVariables(ref, category, current.endCursor), signal);
      const next = mapListResponse(data, [category]).categories[category]!;
      const latest = this.state.snapshot;
      if (!latest || latest.key !== snap.key) return;
      const seen = new Set(latest.categories[category].items.map((i) => i.number));
      const merged: CategoryPage = {
        items: [
          ...latest.categories[category].items,
          ...next.items.filter((i: PullRequestItem) => !seen.has(i.number)),
        ],
        totalCount: next.totalCount,
        hasNextPage: next.hasNextPage,
        endCursor: next.endCursor,
      };
      this.state = {
        ...this.state,
        snapshot: { ...latest, categories: { ...latest.categories, [category]: merged } },
        error: undefined,
      };
    } catch (e) {
      this.fail(e, ref);
    } finally {
      this.state = { ...this.state, loadingMore: this.state.loadingMore.filter((c) => c !== category) };
      this.fire();
    }
  }

  private fail(e: unknown, ref: RepoRef): void {
    const error = isGitHubError(e)
      ? e
      : toGitHubError(
          e,
          { op: 'list', host: ref.host, repo: `${ref.owner}/${ref.repo}`, login: this.state.snapshot?.viewer },
          this.now(),
        );
    const pausedUntil = error.code === 'rate_limited' ? error.retryAt : this.state.pausedUntil;
    if (error.code === 'rate_limited' && pausedUntil !== undefined) {
      const seconds = Math.max(0, Math.ceil((pausedUntil - this.now()) / 1000));
      const kind = error.rateLimitKind ? `${error.rateLimitKind} ` : '';
      this.log.warn(
        `Pull request list for ${ref.owner}/${ref.repo}: GitHub ${kind}rate limit; refreshes paused for ${seconds} s (until ${new Date(pausedUntil).toISOString()}), no request before then.`,
      );
    } else this.log.warn(`Pull request list for ${ref.owner}/${ref.repo} failed: ${error.code} ${error.message}`);
    this.state = { ...this.state, error, pausedUntil };
  }

  /** Keeps the first page of each category (what a refresh returns) for the next start. */
  private async persist(snapshot: PrSnapshot): Promise<void> {
    const others = this.records.read(PR_CACHE).entries.filter((e) => e.key !== snapshot.key);
    try {
      await this.records.write(PR_CACHE, { entries: [snapshot, ...others].slice(0, CACHED_REPOS) });
    } catch (e) {
      this.log.warn(`Could not cache the pull request list: ${errorMessage(e)}`);
    }
  }

  dispose(): void {
    this.abort?.abort();
    this.listeners.clear();
  }

  private fire(): void {
    this.listeners.fire();
  }
}
