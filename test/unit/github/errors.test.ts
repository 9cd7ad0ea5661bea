import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubApi } from '../../../src/core/github/api';
import { GitHubError, localError, toGitHubError, type ErrorContext } from '../../../src/core/github/errors';
import { checkToken } from '../../../src/core/github/authPolicy';
import { formatClock } from '../../../src/core/github/rateLimit';
import { endpointsFor } from '../../../src/core/github/remote';
import { silentLogger } from '../../../src/core/ports';
import { createGitHubApi, GITHUB_API_VERSION } from '../../../src/host/github/octokit';
import { DEFAULT_TOKEN, startGitHubServer, type GitHubServer } from '../../fakes/githubServer.mjs';

const ctx: ErrorContext = {
  op: 'create',
  host: 'github.com',
  repo: 'acme/widgets',
  login: 'octocat',
  head: 'acme:feature',
  base: 'main',
};
const NOW = Date.parse('2026-07-01T12:00:00Z');

/** A RequestError-shaped value, as Octokit throws it. */
const http = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
  name: 'HttpError',
  status,
  message: 'x',
  response: { status, headers, data },
  request: {},
});

describe('toGitHubError (GitHub bodies)', () => {
  it('401 → unauthorized with sign-in actions', () => {
    const e = toGitHubError(http(401, { message: 'Bad credentials' }), ctx, NOW);
    expect(e).toMatchObject({ code: 'unauthorized', status: 401, actions: ['signIn', 'setToken'] });
    expect(e.message).toContain('Bad credentials');
  });
  it('secondary 403 with retry-after → rate_limited (secondary) until then', () => {
    const e = toGitHubError(
      http(
        403,
        { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
        { 'retry-after': '120' },
      ),
      ctx,
      NOW,
    );
    expect(e).toMatchObject({ code: 'rate_limited', rateLimitKind: 'secondary', retryAt: NOW + 120_000 });
    expect(`${e.message} ${e.remediation}`).toContain(formatClock(NOW + 120_000));
  });
  it('rate-limit wording fits the action: only the list speaks of paused refreshes', () => {
    const limit = http(429, { message: 'Too many' }, { 'retry-after': '60' });
    const until = formatClock(NOW + 60_000);
    const list = toGitHubError(limit, { ...ctx, op: 'list' }, NOW);
    expect(list.message).toContain(`Refreshes are paused until ${until}.`);
    expect(list.remediation).toBe('Nothing to do: the view refreshes by itself after that time.');
    const expected: Record<Exclude<ErrorContext['op'], 'list'>, RegExp> = {
      user: /token could not be checked[\s\S]*Set GitHub Token… again after/,
      repo: /repository could not be read[\s\S]*Try again after/,
      existing: /none was created[\s\S]*create the pull request again after/,
      create: /pull request was not created[\s\S]*create the pull request again after/,
    };
    for (const [op, wording] of Object.entries(expected)) {
      const e = toGitHubError(limit, { ...ctx, op: op as ErrorContext['op'] }, NOW);
      const text = `${e.message} ${e.remediation}`;
      expect(text, op).toMatch(wording);
      expect(text, op).toContain(until);
      expect(text, op).not.toMatch(/paused|refreshes by itself/i);
      expect(text, op).not.toMatch(/\.\./);
    }
  });
  it('a 422 whose message already ends with a full stop gets no second one', () => {
    const e = toGitHubError(
      http(422, {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'PullRequest',
            code: 'custom',
            message: 'Draft pull requests are not supported in this repository.',
          },
        ],
      }),
      ctx,
      NOW,
    );
    expect(e.message).toBe('GitHub rejected the request: Draft pull requests are not supported in this repository.');
  });
  it('429 → secondary rate limit; without retry-after waits 60 s', () => {
    expect(toGitHubError(http(429, { message: 'Too many' }), ctx, NOW)).toMatchObject({
      code: 'rate_limited',
      retryAt: NOW + 60_000,
    });
  });
  it('primary 403 with x-ratelimit-remaining 0 → until x-ratelimit-reset', () => {
    const reset = NOW / 1000 + 600;
    const e = toGitHubError(
      http(
        403,
        { message: 'API rate limit exceeded for user ID 1.' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      ),
      ctx,
      NOW,
    );
    expect(e).toMatchObject({ code: 'rate_limited', rateLimitKind: 'primary', retryAt: reset * 1000 + 1000 });
  });
  it('GraphQL RATE_LIMITED inside HTTP 200 (GraphqlResponseError shape)', () => {
    const reset = NOW / 1000 + 300;
    const err = {
      name: 'GraphqlResponseError',
      message: 'Request failed due to following response errors:\n - API rate limit already exceeded',
      errors: [{ type: 'RATE_LIMITED', message: 'API rate limit already exceeded for user ID 1.' }],
      headers: { 'x-ratelimit-reset': String(reset) },
      data: null,
    };
    expect(toGitHubError(err, { ...ctx, op: 'list' }, NOW)).toMatchObject({
      code: 'rate_limited',
      rateLimitKind: 'primary',
      retryAt: reset * 1000 + 1000,
    });
  });
  it('SAML 403 names the org from x-github-sso and offers authorization', () => {
    const e = toGitHubError(
      http(
        403,
        {
          message:
            'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.',
        },
        { 'x-github-sso': 'required; url=https://github.com/orgs/initech/sso?authorization_request=abc' },
      ),
      ctx,
      NOW,
    );
    expect(e).toMatchObject({
      code: 'saml',
      org: 'initech',
      ssoUrl: 'https://github.com/orgs/initech/sso?authorization_request=abc',
      actions: ['authorizeSso', 'signIn'],
    });
    expect(e.message).toContain('"initech"');
  });
  it('SAML inside a GraphQL 200 names the org from the message', () => {
    const err = {
      name: 'GraphqlResponseError',
      message: 'x',
      errors: [
        {
          type: 'FORBIDDEN',
          message: '`initech` organization has enabled or enforced SAML SSO. To access this repository…',
        },
      ],
      headers: {},
    };
    expect(toGitHubError(err, { ...ctx, op: 'list' }, NOW)).toMatchObject({ code: 'saml', org: 'initech' });
  });
  it('other 403 → forbidden, saying what the account may not do', () => {
    const e = toGitHubError(http(403, { message: 'Resource not accessible by personal access token' }), ctx, NOW);
    expect(e.code).toBe('forbidden');
    expect(e.message).toContain('@octocat may not create pull requests in acme/widgets');
  });
  it('404 → not_found naming the repository and the account', () => {
    const e = toGitHubError(http(404, { message: 'Not Found' }), ctx, NOW);
    expect(e.code).toBe('not_found');
    expect(e.message).toBe('acme/widgets was not found on github.com, or @octocat cannot see it.');
  });
  it('422 No commits between → no_commits with push/commit actions', () => {
    const e = toGitHubError(
      http(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'PullRequest', code: 'custom', message: 'No commits between main and feature' }],
      }),
      ctx,
      NOW,
    );
    expect(e).toMatchObject({ code: 'no_commits', actions: ['push', 'commit'] });
    expect(e.message).toContain('No commits between main and feature');
  });
  it('422 A pull request already exists → already_exists', () => {
    const e = toGitHubError(
      http(422, {
        message: 'Validation Failed',
        errors: [
          { resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for acme:feature.' },
        ],
      }),
      ctx,
      NOW,
    );
    expect(e).toMatchObject({
      code: 'already_exists',
      message: 'A pull request already exists for acme:feature.',
      actions: ['openExisting'],
    });
  });
  it('other 422 → validation with the field errors', () => {
    const e = toGitHubError(
      http(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'PullRequest', field: 'base', code: 'invalid' }],
      }),
      ctx,
      NOW,
    );
    expect(e.code).toBe('validation');
    expect(e.message).toContain('PullRequest base invalid');
  });
  it('5xx, network failure, abort', () => {
    expect(toGitHubError(http(502, { message: 'Server Error' }), ctx, NOW).code).toBe('server');
    const net = toGitHubError(
      { name: 'HttpError', status: 500, message: 'connect ECONNREFUSED 127.0.0.1:1', request: {} },
      ctx,
      NOW,
    );
    expect(net.code).toBe('network');
    expect(net.message).toContain('Could not reach github.com');
    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    expect(toGitHubError(abort, ctx, NOW).code).toBe('cancelled');
  });
  it('a GitHubError passes through unchanged', () => {
    const g = localError('detached_head');
    expect(toGitHubError(g, ctx)).toBe(g);
    expect(g).toBeInstanceOf(GitHubError);
    expect(localError('nothing_to_compare', 'main').message).toContain('main');
  });
});

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
