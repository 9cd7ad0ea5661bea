// The stored pull request state of a space row follows GitHub through the Pull Requests data: the
// list's one GraphQL request also asks for the linked pull requests by number (against the fake
// GitHub, a real HTTP server, with the real Octokit client), and a merged or closed one is written
// back to the space's metadata and shown as such. No request per row.
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubApi } from '../../../src/core/github/api';
import { PullRequestList } from '../../../src/core/github/prList';
import {
  listQuery,
  listVariables,
  MAX_TRACKED,
  trackedNumbers,
  type TrackedPr,
} from '../../../src/core/github/prQuery';
import { endpointsFor, type RepoRef } from '../../../src/core/github/remote';
import { silentLogger } from '../../../src/core/ports';
import type { SpacePrLink } from '../../../src/core/spaces/meta';
import { followedPrs, prUpdates } from '../../../src/core/spaces/prState';
import { linkedPrOf, prLabel } from '../../../src/core/spaces/present';
import { RecordStore } from '../../../src/core/state/record';
import { createGitHubApi } from '../../../src/host/github/octokit';
import { DEFAULT_TOKEN, startGitHubServer, type GitHubServer } from '../../fakes/githubServer.mjs';
import { MemoryKv } from '../support/memoryKv';
import { git, makeRepo, openRepo, type Fixture } from './repos';

let server: GitHubServer;
let api: GitHubApi;
let ref: RepoRef;
const newList = () => new PullRequestList(new RecordStore(new MemoryKv(), silentLogger), silentLogger);

beforeAll(async () => {
  server = await startGitHubServer();
  const ep = endpointsFor(server.url);
  if (!ep.ok) throw new Error(ep.message);
  api = createGitHubApi({ token: DEFAULT_TOKEN, endpoints: ep.endpoints, log: silentLogger, retryBaseMs: 1 });
  ref = { host: ep.endpoints.host, owner: 'acme', repo: 'widgets' };
});
afterAll(() => server.close());

const pull = (n: number) => server.repo('acme/widgets')!.pulls.find((p) => p.number === n)!;

describe('the query follows linked pull requests by number', () => {
  it('adds one aliased repository lookup, only when there is something to follow', () => {
    expect(listQuery()).not.toMatch(/repository\(/);
    expect(listVariables(ref)).not.toHaveProperty('owner');
    const q = listQuery(undefined, [7, 3, 7]);
    expect(q).toMatch(/\$owner: String!, \$name: String!/);
    expect(q).toMatch(
      /tracked: repository\(owner: \$owner, name: \$name\) \{ pr3: pullRequest\(number: 3\) \{[^}]*state[^}]*\} pr7:/,
    );
    expect(listVariables(ref, undefined, undefined, [7])).toMatchObject({ owner: 'acme', name: 'widgets' });
    expect(trackedNumbers([0, -1, 2.5, 4, 4, Number.NaN])).toEqual([4]);
    expect(trackedNumbers(Array.from({ length: 100 }, (_, i) => i + 1))).toHaveLength(MAX_TRACKED);
  });

  it('one refresh = one GraphQL request, and it knows merged and closed pull requests the lists leave out', async () => {
    pull(100).state = 'merged';
    pull(101).state = 'closed';
    try {
      const list = newList();
      list.setTarget(ref);
      list.track([
        { repo: 'acme/widgets', number: 100 },
        { repo: 'Acme/Widgets', number: 101 },
        { repo: 'acme/widgets', number: 102 },
        { repo: 'someone/else', number: 5 },
      ]);
      const before = server.count();
      await list.refresh(api);
      expect(server.count() - before).toBe(1);
      const req = server.requests.at(-1)!;
      expect(req.route).toBe('graphql');
      expect(req.body.query).not.toMatch(/pr5:/);
      expect(list.current.error).toBeUndefined();
      const t = list.current.tracked!;
      expect(Object.keys(t).map(Number)).toEqual([100, 101, 102]);
      expect([t[100]!.state, t[101]!.state, t[102]!.state]).toEqual(['merged', 'closed', 'open']);
      expect(t[100]!.url).toMatch(/\/acme\/widgets\/pull\/100$/);
      // The open lists still list open ones only.
      const all = list.current.snapshot!.categories.all.items.map((i) => i.number);
      expect(all).not.toContain(100);
      expect(all).toContain(102);
    } finally {
      pull(100).state = 'open';
      pull(101).state = 'open';
    }
  });

  it('a followed number GitHub does not know leaves the lists intact', async () => {
    const list = newList();
    list.setTarget(ref);
    list.track([
      { repo: 'acme/widgets', number: 9999 },
      { repo: 'acme/widgets', number: 103 },
    ]);
    const before = server.count();
    await list.refresh(api);
    expect(server.count() - before).toBe(1);
    expect(list.current.error).toBeUndefined();
    expect(list.current.snapshot!.categories.all.items).toHaveLength(20);
    expect(Object.keys(list.current.tracked!)).toEqual(['103']);
  });
});

const link = (over: Partial<SpacePrLink> = {}): SpacePrLink => ({
  number: 7,
  url: 'https://github.com/acme/app/pull/7',
  title: 'Login page',
  repo: 'acme/app',
  branch: 'kata/login',
  isDraft: true,
  state: 'open',
  createdAt: 1,
  ...over,
});
const answered = (over: Partial<TrackedPr> = {}): TrackedPr => ({
  number: 7,
  state: 'merged',
  isDraft: false,
  title: 'Login page',
  url: 'https://github.com/acme/app/pull/7',
  headRefName: 'kata/login',
  ...over,
});

describe('the stored link follows what GitHub answered', () => {
  const row = { path: '/r.spaces/login', isMain: false, branch: 'kata/login', meta: { pr: link() } } as Parameters<
    typeof prUpdates
  >[0][number];

  it('follows the links that still apply, and updates the ones GitHub answers differently', () => {
    expect(followedPrs([row, { ...row, branch: 'kata/other' }, { ...row, isMain: true }])).toEqual([
      { repo: 'acme/app', number: 7 },
    ]);
    expect(prUpdates([row], () => answered())).toEqual([
      { path: row.path, pr: { ...link(), state: 'merged', isDraft: false } },
    ]);
    expect(prUpdates([row], () => answered({ state: 'open', isDraft: true }))).toEqual([]);
    expect(prUpdates([row], () => undefined)).toEqual([]);
    // The same number in another repository is another pull request.
    expect(prUpdates([row], () => answered({ url: 'https://github.com/fork/app/pull/7' }))).toEqual([]);
    expect(prUpdates([{ ...row, branch: 'kata/other' }], () => answered())).toEqual([]);
  });

  let fx: Fixture | undefined;
  afterEach(() => {
    fx?.cleanup();
    fx = undefined;
  });

  it('a merged PR, written back, shows as merged on the row without another git read', async () => {
    fx = makeRepo();
    const spacePath = path.join(fx.tmp, 'app.spaces', 'login');
    git(fx.main, 'worktree', 'add', '-q', '-b', 'kata/login', spacePath, 'origin/main');
    const { repo, meta } = await openRepo(fx.main);
    let rows = await repo.refresh();
    const p = rows.find((r) => r.branch === 'kata/login')!.path;
    await meta.linkPr(
      repo.commonDir,
      p,
      { task: 'login', branch: 'kata/login', base: 'main', baseRef: '', createdAt: 1 },
      link(),
    );
    rows = await repo.refresh();
    expect(prLabel(linkedPrOf(rows.find((r) => r.path === p)!)!)).toBe('PR #7 draft');
    for (const u of prUpdates(repo.current, () => answered()))
      await meta.update(repo.commonDir, u.path, (m) => ({ ...m, pr: u.pr }));
    repo.refreshMeta();
    const shown = repo.current.find((r) => r.path === p)!;
    expect(prLabel(linkedPrOf(shown)!)).toBe('PR #7 merged');
    expect(meta.get(repo.commonDir, p)?.pr).toMatchObject({ state: 'merged', isDraft: false });
  });
});
