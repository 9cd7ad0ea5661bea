// GitHub's failures as real Octokit receives them from the fake GitHub (HTTP, headers, GraphQL
// errors inside a 200), mapped by toGitHubError; the body-only mapping is in errors.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubApi } from '../../../src/core/github/api';
import { toGitHubError, type ErrorContext } from '../../../src/core/github/errors';
import { checkToken } from '../../../src/core/github/authPolicy';
import { endpointsFor } from '../../../src/core/github/remote';
import { silentLogger } from '../../../src/core/ports';
import { createGitHubApi, GITHUB_API_VERSION } from '../../../src/host/github/octokit';
import { DEFAULT_TOKEN, startGitHubServer, type GitHubServer } from '../../fakes/githubServer.mjs';
import { ctx } from './errorContext';

describe('through real Octokit against the fake GitHub', () => {
  let server: GitHubServer;
  let api: GitHubApi;
  const seen: Array<[number, string]> = [];
  const list = () => api.graphql('query { viewer { login } }', {});
  const create = () =>
    api.createPull({
      owner: 'acme',
      repo: 'widgets',
      title: 't',
      body: 'b',
      head: 'acme:feature',
      base: 'main',
      draft: false,
    });
  const mapped = async (p: Promise<unknown>, op: ErrorContext['op'] = 'create') => {
    try {
      await p;
    } catch (e) {
      return toGitHubError(e, { ...ctx, host: '127.0.0.1', op });
    }
    throw new Error('expected a failure');
  };

  beforeAll(async () => {
    server = await startGitHubServer({
      repos: { 'acme/widgets': { branches: { main: { ahead: 0 }, feature: { ahead: 2 }, empty: { ahead: 0 } } } },
    });
    const ep = endpointsFor(server.url);
    if (!ep.ok) throw new Error(ep.message);
    api = createGitHubApi({
      token: DEFAULT_TOKEN,
      endpoints: ep.endpoints,
      log: silentLogger,
      retryBaseMs: 1,
      onRateLimit: (at, kind) => seen.push([at, kind]),
    });
  });
  afterAll(() => server.close());

  it('GraphQL RATE_LIMITED in a 200 on /api/graphql', async () => {
    server.fault('graphql', 'graphqlRateLimited', { resetInSeconds: 900 });
    const e = await mapped(list(), 'list');
    expect(e).toMatchObject({ code: 'rate_limited', rateLimitKind: 'primary' });
    expect(e.retryAt! - Date.now()).toBeGreaterThan(880_000);
  });
  it('secondary 403 with retry-after: reported, not retried for a long wait', async () => {
    const before = server.count('graphql');
    server.fault('graphql', 'secondary', { retryAfter: 90 });
    const e = await mapped(list(), 'list');
    expect(e).toMatchObject({ code: 'rate_limited', rateLimitKind: 'secondary' });
    expect(server.count('graphql') - before).toBe(1);
    expect(seen.at(-1)?.[1]).toBe('secondary');
  });
  it('secondary 429 with a short retry-after is waited out once, then succeeds', async () => {
    const before = server.count('graphql');
    server.fault('graphql', 'secondary429', { retryAfter: 1 });
    await expect(list()).resolves.toEqual({ viewer: { login: 'octocat' } });
    expect(server.count('graphql') - before).toBe(2);
  });
  it('secondary 429 with retry-after 60: one request, then a pause until then (no retry by the client)', async () => {
    const before = server.count('graphql');
    const t0 = Date.now();
    server.fault('graphql', 'secondary429', { retryAfter: 60 });
    const e = await mapped(list(), 'list');
    expect(e).toMatchObject({ code: 'rate_limited', rateLimitKind: 'secondary' });
    expect(e.retryAt! - t0).toBeGreaterThanOrEqual(59_000);
    expect(server.count('graphql') - before).toBe(1);
    expect(seen.at(-1)?.[1]).toBe('secondary');
  });
  it('every REST and GraphQL request carries X-GitHub-Api-Version 2022-11-28', async () => {
    const before = server.requests.length;
    await list();
    await api.getViewer();
    await api.getRepo('acme', 'widgets');
    await api.listBranches('acme', 'widgets');
    await api.listOpenPulls('acme', 'widgets', 'acme:feature');
    // A create that GitHub refuses (no commits between the branches) still went out with the header.
    await api
      .createPull({
        owner: 'acme',
        repo: 'widgets',
        title: 't',
        body: 'b',
        head: 'acme:empty',
        base: 'main',
        draft: false,
      })
      .catch(() => undefined);
    const sent = server.requests.slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(6);
    expect(
      sent.filter((r) => r.headers['x-github-api-version'] !== GITHUB_API_VERSION).map((r) => `${r.method} ${r.path}`),
    ).toEqual([]);
    expect(GITHUB_API_VERSION).toBe('2022-11-28');
  });
  it('SAML on REST and on GraphQL', async () => {
    server.fault('pulls.create', 'saml', { org: 'initech' });
    expect(await mapped(create())).toMatchObject({
      code: 'saml',
      org: 'initech',
      ssoUrl: expect.stringContaining('/orgs/initech/sso'),
    });
    server.fault('graphql', 'saml', { org: 'initech' });
    expect(await mapped(list(), 'list')).toMatchObject({ code: 'saml', org: 'initech' });
  });
  it('401 bad token, 404 hidden repository', async () => {
    const bad = createGitHubApi({
      token: 'ghp_' + 'n'.repeat(36),
      endpoints: api.endpoints,
      log: silentLogger,
      retryBaseMs: 1,
    });
    expect(await mapped(bad.getViewer(), 'user')).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(await mapped(api.getRepo('acme', 'nope'), 'repo')).toMatchObject({ code: 'not_found', status: 404 });
  });
  it('422s come from the real create logic: no commits, then already exists', async () => {
    const none = await mapped(
      api.createPull({
        owner: 'acme',
        repo: 'widgets',
        title: 't',
        body: 'b',
        head: 'acme:empty',
        base: 'main',
        draft: false,
      }),
    );
    expect(none).toMatchObject({ code: 'no_commits' });
    expect(none.message).toContain('No commits between main and empty');
    const first = await create();
    expect(first).toMatchObject({ head: 'acme:feature', url: `${server.url}/acme/widgets/pull/${first.number}` });
    const again = await mapped(create());
    expect(again).toMatchObject({ code: 'already_exists', message: 'A pull request already exists for acme:feature.' });
  });
  it('a refused connection is a network error', async () => {
    const dead = createGitHubApi({
      token: DEFAULT_TOKEN,
      endpoints: { ...api.endpoints, restUrl: 'http://127.0.0.1:9/api/v3' },
      log: silentLogger,
      retryBaseMs: 1,
    });
    expect(await mapped(dead.getViewer(), 'user')).toMatchObject({ code: 'network' });
  });
});

describe('rate limits through Octokit: requests sent and what the log says', () => {
  let server: GitHubServer;
  let api: GitHubApi;
  const lines: string[] = [];
  const log = { ...silentLogger, warn: (m: string) => void lines.push(m) };

  beforeAll(async () => {
    server = await startGitHubServer({
      repos: {
        'acme/widgets': {},
        'acme/private': { private: true, drafts: false, branches: { main: { ahead: 0 }, feature: { ahead: 1 } } },
      },
    });
    const ep = endpointsFor(server.url);
    if (!ep.ok) throw new Error(ep.message);
    api = createGitHubApi({ token: DEFAULT_TOKEN, endpoints: ep.endpoints, log, retryBaseMs: 1 });
  });
  afterAll(() => server.close());

  const since = (n: number) => lines.slice(n).join('\n');

  it('429 with retry-after 60 on REST: 1 request, the log says it was not sent again and for how long', async () => {
    const before = server.count('user');
    const n = lines.length;
    server.fault('user', 'secondary429', { retryAfter: 60 });
    const check = await checkToken(api, '127.0.0.1');
    expect(server.count('user') - before).toBe(1);
    expect(since(n)).toMatch(/secondary rate limit on GET \/user: not sent again; GitHub asked to wait 60 s \(until /);
    expect(since(n)).not.toMatch(/waiting|retrying/i);
    // "Set GitHub Token…" says what is true for it, not the list's wording.
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.message).toMatch(
      /token could not be checked\. Nothing was saved\. Run Set GitHub Token… again after \d\d:\d\d\./,
    );
    expect(check.message).not.toMatch(/paused|refreshes by itself|\.\./i);
  });

  it('primary 403 (x-ratelimit-remaining 0) waits for the reset: 1 request, the log names the wait', async () => {
    const before = server.count('repo');
    const n = lines.length;
    server.fault('repo', 'primary', { resetInSeconds: 600 });
    await expect(api.getRepo('acme', 'widgets')).rejects.toMatchObject({ status: 403 });
    expect(server.count('repo') - before).toBe(1);
    expect(since(n)).toMatch(
      /primary rate limit on GET \/repos\/\{owner\}\/\{repo\}: not sent again; GitHub asked to wait \d+ s/,
    );
  });

  it('a short retry-after is waited out once: 2 requests, and the log says it waited', async () => {
    const before = server.count('graphql');
    const n = lines.length;
    server.fault('graphql', 'secondary429', { retryAfter: 1 });
    await expect(api.graphql('query { viewer { login } }', {})).resolves.toEqual({ viewer: { login: 'octocat' } });
    expect(server.count('graphql') - before).toBe(2);
    expect(since(n)).toMatch(/secondary rate limit on POST \S*\/graphql: waiting 1 s, then sending it once more\./);
  });

  it('"drafts not supported" from GitHub ends with exactly one full stop', async () => {
    let err: unknown;
    await api
      .createPull({
        owner: 'acme',
        repo: 'private',
        title: 't',
        body: 'b',
        head: 'acme:feature',
        base: 'main',
        draft: true,
      })
      .catch((e: unknown) => (err = e));
    const e = toGitHubError(err, { ...ctx, repo: 'acme/private', host: '127.0.0.1' });
    expect(e.code).toBe('validation');
    expect(e.message).toBe('GitHub rejected the request: Draft pull requests are not supported in this repository.');
  });
});
