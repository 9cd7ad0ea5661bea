// A fake GitHub on 127.0.0.1 that speaks GitHub's shapes: REST under `/` and `/api/v3` (GitHub
// Enterprise Server layout), GraphQL at `/graphql` and `/api/graphql`, real error bodies and
// headers (401, 403 secondary/primary rate limit with `retry-after` / `x-ratelimit-*`, SAML with
// `x-github-sso`, 404, 422 "No commits between" / "A pull request already exists"). Every request
// is recorded (headers and body) and counted per route, so tests can assert costs and leaks.
//
//   import { startGitHubServer } from './test/fakes/githubServer.mjs';
//   node test/fakes/githubServerCli.mjs [--port N]   (standalone; prints the enterprise URL to use)
import http from 'node:http';
import { DEFAULT_LOGIN, DEFAULT_TOKEN, OTHER_LOGIN, OTHER_TOKEN, FAULTS, restPull, seedPulls } from './githubData.mjs';
import { branchNames } from './githubBranches.mjs';
import { createPull, graphql, json } from './githubRoutes.mjs';

export { DEFAULT_LOGIN, DEFAULT_TOKEN, OTHER_LOGIN, OTHER_TOKEN };

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

    if (isGraphql) return graphql(res, rec.body, login, h, { repos, remaining, reset, baseUrl });
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
    if (req.method === 'POST' && sub === '/pulls')
      return createPull(res, repo, rec.body, login, h, { baseUrl, created });
    return json(
      res,
      404,
      { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
      h,
    );
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
