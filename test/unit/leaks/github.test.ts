// The GitHub side with secrets in play: a branch whose diff, commits and spec contain the user's
// own GitHub token, provider keys, a .env file, an AWS key id, a password assignment, an npm
// token, a private key and a URL with a password. None of it may reach the PR draft, the PR the
// fake GitHub receives, the prompt sent to a model (checked on the fake provider), the model's
// cleaned answer, the PR list cache in globalState, the log, or any error built from GitHub's
// replies. The token itself must travel in the Authorization header, and only there.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aiDraftPrompt, cleanAiDraft } from '../../../src/core/github/aiDraft';
import type { GitHubApi } from '../../../src/core/github/api';
import { buildDraft, type DraftInput } from '../../../src/core/github/draft';
import { toGitHubError, type ErrorContext } from '../../../src/core/github/errors';
import { PullRequestList } from '../../../src/core/github/prList';
import { endpointsFor, parseRemote, selectRemotes, type GitHubEndpoints } from '../../../src/core/github/remote';
import { createProviderRuntime } from '../../../src/core/providers/registry';
import { RecordStore } from '../../../src/core/state/record';
import { createGitHubApi } from '../../../src/host/github/octokit';
import { startGitHubServer, type FaultKind, type GitHubServer, type Route } from '../../fakes/githubServer.mjs';
import { startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';
import {
  CapturedKv,
  canary,
  captureLogger,
  dump,
  expectNoCanary,
  githubTokenCanary,
  keyOfHeaders,
  type Canary,
} from './canary';

const TOKEN = githubTokenCanary(); // the user's own PAT
const GHE_TOKEN = canary('enterprise-pat-canary-'); // a token with no known shape
const WRONG_TOKEN = githubTokenCanary();
const PROVIDER_KEY = canary('sk-ant-canary-');
const LOCAL_KEY = canary('local-llm-key-canary-');
const DOTENV = canary('dotenv-value-canary-');
const PASSWORD = canary('pw-canary-');
const NPM = canary('npm-canary-');
const PEM = canary('MIIEpemcanary');
const URL_PW = canary('urlpw-canary-');
const awsTail = randomBytes(8).toString('hex').toUpperCase();
const AWS: Canary = { value: `AKIA${awsTail}`, tail: awsTail };
const SECRETS = [TOKEN, GHE_TOKEN, WRONG_TOKEN, PROVIDER_KEY, LOCAL_KEY, DOTENV, PASSWORD, NPM, PEM, URL_PW, AWS];
/** What the host knows and passes as exact values to redact: its tokens and keys. */
const KNOWN = [TOKEN.value, GHE_TOKEN.value, PROVIDER_KEY.value, LOCAL_KEY.value];

const file = (path: string, lines: string[]) =>
  [
    `diff --git a/${path} b/${path}`,
    'index 0000000..1111111 100644',
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map((l) => `+${l}`),
  ].join('\n');

const DIFF = [
  file('src/greet.ts', ['export function greet(name: string) {', '  return `Hello, ${name}`;', '}']),
  file('.env', [`DATABASE_URL=postgres://app:${DOTENV.value}@db/app`, `SESSION_SECRET=${DOTENV.value}`]),
  file('.npmrc', [`//registry.example.com/:_authToken=${NPM.value}`]),
  file('deploy/id_rsa', ['-----BEGIN OPENSSH PRIVATE KEY-----', PEM.value, '-----END OPENSSH PRIVATE KEY-----']),
  file('config/app.ts', [
    `const githubToken = "${TOKEN.value}";`,
    `const awsKey = '${AWS.value}';`,
    `password = "${PASSWORD.value}"`,
    `const anthropic = "${PROVIDER_KEY.value}";`,
    `const remote = "https://deploy:${URL_PW.value}@git.example.com/app.git";`,
    `// the enterprise token ${GHE_TOKEN.value} and the local model key ${LOCAL_KEY.value} are pasted here by mistake`,
  ]),
  file('docs/setup.md', [
    '-----BEGIN RSA PRIVATE KEY-----',
    PEM.value,
    '-----END RSA PRIVATE KEY-----',
    'end-of-diff-marker',
  ]),
].join('\n');

const INPUT: DraftInput = {
  source: 'commits',
  branch: 'feat/greeting',
  base: 'main',
  commits: [
    { subject: `Add greeting (token ${TOKEN.value})`, body: `AWS ${AWS.value}` },
    { subject: 'Wire the config' },
  ],
  files: [
    { path: 'src/greet.ts', insertions: 3, deletions: 0 },
    { path: '.env', insertions: 2, deletions: 0 },
    { path: '.npmrc', insertions: 1, deletions: 0 },
    { path: 'deploy/id_rsa', insertions: 3, deletions: 0 },
    { path: 'config/app.ts', insertions: 6, deletions: 0 },
    { path: 'docs/setup.md', insertions: 4, deletions: 0 },
  ],
  diff: DIFF,
  spec: `# Greet users by name\n\nThe greeting uses the token ${TOKEN.value} and api_key = "${LOCAL_KEY.value}".\n`,
  known: KNOWN,
};

let github: GitHubServer;
let provider: ProviderServer;
let endpoints: GitHubEndpoints;

beforeAll(async () => {
  github = await startGitHubServer({
    tokens: { [TOKEN.value]: 'octocat', [GHE_TOKEN.value]: 'hubot' },
    repos: { 'acme/widgets': { branches: { main: { ahead: 0 }, 'feat/greeting': { ahead: 2 } } } },
  });
  provider = await startProviderServer({ keys: { anthropic: [PROVIDER_KEY.value] }, deltaDelayMs: 1 });
  const ep = endpointsFor(github.url);
  if (!ep.ok) throw new Error(ep.message);
  endpoints = ep.endpoints;
});
afterAll(async () => {
  await github.close();
  await provider.close();
});
beforeEach(() => github.clearFaults());

function api(token: string, log = captureLogger()): GitHubApi {
  return createGitHubApi({ token, endpoints, log, retryBaseMs: 1 });
}

/** Each request's body and URL hold no secret; returns the tokens its Authorization headers carried. */
function checkGitHubRequests(from: number): string[] {
  const reqs = github.requests.slice(from);
  expect(reqs.length).toBeGreaterThan(0);
  for (const r of reqs)
    expectNoCanary(`${r.path}\n${r.raw}`, SECRETS, `the body or URL of ${r.method} ${r.path} received by GitHub`);
  return reqs.map((r) => keyOfHeaders(r.headers) ?? '');
}

describe('the PR draft and what GitHub receives', () => {
  it('the deterministic draft has no secret, and still shows the real changes', () => {
    const d = buildDraft(INPUT);
    expectNoCanary(`${d.title}\n${d.body}`, SECRETS, 'the PR draft');
    expect(d.body).toContain('export function greet');
    expect(d.body).toContain('end-of-diff-marker');
    expect(d.body).toContain('[REDACTED]');
    expect(d.suppressedFiles).toEqual(expect.arrayContaining(['.env', '.npmrc', 'deploy/id_rsa']));
    expect(d.body).toContain('[diff suppressed: .env may contain secrets]');
  });

  it('creating the PR sends the draft without secrets, the token only in the Authorization header', async () => {
    const log = captureLogger();
    const client = api(TOKEN.value, log);
    const from = github.requests.length;
    const d = buildDraft(INPUT);
    expect((await client.getViewer()).login).toBe('octocat');
    const pr = await client.createPull({
      owner: 'acme',
      repo: 'widgets',
      title: d.title,
      body: d.body,
      head: 'acme:feat/greeting',
      base: 'main',
      draft: true,
    });
    expect(pr.number).toBeGreaterThan(0);
    const created = github.created.find((c) => c.number === pr.number)!;
    expect(created.body.body).toContain('export function greet');
    expectNoCanary(JSON.stringify(created.body), SECRETS, 'the pull request GitHub received');
    expect(new Set(checkGitHubRequests(from))).toEqual(new Set([TOKEN.value]));
    expectNoCanary(log.text() + dump(pr), SECRETS, 'the log or the created PR summary');
  });

  it('a token with no known shape is kept out when the host passes it as known', async () => {
    const client = api(GHE_TOKEN.value);
    const from = github.requests.length;
    const d = buildDraft({ ...INPUT, commits: [{ subject: `Use ${GHE_TOKEN.value}` }] });
    await client
      .createPull({
        owner: 'acme',
        repo: 'widgets',
        title: d.title,
        body: d.body,
        head: 'acme:feat/greeting',
        base: 'main',
        draft: false,
      })
      .catch(() => undefined);
    expect(checkGitHubRequests(from)).toContain(GHE_TOKEN.value);
  });
});

describe('Draft with AI: the prompt and the answer', () => {
  it('the model receives no secret (checked on what the fake provider received)', async () => {
    const { system, user } = aiDraftPrompt(INPUT);
    expectNoCanary(`${system}\n${user}`, SECRETS, 'the AI draft prompt');
    expect(user).toContain('export function greet');
    expect(user).toContain('end-of-diff-marker');

    const runtime = createProviderRuntime({
      secrets: { get: async () => PROVIDER_KEY.value, store: async () => undefined, delete: async () => undefined },
      env: {},
      fetch: (i, init) => fetch(i, init),
      logger: captureLogger(),
      settings: () => ({
        anthropicBaseUrl: provider.anthropicBaseUrl,
        openaiBaseUrl: provider.openaiBaseUrl,
        idleTimeoutMs: 2000,
      }),
    });
    // The model misbehaves: its answer repeats secrets it may have seen elsewhere.
    provider.setDefaultReply(
      `feat: greet users\n\n## Summary\nUses ${TOKEN.value}, ${AWS.value} and password = "${PASSWORD.value}" and ${LOCAL_KEY.value}.`,
    );
    try {
      const from = provider.requests.length;
      let answer = '';
      for await (const e of runtime
        .get('anthropic')
        .stream({ model: 'claude-sonnet-4-5', system, messages: [{ role: 'user', content: user }], maxTokens: 512 }))
        if (e.type === 'text') answer += e.text;
      const sent = provider.requests.slice(from);
      expect(sent.map((r) => keyOfHeaders(r.headers))).toEqual([PROVIDER_KEY.value]);
      expectNoCanary(JSON.stringify(sent.map((r) => r.body)), SECRETS, 'the request the model provider received');
      expect(answer).toContain(TOKEN.value);
      const cleaned = cleanAiDraft(answer, KNOWN);
      expect(cleaned).toMatch(/^feat: greet users\n/);
      expectNoCanary(cleaned, SECRETS, 'the AI draft put into the document');
    } finally {
      provider.setDefaultReply(undefined);
    }
  });
});

describe('GitHub errors and stored state', () => {
  const ctx: ErrorContext = {
    op: 'create',
    host: 'github.com',
    repo: 'acme/widgets',
    login: 'octocat',
    head: 'acme:feat/greeting',
    base: 'main',
  };

  it('a wrong token: the raw client error and the mapped one carry no token', async () => {
    const log = captureLogger();
    const from = github.requests.length;
    const raw = await api(WRONG_TOKEN.value, log)
      .getViewer()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(checkGitHubRequests(from)).toEqual([WRONG_TOKEN.value]);
    expect(raw).toBeDefined();
    const mapped = toGitHubError(raw, { ...ctx, op: 'user' });
    expect(mapped.code).toBe('unauthorized');
    // A host that logs the raw error (stack, request options, headers) must not print it either.
    expectNoCanary(dump(raw), SECRETS, 'the raw Octokit error');
    expectNoCanary(
      `${mapped.message}\n${mapped.remediation}\n${dump(mapped)}\n${log.text()}`,
      SECRETS,
      'the mapped error or the log',
    );
  });

  // Pull request creation is throttled by Octokit to one request per 3 s (GitHub's advice for
  // requests that notify people), so only the create-specific failures go through it; the others
  // fail the same way on the existing-PR check.
  const FAULTS: { route: Route; kind: FaultKind; code: string }[] = [
    { route: 'pulls.create', kind: 'noCommits', code: 'no_commits' },
    { route: 'pulls.create', kind: 'alreadyExists', code: 'already_exists' },
    ...(
      [
        ['unauthorized', 'unauthorized'],
        ['forbidden', 'forbidden'],
        ['saml', 'saml'],
        ['notFound', 'not_found'],
        ['secondary', 'rate_limited'],
        ['secondary429', 'rate_limited'],
        ['primary', 'rate_limited'],
        ['badGateway', 'server'],
      ] as const
    ).map(([kind, code]) => ({ route: 'pulls.list' as Route, kind, code })),
    { route: 'graphql', kind: 'graphqlRateLimited', code: 'rate_limited' },
    { route: 'graphql', kind: 'saml', code: 'saml' },
    { route: 'graphql', kind: 'unauthorized', code: 'unauthorized' },
  ];

  it.each(FAULTS)('$route $kind', async ({ route, kind, code }) => {
    const log = captureLogger();
    const client = api(TOKEN.value, log);
    github.fault(route, kind, { times: 5, retryAfter: 60 });
    const from = github.requests.length;
    const d = buildDraft(INPUT);
    const fail = (e: unknown) => e;
    const raw =
      route === 'graphql'
        ? await client.graphql('query { viewer { login } }', {}).then(() => undefined, fail)
        : route === 'pulls.list'
          ? await client.listOpenPulls('acme', 'widgets', 'acme:feat/greeting').then(() => undefined, fail)
          : await client
              .createPull({
                owner: 'acme',
                repo: 'widgets',
                title: d.title,
                body: d.body,
                head: 'acme:feat/greeting',
                base: 'main',
                draft: true,
              })
              .then(() => undefined, fail);
    expect(checkGitHubRequests(from).every((t) => t === TOKEN.value)).toBe(true);
    const mapped = toGitHubError(raw, route === 'graphql' ? { ...ctx, op: 'list' } : ctx);
    expect(mapped.code).toBe(code);
    expectNoCanary(dump(raw), SECRETS, `the raw error for ${kind}`);
    expectNoCanary(
      `${mapped.message}\n${mapped.remediation}\n${dump(mapped)}\n${log.text()}`,
      SECRETS,
      `the mapped error for ${kind}, or the log`,
    );
  });

  it('the PR list cached in globalState holds no token', async () => {
    const kv = new CapturedKv();
    const log = captureLogger();
    const list = new PullRequestList(new RecordStore(kv, log), log);
    list.setTarget({ host: endpoints.host, owner: 'acme', repo: 'widgets' }, 'octocat');
    const from = github.requests.length;
    await list.refresh(api(TOKEN.value, log));
    expect(checkGitHubRequests(from)).toEqual([TOKEN.value]);
    expect(list.current.snapshot?.categories.all.items.length).toBeGreaterThan(0);
    expect(kv.text()).toContain('kata.github.prCache');
    expectNoCanary(kv.text() + log.text(), SECRETS, 'globalState or the log');
  });

  it('remote URLs and an enterprise URL with credentials never echo them', () => {
    const withToken = `https://x-access-token:${TOKEN.value}@github.com/acme/widgets.git`;
    const parsed = parseRemote(withToken);
    expect(parsed).toMatchObject({ ok: true, ref: { owner: 'acme', repo: 'widgets' } });
    const elsewhere = selectRemotes(
      [{ name: 'origin', fetchUrl: `https://ci:${URL_PW.value}@git.example.com/acme/widgets.git` }],
      endpoints,
    );
    expect(elsewhere.ok).toBe(false);
    const bad = parseRemote(`https://oauth2:${URL_PW.value}@github.com/only-owner`);
    const ghe = endpointsFor(`https://admin:${GHE_TOKEN.value}@ghe.example.com`);
    expect(ghe.ok).toBe(false);
    expectNoCanary(dump([parsed, elsewhere, bad, ghe]), SECRETS, 'a remote or enterprise URL message');
  });
});
