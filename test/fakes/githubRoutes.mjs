// The fake GitHub's two answers with logic of their own: creating a pull request (REST POST, with
// GitHub's 422 validation bodies) and the GraphQL pull request search (aliases, `first` limit,
// cursors). githubServer.mjs routes to them after authentication and rate accounting.
import { graphqlNode, restPull, searchPulls, validateSelection } from './githubData.mjs';
import { aheadBy, branchExists } from './githubBranches.mjs';

export const json = (res, status, body, headers = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
};

export function createPull(res, repo, body, login, h, { baseUrl, created }) {
  const docs = 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request';
  const invalid = (errors) =>
    json(res, 422, { message: 'Validation Failed', errors, documentation_url: docs, status: '422' }, h);
  if (!body || typeof body !== 'object')
    return json(res, 400, { message: 'Problems parsing JSON', documentation_url: docs, status: '400' }, h);
  const missing = ['head', 'base'].filter((k) => typeof body[k] !== 'string' || !body[k]);
  if (missing.length)
    return invalid(missing.map((field) => ({ resource: 'PullRequest', code: 'missing_field', field })));
  if (typeof body.title !== 'string' || !body.title.trim())
    return invalid([{ resource: 'PullRequest', code: 'missing_field', field: 'title' }]);
  if (body.draft !== undefined && typeof body.draft !== 'boolean')
    return invalid([{ resource: 'PullRequest', code: 'invalid', field: 'draft' }]);
  // GitHub's answer for a draft where the plan does not offer drafts (a private repository on Free).
  if (body.draft === true && !repo.drafts)
    return invalid([
      {
        resource: 'PullRequest',
        code: 'custom',
        message: 'Draft pull requests are not supported in this repository.',
      },
    ]);
  const [headOwner, headRef] = body.head.includes(':') ? body.head.split(':') : [repo.owner, body.head];
  if (!branchExists(repo, body.base)) return invalid([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  const existing = repo.pulls.find(
    (p) =>
      p.state === 'open' &&
      p.headOwner.toLowerCase() === headOwner.toLowerCase() &&
      p.headRef === headRef &&
      p.baseRef === body.base,
  );
  if (existing)
    return invalid([
      {
        resource: 'PullRequest',
        code: 'custom',
        message: `A pull request already exists for ${headOwner}:${headRef}.`,
      },
    ]);
  const ahead = aheadBy(repo, body.base, headRef);
  if (ahead < 0) return invalid([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
  if (ahead === 0)
    return invalid([
      { resource: 'PullRequest', code: 'custom', message: `No commits between ${body.base} and ${headRef}` },
    ]);
  const number = Math.max(0, ...repo.pulls.map((p) => p.number)) + 1;
  const pr = {
    number,
    title: body.title,
    body: body.body ?? '',
    author: login,
    draft: body.draft === true,
    state: 'open',
    headOwner,
    headRef,
    baseRef: body.base,
    reviewers: [],
    assignees: [],
    reviewDecision: null,
    checks: 'PENDING',
    mergeable: 'UNKNOWN',
    updatedAt: new Date().toISOString(),
    isCrossRepository: headOwner.toLowerCase() !== repo.owner.toLowerCase(),
  };
  repo.pulls.push(pr);
  created.push({ repo: repo.slug, number, body: structuredClone(body), login });
  return json(res, 201, restPull(pr, repo, baseUrl), {
    ...h,
    location: `${baseUrl}/api/v3/repos/${repo.slug}/pulls/${number}`,
  });
}

export function graphql(res, body, login, h, { repos, remaining, reset, baseUrl }) {
  if (!body || typeof body.query !== 'string')
    return json(res, 200, { errors: [{ message: 'A query attribute must be specified and must be a string.' }] }, h);
  const vars = body.variables ?? {};
  const problem = validateSelection(body.query);
  if (problem)
    return json(
      res,
      200,
      { errors: [{ path: ['query'], extensions: { code: 'undefinedField' }, message: problem }] },
      h,
    );
  const data = {};
  if (/\bviewer\s*\{\s*login\s*\}/.test(body.query)) data.viewer = { login };
  if (/\brateLimit\s*\{/.test(body.query))
    data.rateLimit = { cost: 1, remaining: remaining.graphql, resetAt: new Date(reset * 1000).toISOString() };
  const searchRe = /(\w+)\s*:\s*search\(([^)]*)\)/g;
  for (const [, alias, argText] of body.query.matchAll(searchRe)) {
    const args = Object.fromEntries(
      [...argText.matchAll(/(\w+)\s*:\s*(\$\w+|"[^"]*"|\w+)/g)].map(([, k, v]) => [
        k,
        v.startsWith('$') ? vars[v.slice(1)] : v.startsWith('"') ? v.slice(1, -1) : /^\d+$/.test(v) ? Number(v) : v,
      ]),
    );
    const first = Number(args.first ?? 0);
    if (!first || first > 100)
      return json(
        res,
        200,
        {
          data: null,
          errors: [
            {
              path: [alias],
              message: `Requesting ${first} records on the \`search\` connection exceeds the \`first\` limit of 100 records.`,
            },
          ],
        },
        h,
      );
    const { items, repoSlug } = searchPulls(repos, String(args.query ?? ''), login);
    if (repoSlug && !repos.get(repoSlug)) {
      data[alias] = { issueCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] };
      continue;
    }
    const offset = args.after
      ? Number(
          Buffer.from(String(args.after), 'base64')
            .toString('utf8')
            .replace(/^cursor:/, ''),
        )
      : 0;
    const slice = items.slice(offset, offset + first);
    const end = offset + slice.length;
    data[alias] = {
      issueCount: items.length,
      pageInfo: {
        hasNextPage: end < items.length,
        endCursor: slice.length ? Buffer.from(`cursor:${end}`).toString('base64') : null,
      },
      nodes: slice.map(({ pr, repo }) => graphqlNode(pr, repo, baseUrl)),
    };
  }
  const errors = [];
  const repoRe = /(\w+)\s*:\s*repository\(owner:\s*\$owner,\s*name:\s*\$name\)\s*\{((?:[^{}]|\{[^{}]*\})*)\}/g;
  for (const [, alias, inner] of body.query.matchAll(repoRe)) {
    const repo = repos.get(`${vars.owner}/${vars.name}`.toLowerCase());
    if (!repo || repo.hidden) {
      data[alias] = null;
      errors.push(notFound([alias], `Could not resolve to a Repository with the name '${vars.owner}/${vars.name}'.`));
      continue;
    }
    data[alias] = {};
    for (const [, prAlias, n] of inner.matchAll(/(\w+)\s*:\s*pullRequest\(number:\s*(\d+)\)/g)) {
      const pr = repo.pulls.find((p) => p.number === Number(n));
      data[alias][prAlias] = pr ? graphqlNode(pr, repo, baseUrl) : null;
      if (!pr) errors.push(notFound([alias, prAlias], `Could not resolve to a PullRequest with the number of ${n}.`));
    }
  }
  // As GitHub does: what resolved is in `data`, what did not is null with an error beside it.
  return json(res, 200, errors.length ? { data, errors } : { data }, h);
}

const notFound = (path, message) => ({ type: 'NOT_FOUND', path, locations: [{ line: 1, column: 1 }], message });
