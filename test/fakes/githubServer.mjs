// A fake GitHub on 127.0.0.1 that speaks GitHub's shapes: REST under `/` and `/api/v3` (GitHub
// Enterprise Server layout), GraphQL at `/graphql` and `/api/graphql`, real error bodies and
// headers (401, 403 secondary/primary rate limit with `retry-after` / `x-ratelimit-*`, SAML with
// `x-github-sso`, 404, 422 "No commits between" / "A pull request already exists"). Every request
// is recorded (headers and body) and counted per route, so tests can assert costs and leaks.
//
//   import { startGitHubServer } from './test/fakes/githubServer.mjs';
//   node test/fakes/githubServerCli.mjs [--port N]   (standalone; prints the enterprise URL to use)
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import {
  DEFAULT_LOGIN,
  DEFAULT_TOKEN,
  OTHER_LOGIN,
  OTHER_TOKEN,
  FAULTS,
  seedPulls,
  searchPulls,
  validateSelection,
  graphqlNode,
  restPull,
} from './githubData.mjs';

export { DEFAULT_LOGIN, DEFAULT_TOKEN, OTHER_LOGIN, OTHER_TOKEN };

const json = (res, status, body, headers = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
};

/** @param {import('./githubServer.mjs').GitHubServerOptions} [options] */
export async function startGitHubServer(options = {}) {
  const tokens = new Map([
    [DEFAULT_TOKEN, DEFAULT_LOGIN],
    [OTHER_TOKEN, OTHER_LOGIN],
    ...Object.entries(options.tokens ?? {}),
  ]);
  const repos = new Map();
  const addRepo = (slug, cfg = {}) => {
    const [owner, name] = slug.split('/');
    repos.set(slug.toLowerCase(), {
      owner,
      name,
      slug,
      defaultBranch: cfg.defaultBranch ?? 'main',
      private: cfg.private ?? false,
      bareDir: cfg.bareDir,
      branches: new Map(Object.entries(cfg.branches ?? { main: { ahead: 0 } })),
      pulls: cfg.pulls ?? (cfg.seed === false ? [] : seedPulls(slug)),
      hidden: cfg.hidden ?? false,
      drafts: cfg.drafts ?? true,
    });
  };
  for (const [slug, cfg] of Object.entries(options.repos ?? { 'acme/widgets': {} })) addRepo(slug, cfg);

  const requests = [];
  const faults = [];
  /** Pull requests created through POST, with the exact body received. */
  const created = [];
  let reset = Math.floor(Date.now() / 1000) + 3600;
  const remaining = { core: 5000, graphql: 5000 };
  let baseUrl = '';

  const rateHeaders = (resource) => ({
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': String(remaining[resource]),
    'x-ratelimit-used': String(5000 - remaining[resource]),
    'x-ratelimit-reset': String(reset),
    'x-ratelimit-resource': resource,
    'x-github-request-id': `FAKE:${requests.length}`,
    ...(options.enterpriseVersion ? { 'x-github-enterprise-version': options.enterpriseVersion } : {}),
  });

  /** Head commits ahead of base: from the bare repository when there is one, else from config. */
  const aheadBy = (repo, base, headBranch) => {
    if (repo.bareDir) {
      try {
        execFileSync('git', ['rev-parse', '--verify', '--quiet', `refs/heads/${headBranch}`], {
          cwd: repo.bareDir,
          stdio: 'pipe',
        });
      } catch {
        return -1;
      }
      try {
        return Number(
          execFileSync('git', ['rev-list', '--count', `refs/heads/${base}..refs/heads/${headBranch}`], {
            cwd: repo.bareDir,
            stdio: 'pipe',
          })
            .toString()
            .trim(),
        );
      } catch {
        return 0;
      }
    }
    const b = repo.branches.get(headBranch);
    return b ? (b.ahead ?? 1) : -1;
  };
  const branchExists = (repo, name) => {
    if (repo.bareDir) {
      try {
        execFileSync('git', ['rev-parse', '--verify', '--quiet', `refs/heads/${name}`], {
          cwd: repo.bareDir,
          stdio: 'pipe',
        });
        return true;
      } catch {
        return false;
      }
    }
    return repo.branches.has(name);
  };
  const branchNames = (repo) => {
    if (repo.bareDir) {
      try {
        return execFileSync('git', ['for-each-ref', '--format=%(refname:short)', 'refs/heads'], {
          cwd: repo.bareDir,
          stdio: 'pipe',
        })
          .toString()
          .split('\n')
          .filter(Boolean);
      } catch {
        return [];
      }
    }
    return [...repo.branches.keys()];
  };

  function handle(req, res, rec) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let path = url.pathname.replace(/\/+$/, '') || '/';
    const isGraphql = path === '/graphql' || path === '/api/graphql';
    if (!isGraphql) path = path.replace(/^\/api\/v3(?=\/|$)/, '') || '/';
    const route = isGraphql ? 'graphql' : routeOf(req.method, path);
    rec.route = route;

    const fault = takeFault(route);
    if (fault) return serveFault(res, fault, isGraphql ? 'graphql' : 'core', route);

    const auth = String(req.headers.authorization ?? '');
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(auth)?.[1];
    const login = token ? tokens.get(token) : undefined;
    const docs = isGraphql ? 'https://docs.github.com/graphql' : 'https://docs.github.com/rest';
    if (!token)
      return json(res, 401, {
        message: isGraphql ? 'This endpoint requires you to be authenticated.' : 'Requires authentication',
        documentation_url: docs,
        status: '401',
      });
    if (!login) return json(res, 401, { message: 'Bad credentials', documentation_url: docs, status: '401' });
    rec.login = login;
    const resource = isGraphql ? 'graphql' : 'core';
    remaining[resource] = Math.max(0, remaining[resource] - 1);
    const h = rateHeaders(resource);

    if (isGraphql) return graphql(res, rec.body, login, h);
    if (route === 'user')
      return json(
        res,
        200,
        {
          login,
          id: login.length * 1000 + 1,
          node_id: `U_${login}`,
          type: 'User',
          name: login === DEFAULT_LOGIN ? 'The Octocat' : login,
          html_url: `${baseUrl}/${login}`,
        },
        { ...h, 'x-oauth-scopes': 'repo, read:user' },
      );

    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    const repo = m ? repos.get(`${m[1]}/${m[2]}`.toLowerCase()) : undefined;
    if (!m || !repo || repo.hidden)
      return json(
        res,
        404,
        { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
        h,
      );
    const sub = m[3] ?? '';
    if (req.method === 'GET' && sub === '') {
      return json(
        res,
        200,
        {
          id: 1296269,
          name: repo.name,
          full_name: repo.slug,
          owner: { login: repo.owner },
          private: repo.private,
          fork: false,
          default_branch: repo.defaultBranch,
          html_url: `${baseUrl}/${repo.slug}`,
        },
        h,
      );
    }
    if (req.method === 'GET' && sub === '/branches')
      return json(
        res,
        200,
        branchNames(repo).map((name) => ({ name, commit: { sha: '0'.repeat(40) }, protected: false })),
        h,
      );
    if (req.method === 'GET' && sub === '/pulls') {
      const head = url.searchParams.get('head');
      const state = url.searchParams.get('state') ?? 'open';
      const list = repo.pulls.filter(
        (p) =>
          (state === 'all' || p.state === state) &&
          (!head || `${p.headOwner}:${p.headRef}`.toLowerCase() === head.toLowerCase()),
      );
      return json(
        res,
        200,
        list.map((p) => restPull(p, repo, baseUrl)),
        h,
      );
    }
    if (req.method === 'POST' && sub === '/pulls') return createPull(res, repo, rec.body, login, h);
    return json(
      res,
      404,
      { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
      h,
    );
  }

  function createPull(res, repo, body, login, h) {
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

  function graphql(res, body, login, h) {
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
    return json(res, 200, { data }, h);
  }

  function takeFault(route) {
    const i = faults.findIndex((f) => f.route === route || f.route === '*');
    if (i < 0) return undefined;
    const f = faults[i];
    if (--f.times <= 0) faults.splice(i, 1);
    return f;
  }

  function serveFault(res, fault, resource, route) {
    const preset = FAULTS[fault.kind];
    if (!preset) return json(res, 500, { message: `fake: unknown fault ${fault.kind}` });
    const now = Math.floor(Date.now() / 1000);
    const out = preset({
      resource,
      route,
      now,
      reset: now + (fault.resetInSeconds ?? 600),
      retryAfter: fault.retryAfter ?? 60,
      org: fault.org ?? 'acme',
      baseUrl,
    });
    return json(res, out.status, out.body, { ...rateHeaders(resource), ...out.headers });
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const rec = {
        method: req.method,
        path: req.url,
        route: '',
        headers: { ...req.headers },
        body,
        raw,
        at: Date.now(),
      };
      requests.push(rec);
      try {
        handle(req, res, rec);
      } catch (e) {
        json(res, 500, { message: `fake github: ${e instanceof Error ? e.message : String(e)}` });
      }
    });
  });
  await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  return {
    url: baseUrl,
    restUrl: `${baseUrl}/api/v3`,
    graphqlUrl: `${baseUrl}/api/graphql`,
    requests,
    count: (route) => requests.filter((r) => !route || r.route === route).length,
    fault: (route, kind, opts = {}) => faults.push({ route, kind, times: opts.times ?? 1, ...opts }),
    clearFaults: () => faults.splice(0),
    repo: (slug) => repos.get(slug.toLowerCase()),
    addRepo,
    addToken: (token, login) => tokens.set(token, login),
    /** The token stops working everywhere, as when its owner revokes it: 401 Bad credentials. */
    revokeToken: (token) => tokens.delete(token),
    setRateLimitReset: (epochSeconds) => {
      reset = epochSeconds;
    },
    created,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve(undefined));
      }),
  };
}

function routeOf(method, path) {
  if (path === '/user') return 'user';
  if (/^\/repos\/[^/]+\/[^/]+$/.test(path)) return 'repo';
  if (/^\/repos\/[^/]+\/[^/]+\/branches$/.test(path)) return 'branches';
  if (/^\/repos\/[^/]+\/[^/]+\/pulls$/.test(path)) return method === 'POST' ? 'pulls.create' : 'pulls.list';
  return `${method} ${path}`;
}
