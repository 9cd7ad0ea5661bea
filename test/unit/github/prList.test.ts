// The Pull Requests view's cost, measured on the fake GitHub through the real Octokit client
// (throttling + retry plugins): one full refresh of every category is one GraphQL request, and
// "Load More" is one more.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GitHubApi } from '../../../src/core/github/api';
import { PR_CACHE, PullRequestList } from '../../../src/core/github/prList';
import { endpointsFor, type RepoRef } from '../../../src/core/github/remote';
import { silentLogger } from '../../../src/core/ports';
import { RecordStore } from '../../../src/core/state/record';
import { createGitHubApi } from '../../../src/host/github/octokit';
import { DEFAULT_TOKEN, OTHER_TOKEN, startGitHubServer, type GitHubServer } from '../../fakes/githubServer.mjs';
import { MemoryKv } from '../support/memoryKv';

let server: GitHubServer;
let api: GitHubApi;
let ref: RepoRef;

beforeAll(async () => {
  server = await startGitHubServer();
  const ep = endpointsFor(server.url);
  if (!ep.ok) throw new Error(ep.message);
  api = createGitHubApi({ token: DEFAULT_TOKEN, endpoints: ep.endpoints, log: silentLogger, retryBaseMs: 1 });
  ref = { host: ep.endpoints.host, owner: 'acme', repo: 'widgets' };
});
afterAll(() => server.close());
beforeEach(() => server.clearFaults());

describe('request cost', () => {
  it('one refresh of all four categories = exactly 1 GraphQL request (and nothing else)', async () => {
    const list = new PullRequestList(new RecordStore(new MemoryKv(), silentLogger), silentLogger);
    list.setTarget(ref);
    const before = server.count();
    await list.refresh(api);
    expect(server.count() - before).toBe(1);
    expect(server.requests.at(-1)).toMatchObject({ route: 'graphql', method: 'POST', path: '/api/graphql' });

    const snap = list.current.snapshot!;
    expect(list.current.error).toBeUndefined();
    expect(snap.viewer).toBe('octocat');
    // The fake's seed: review requested from octocat on #100, #101, #106 and #110 + every 11th after; assigned #103, #104; authored #102, #105.
    expect(snap.categories.review.items.map((i) => i.number)).toEqual([100, 101, 106, 110, 121, 132, 143]);
    expect(snap.categories.assigned.items.map((i) => i.number)).toEqual([103, 104]);
    expect(snap.categories.created.items.map((i) => i.number)).toEqual([102, 105]);
    expect(snap.categories.all).toMatchObject({ totalCount: 45, hasNextPage: true });
    expect(snap.categories.all.items).toHaveLength(20);
    const draft = snap.categories.created.items.find((i) => i.number === 102)!;
    expect(draft).toMatchObject({ isDraft: true, checks: 'pending' });
    const conflict = snap.categories.assigned.items.find((i) => i.number === 103)!;
    expect(conflict).toMatchObject({ mergeable: 'conflicting', checks: 'passing', reviewDecision: 'review_required' });
  });

  it('Load More = exactly 1 more request per page, and stops at the end', async () => {
    const list = new PullRequestList(new RecordStore(new MemoryKv(), silentLogger), silentLogger);
    list.setTarget(ref);
    await list.refresh(api);
    const before = server.count('graphql');
    await list.loadMore(api, 'all');
    expect(server.count('graphql') - before).toBe(1);
    expect(list.current.snapshot!.categories.all.items).toHaveLength(40);
    await list.loadMore(api, 'all');
    expect(server.count('graphql') - before).toBe(2);
    const all = list.current.snapshot!.categories.all;
    expect(all.items).toHaveLength(45);
    expect(new Set(all.items.map((i) => i.number)).size).toBe(45);
    expect(all.hasNextPage).toBe(false);
    await list.loadMore(api, 'all');
    await list.loadMore(api, 'review');
    expect(server.count('graphql') - before).toBe(2);
  });

  it('concurrent refreshes share one request', async () => {
    const list = new PullRequestList(new RecordStore(new MemoryKv(), silentLogger), silentLogger);
    list.setTarget(ref);
    const before = server.count();
    await Promise.all([list.refresh(api), list.refresh(api), list.refresh(api)]);
    expect(server.count() - before).toBe(1);
  });
});

describe('cache', () => {
  it('paints the last result at once after a restart, without a request; another account sees none of it', async () => {
    const kv = new MemoryKv();
    const first = new PullRequestList(new RecordStore(kv, silentLogger), silentLogger);
    first.setTarget(ref);
    await first.refresh(api);
    expect(kv.map.has(PR_CACHE.key)).toBe(true);

    const before = server.count();
    const restarted = new PullRequestList(new RecordStore(kv, silentLogger), silentLogger);
    restarted.setTarget(ref, 'octocat');
    expect(restarted.current.fromCache).toBe(true);
    expect(restarted.current.snapshot!.categories.all.items).toHaveLength(20);
    expect(server.count()).toBe(before);

    const other = new PullRequestList(new RecordStore(kv, silentLogger), silentLogger);
    other.setTarget(ref, 'hubot');
    expect(other.current.snapshot).toBeUndefined();
  });

  it('a corrupt cache record is reset, not fatal', () => {
    const kv = new MemoryKv();
    kv.map.set(PR_CACHE.key, { v: 1, data: { entries: [{ key: 42 }] } });
    const list = new PullRequestList(new RecordStore(kv, silentLogger), silentLogger);
    list.setTarget(ref);
    expect(list.current.snapshot).toBeUndefined();
  });
});

describe('rate limits pause refreshes', () => {
  it('GraphQL RATE_LIMITED (HTTP 200): error says until when, and no request is made until then', async () => {
    let now = Date.now();
    const list = new PullRequestList(new RecordStore(new MemoryKv(), silentLogger), silentLogger, () => now);
    list.setTarget(ref);
    server.fault('graphql', 'graphqlRateLimited', { resetInSeconds: 600 });
    await list.refresh(api);
    expect(list.current.error).toMatchObject({ code: 'rate_limited' });
    expect(list.current.error!.message).toMatch(/paused until \d\d:\d\d/);
    expect(list.isPaused()).toBe(true);
    const before = server.count();
    await list.refresh(api);
    expect(server.count()).toBe(before);
    now += 601_000 + 1000;
    await list.refresh(api);
    expect(server.count() - before).toBe(1);
    expect(list.current.error).toBeUndefined();
    expect(list.current.snapshot).toBeDefined();
  });

  it('secondary 429 with retry-after 60: exactly 1 request, then a pause of 60 s with no request', async () => {
    let now = Date.now();
    const lines: string[] = [];
    const log = { ...silentLogger, warn: (m: string) => void lines.push(m) };
    const logged = createGitHubApi({ token: DEFAULT_TOKEN, endpoints: api.endpoints, log, retryBaseMs: 1 });
    const list = new PullRequestList(new RecordStore(new MemoryKv(), silentLogger), log, () => now);
    list.setTarget(ref);
    const before = server.count();
    server.fault('graphql', 'secondary429', { retryAfter: 60 });
    await list.refresh(logged);
    expect(server.count() - before).toBe(1);
    expect(list.current.error).toMatchObject({ code: 'rate_limited', rateLimitKind: 'secondary', status: 429 });
    expect(list.current.error!.message).toMatch(/Refreshes are paused until \d\d:\d\d\.$/);
    expect(list.current.pausedUntil! - now).toBeGreaterThanOrEqual(59_000);
    // Refreshes during the pause (a timer, the Refresh button) send nothing.
    await list.refresh(logged);
    now += 30_000;
    await list.refresh(logged);
    expect(server.count() - before).toBe(1);
    expect(lines.join('\n')).toMatch(/not sent again; GitHub asked to wait 60 s/);
    expect(lines.join('\n')).toMatch(/refreshes paused for (59|60) s \(until .*\), no request before then\./);
    expect(lines.join('\n')).not.toMatch(/waiting|retrying/i);
    now += 31_000;
    await list.refresh(logged);
    expect(server.count() - before).toBe(2);
    expect(list.current.error).toBeUndefined();
  });

  it('secondary 403 with retry-after pauses for that long', async () => {
    const now = Date.now();
    const list = new PullRequestList(new RecordStore(new MemoryKv(), silentLogger), silentLogger, () => now);
    list.setTarget(ref);
    server.fault('graphql', 'secondary', { retryAfter: 120 });
    await list.refresh(api);
    expect(list.current.error).toMatchObject({ code: 'rate_limited', rateLimitKind: 'secondary' });
    expect(list.current.pausedUntil! - now).toBeGreaterThanOrEqual(119_000);
  });

  it('a 401 leaves the last list on screen with the error (no prompt from here)', async () => {
    const list = new PullRequestList(new RecordStore(new MemoryKv(), silentLogger), silentLogger);
    list.setTarget(ref);
    await list.refresh(api);
    server.fault('graphql', 'unauthorized');
    await list.refresh(api);
    expect(list.current.error).toMatchObject({ code: 'unauthorized' });
    expect(list.current.snapshot).toBeDefined();
  });

  it('another account gets its own list', async () => {
    const ep = endpointsFor(server.url);
    if (!ep.ok) throw new Error(ep.message);
    const hubot = createGitHubApi({ token: OTHER_TOKEN, endpoints: ep.endpoints, log: silentLogger, retryBaseMs: 1 });
    const list = new PullRequestList(new RecordStore(new MemoryKv(), silentLogger), silentLogger);
    list.setTarget(ref);
    await list.refresh(hubot);
    expect(list.current.snapshot!.viewer).toBe('hubot');
    expect(list.current.snapshot!.categories.created.items).toEqual([]);
  });
});
