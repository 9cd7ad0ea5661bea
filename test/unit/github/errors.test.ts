import { describe, expect, it } from 'vitest';
import { GitHubError, toGitHubError, type ErrorContext } from '../../../src/core/github/errors';
import { localError } from '../../../src/core/github/localErrors';
import { formatClock } from '../../../src/core/github/rateLimit';
import { ctx } from './errorContext';

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
