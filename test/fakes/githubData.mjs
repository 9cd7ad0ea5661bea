// Data and wire shapes of the fake GitHub: the seeded pull requests, the search qualifiers it
// understands, the GraphQL field vocabulary it accepts, the REST pull object, and GitHub's real
// error bodies and headers for each fault.

// Token-shaped on purpose: tests check that redaction and the known-value filter keep it out of
// everything but the Authorization header.
export const DEFAULT_TOKEN = 'ghp_FAKEKataTestTokenNotReal0000000000000';
export const DEFAULT_LOGIN = 'octocat';
export const OTHER_TOKEN = 'ghp_FAKEOtherTestTokenNotReal000000000002';
export const OTHER_LOGIN = 'hubot';

const T0 = Date.parse('2026-07-01T12:00:00Z');

/** 45 open PRs (so "All Open" has three pages of 20), covering every status the view draws. */
export function seedPulls(slug) {
  const [owner] = slug.split('/');
  const named = [
    {
      title: 'Add dark mode toggle',
      author: 'alice',
      reviewers: ['octocat'],
      checks: 'SUCCESS',
      reviewDecision: 'REVIEW_REQUIRED',
      mergeable: 'MERGEABLE',
    },
    {
      title: 'Fix crash on empty config',
      author: 'bob',
      reviewers: ['octocat'],
      checks: 'FAILURE',
      reviewDecision: 'CHANGES_REQUESTED',
      mergeable: 'MERGEABLE',
    },
    {
      title: 'WIP: new settings page',
      author: 'octocat',
      draft: true,
      checks: 'PENDING',
      reviewDecision: null,
      mergeable: 'MERGEABLE',
    },
    {
      title: 'Bump the npm group with 3 updates',
      author: 'dependabot',
      assignees: ['octocat'],
      checks: 'SUCCESS',
      reviewDecision: 'REVIEW_REQUIRED',
      mergeable: 'CONFLICTING',
    },
    {
      title: 'Docs: fix README typos',
      author: 'carol',
      assignees: ['octocat'],
      checks: 'SUCCESS',
      reviewDecision: 'APPROVED',
      mergeable: 'MERGEABLE',
    },
    {
      title: 'Speed up widget rendering',
      author: 'octocat',
      checks: 'ERROR',
      reviewDecision: 'REVIEW_REQUIRED',
      mergeable: 'UNKNOWN',
      crossRepo: true,
    },
    {
      title: 'Add <b>HTML</b> & [links](command:evil) to titles',
      author: 'mallory',
      reviewers: ['octocat'],
      checks: null,
      reviewDecision: null,
      mergeable: 'MERGEABLE',
    },
  ];
  const pulls = [];
  for (let i = 0; i < 45; i++) {
    const n = named[i];
    const checks = ['SUCCESS', 'FAILURE', 'PENDING', 'EXPECTED', null][i % 5];
    pulls.push({
      number: 100 + i,
      title: n?.title ?? `Refactor module ${i}`,
      body: '',
      author: n?.author ?? ['alice', 'bob', 'carol', 'dave'][i % 4],
      draft: n?.draft ?? i % 9 === 8,
      state: 'open',
      headOwner: n?.crossRepo ? 'forker' : owner,
      headRef: `topic-${100 + i}`,
      baseRef: 'main',
      reviewers: n?.reviewers ?? (i % 11 === 10 ? ['octocat'] : []),
      assignees: n?.assignees ?? [],
      reviewDecision: n ? n.reviewDecision : ['APPROVED', 'REVIEW_REQUIRED', null][i % 3],
      checks: n ? n.checks : checks,
      mergeable: n?.mergeable ?? (i % 13 === 12 ? 'CONFLICTING' : 'MERGEABLE'),
      updatedAt: new Date(T0 - i * 3_600_000).toISOString(),
      isCrossRepository: !!n?.crossRepo,
    });
  }
  return pulls;
}

/** The qualifiers the extension sends: is:pr is:open repo: review-requested: assignee: author: sort:. */
export function searchPulls(repos, query, login) {
  const terms = query.split(/\s+/).filter(Boolean);
  const me = (v) => (v === '@me' ? login : v).toLowerCase();
  let repoSlug;
  const filters = [];
  for (const t of terms) {
    const [k, ...rest] = t.split(':');
    const v = rest.join(':');
    if (k === 'repo') repoSlug = v.toLowerCase();
    else if (k === 'is' && v === 'open') filters.push((p) => p.state === 'open');
    else if (k === 'is' && (v === 'pr' || v === 'pull-request')) filters.push(() => true);
    else if (k === 'review-requested') filters.push((p) => p.reviewers.some((r) => r.toLowerCase() === me(v)));
    else if (k === 'assignee') filters.push((p) => p.assignees.some((a) => a.toLowerCase() === me(v)));
    else if (k === 'author') filters.push((p) => p.author.toLowerCase() === me(v));
  }
  const sources = repoSlug ? [repos.get(repoSlug)].filter(Boolean) : [...repos.values()];
  const items = sources
    .filter((r) => !r.hidden)
    .flatMap((repo) => repo.pulls.map((pr) => ({ pr, repo })))
    .filter(({ pr }) => filters.every((f) => f(pr)))
    .sort((a, b) => b.pr.updatedAt.localeCompare(a.pr.updatedAt) || b.pr.number - a.pr.number);
  return { items, repoSlug };
}

const PR_VOCABULARY = new Set([
  'number',
  'title',
  'url',
  'isDraft',
  'state',
  'mergeable',
  'reviewDecision',
  'updatedAt',
  'createdAt',
  'isCrossRepository',
  'headRefName',
  'baseRefName',
  'author',
  'login',
  'commits',
  'last',
  'first',
  'nodes',
  'commit',
  'statusCheckRollup',
  'body',
  'additions',
  'deletions',
  'changedFiles',
  'mergeStateStatus',
  'headRepositoryOwner',
  'headRepository',
  'nameWithOwner',
]);

/** GitHub rejects unknown fields with `undefinedField`; so does the fake, for the PR selection. */
export function validateSelection(query) {
  const start = query.indexOf('... on PullRequest {');
  if (start < 0) return undefined;
  let depth = 0;
  let end = start;
  for (let i = query.indexOf('{', start); i < query.length; i++) {
    if (query[i] === '{') depth++;
    else if (query[i] === '}' && --depth === 0) {
      end = i;
      break;
    }
  }
  const block = query.slice(query.indexOf('{', start) + 1, end).replace(/:\s*\d+/g, '');
  for (const [word] of block.matchAll(/[A-Za-z_]\w*/g)) {
    if (!PR_VOCABULARY.has(word)) return `Field '${word}' doesn't exist on type 'PullRequest'`;
  }
  return undefined;
}

export function graphqlNode(pr, repo, baseUrl) {
  return {
    number: pr.number,
    title: pr.title,
    url: `${baseUrl}/${repo.slug}/pull/${pr.number}`,
    isDraft: pr.draft,
    state: pr.state.toUpperCase(),
    mergeable: pr.mergeable,
    reviewDecision: pr.reviewDecision,
    updatedAt: pr.updatedAt,
    isCrossRepository: pr.isCrossRepository,
    headRefName: pr.headRef,
    baseRefName: pr.baseRef,
    author: pr.author === 'ghost' ? null : { login: pr.author },
    commits: { nodes: [{ commit: { statusCheckRollup: pr.checks ? { state: pr.checks } : null } }] },
  };
}

export function restPull(pr, repo, baseUrl) {
  return {
    url: `${baseUrl}/api/v3/repos/${repo.slug}/pulls/${pr.number}`,
    html_url: `${baseUrl}/${repo.slug}/pull/${pr.number}`,
    number: pr.number,
    state: pr.state,
    title: pr.title,
    body: pr.body,
    draft: pr.draft,
    user: { login: pr.author, type: 'User' },
    head: {
      label: `${pr.headOwner}:${pr.headRef}`,
      ref: pr.headRef,
      sha: 'f'.repeat(40),
      repo: { full_name: `${pr.headOwner}/${repo.name}` },
    },
    base: {
      label: `${repo.owner}:${pr.baseRef}`,
      ref: pr.baseRef,
      sha: 'e'.repeat(40),
      repo: { full_name: repo.slug },
    },
    created_at: pr.updatedAt,
    updated_at: pr.updatedAt,
  };
}

const SAML_REST =
  'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.';
const samlGraphql = (org) =>
  `\`${org}\` organization has enabled or enforced SAML SSO. To access this repository, you must use the HTTPS remote with a personal access token or SSH with an SSH key and passphrase that has been authorized for this organization. Visit https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/ for more information.`;

/** GitHub's own bodies and headers per fault. `resource` is graphql or core. */
export const FAULTS = {
  unauthorized: () => ({
    status: 401,
    body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' },
    headers: {},
  }),
  secondary: ({ retryAfter }) => ({
    status: 403,
    body: {
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FAKE:1.',
      documentation_url:
        'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      status: '403',
    },
    headers: { 'retry-after': String(retryAfter) },
  }),
  secondary429: ({ retryAfter }) => ({
    status: 429,
    body: {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      documentation_url:
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      status: '429',
    },
    headers: { 'retry-after': String(retryAfter) },
  }),
  primary: ({ reset }) => ({
    status: 403,
    body: {
      message: 'API rate limit exceeded for user ID 583231.',
      documentation_url:
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit',
      status: '403',
    },
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '5000', 'x-ratelimit-reset': String(reset) },
  }),
  graphqlRateLimited: ({ reset }) => ({
    status: 200,
    body: {
      data: null,
      errors: [
        {
          type: 'RATE_LIMITED',
          code: 'graphql_rate_limit',
          message: 'API rate limit already exceeded for user ID 583231.',
        },
      ],
    },
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '5000', 'x-ratelimit-reset': String(reset) },
  }),
  saml: ({ resource, org, baseUrl }) =>
    resource === 'graphql'
      ? {
          status: 200,
          body: {
            data: null,
            errors: [
              {
                type: 'FORBIDDEN',
                path: ['all'],
                extensions: { saml_failure: true },
                locations: [{ line: 5, column: 3 }],
                message: samlGraphql(org),
              },
            ],
          },
          headers: {},
        }
      : {
          status: 403,
          body: {
            message: SAML_REST,
            documentation_url:
              'https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/',
            status: '403',
          },
          headers: {
            'x-github-sso': `required; url=${baseUrl}/orgs/${org}/sso?authorization_request=AZSCKtL4U8yX1H3sCQIVnVgmjmon5fWxks5YrqhJgah0b2tlbl9pZM4EuMz4`,
          },
        },
  forbidden: () => ({
    status: 403,
    body: {
      message: 'Resource not accessible by personal access token',
      documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
      status: '403',
    },
    headers: {},
  }),
  notFound: () => ({
    status: 404,
    body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
    headers: {},
  }),
  noCommits: () => ({
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource: 'PullRequest', code: 'custom', message: 'No commits between main and feature' }],
      documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
      status: '422',
    },
    headers: {},
  }),
  alreadyExists: () => ({
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for acme:feature.' }],
      documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
      status: '422',
    },
    headers: {},
  }),
  badGateway: () => ({ status: 502, body: { message: 'Server Error' }, headers: {} }),
};
