// The GitHubApi port over Octokit, with GitHub's documented rate-limit behaviour from the
// throttling plugin (serialised writes and GraphQL, `retry-after` honoured) and the retry plugin
// (5xx and network failures). This file does not touch the VS Code API, so the unit tests run
// it unchanged against the fake GitHub server.
//
// The client is @octokit/rest's Octokit (core + REST endpoint methods, pagination, request log);
// the few routes used go through `request`, typed by the same endpoint definitions.
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { CreatePullParams, GitHubApi, PullSummary } from '../../core/github/api';
import type { GitHubEndpoints } from '../../core/github/remote';
import type { FetchLike, Logger } from '../../core/ports';

const KataOctokit = Octokit.plugin(throttling, retry);

/** A rate-limit reply shorter than this is waited out once; longer ones pause and tell the user. */
const SHORT_WAIT_SECONDS = 5;
const REQUEST_TIMEOUT_MS = 30_000;
/** The REST API version this client is written against, sent on every request. */
export const GITHUB_API_VERSION = '2022-11-28';

export interface GitHubApiOptions {
  token: string;
  endpoints: GitHubEndpoints;
  log: Logger;
  fetch?: FetchLike;
  userAgent?: string;
  /** Base of the retry plugin's (n+1)² back-off in ms (1000 in the extension, small in tests). */
  retryBaseMs?: number;
  /** Called when GitHub reports a rate limit, with when it ends and which kind. */
  onRateLimit?: (retryAt: number, kind: 'primary' | 'secondary') => void;
}

type RestPull = { number: number; html_url: string; title: string; draft?: boolean; head: { label: string } };

const toSummary = (p: RestPull): PullSummary => ({
  number: p.number,
  url: p.html_url,
  title: p.title,
  draft: p.draft ?? false,
  head: p.head.label,
});

function withTimeout(signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

export function createGitHubApi(opts: GitHubApiOptions): GitHubApi {
  const { log } = opts;
  // The throttling plugin calls these for a 403 or 429 rate limit; `true` makes it wait `retryAfter`
  // seconds and send the request once more. The log line says which of the two happened.
  const limited =
    (kind: 'primary' | 'secondary') =>
    (retryAfter: number, options: { method?: string; url?: string }, _o: unknown, retryCount: number): boolean => {
      const until = Date.now() + retryAfter * 1000;
      opts.onRateLimit?.(until, kind);
      const wait = retryAfter <= SHORT_WAIT_SECONDS && retryCount === 0;
      const request = `${options.method ?? ''} ${options.url ?? ''}`.trim();
      log.warn(
        wait
          ? `GitHub ${kind} rate limit on ${request}: waiting ${retryAfter} s, then sending it once more.`
          : `GitHub ${kind} rate limit on ${request}: not sent again; GitHub asked to wait ${retryAfter} s (until ${new Date(until).toISOString()}).`,
      );
      return wait;
    };
  const octokit = new KataOctokit({
    auth: opts.token,
    baseUrl: opts.endpoints.restUrl.replace(/\/+$/, ''),
    userAgent: opts.userAgent ?? 'kata-cloud-vscode',
    request: opts.fetch ? { fetch: opts.fetch } : {},
    log: {
      debug: (m: string) => log.debug(`octokit: ${m}`),
      info: (m: string) => log.debug(`octokit: ${m}`),
      warn: (m: string) => log.warn(`octokit: ${m}`),
      error: (m: string) => log.error(`octokit: ${m}`),
    },
    throttle: {
      // A per-instance id keeps one account's queue from delaying another's.
      id: `kata-${opts.endpoints.host}`,
      onRateLimit: limited('primary'),
      onSecondaryRateLimit: limited('secondary'),
    },
    // 429 is a rate limit: the throttling handler above decides whether to wait. Left in the retry
    // plugin's list, it was re-sent a second later even when the handler had chosen to pause.
    retry: {
      retries: 2,
      retryAfterBaseValue: opts.retryBaseMs ?? 1000,
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
  });
  // Octokit ignores a top-level `headers` option; a hook reaches every REST and GraphQL request.
  octokit.hook.before('request', (options) => {
    options.headers['x-github-api-version'] = GITHUB_API_VERSION;
  });

  return {
    endpoints: opts.endpoints,
    async graphql(query, variables, signal) {
      return octokit.graphql(query, { ...variables, request: { signal: withTimeout(signal) } });
    },
    async getViewer(signal) {
      // A token check must answer fast: no retries.
      const r = await octokit.request('GET /user', { request: { signal: withTimeout(signal), retries: 0 } });
      return { login: r.data.login, name: r.data.name };
    },
    async getRepo(owner, repo, signal) {
      const r = await octokit.request('GET /repos/{owner}/{repo}', {
        owner,
        repo,
        request: { signal: withTimeout(signal) },
      });
      return {
        owner: r.data.owner.login,
        repo: r.data.name,
        defaultBranch: r.data.default_branch,
        htmlUrl: r.data.html_url,
        private: r.data.private,
        fork: r.data.fork,
      };
    },
    async listBranches(owner, repo, signal) {
      const r = await octokit.request('GET /repos/{owner}/{repo}/branches', {
        owner,
        repo,
        per_page: 100,
        request: { signal: withTimeout(signal) },
      });
      return r.data.map((b) => b.name);
    },
    async listOpenPulls(owner, repo, head, signal) {
      const r = await octokit.request('GET /repos/{owner}/{repo}/pulls', {
        owner,
        repo,
        head,
        state: 'open',
        per_page: 10,
        request: { signal: withTimeout(signal) },
      });
      return r.data.map((p) => toSummary(p as RestPull));
    },
    async createPull(p: CreatePullParams, signal) {
      // Never retried by the client: a create that timed out may have succeeded.
      const r = await octokit.request('POST /repos/{owner}/{repo}/pulls', {
        owner: p.owner,
        repo: p.repo,
        title: p.title,
        body: p.body,
        head: p.head,
        base: p.base,
        draft: p.draft,
        request: { signal: withTimeout(signal), retries: 0 },
      });
      return toSummary(r.data as RestPull);
    },
  };
}
