// Every GitHub failure the user can meet, as one error type with a message that says what
// happened, a remediation that says what to do, and the actions the host offers as buttons.
// Octokit's errors are read structurally (status, headers, body, GraphQL `errors[]`) so this
// stays a pure function, testable with the exact bodies GitHub sends.
import { clause, sentence } from '../sentence';
import { SETTINGS } from '../settings/table';
import { UserError, type UserAction } from '../userError';
import { rateLimitText, retryAtFrom, type GitHubOp } from './rateLimit';
import { t } from '../l10n';

export type GitHubErrorCode =
  | 'no_folder'
  | 'no_git'
  | 'no_repository'
  | 'no_remote'
  | 'not_github'
  | 'bad_setting'
  | 'not_signed_in'
  | 'unauthorized'
  | 'detached_head'
  | 'nothing_to_compare'
  | 'rate_limited'
  | 'saml'
  | 'forbidden'
  | 'not_found'
  | 'no_commits'
  | 'already_exists'
  | 'validation'
  | 'server'
  | 'network'
  | 'cancelled'
  | 'unexpected';

export type GitHubAction = Extract<
  UserAction,
  'signIn' | 'setToken' | 'authorizeSso' | 'push' | 'commit' | 'openExisting' | 'openSettings' | 'retry' | 'openLog'
>;

export interface GitHubErrorInit {
  code: GitHubErrorCode;
  message: string;
  remediation: string;
  actions?: GitHubAction[];
  status?: number;
  /** Epoch ms after which a rate-limited request may be retried. */
  retryAt?: number;
  rateLimitKind?: 'primary' | 'secondary';
  /** The organization enforcing SAML SSO, and where to authorize the token for it. */
  org?: string;
  ssoUrl?: string;
  /** For `already_exists`: the existing PR when known. */
  url?: string;
  cause?: unknown;
}

const WARNINGS: readonly GitHubErrorCode[] = ['rate_limited', 'cancelled', 'nothing_to_compare'];

export class GitHubError extends UserError {
  declare readonly code: GitHubErrorCode;
  declare readonly actions: readonly GitHubAction[];
  readonly status?: number;
  readonly retryAt?: number;
  readonly rateLimitKind?: 'primary' | 'secondary';
  readonly org?: string;
  readonly ssoUrl?: string;
  readonly url?: string;

  constructor(init: GitHubErrorInit) {
    const actions = init.actions ?? [];
    // The only setting a GitHub error points at: the Enterprise URL.
    const setting = actions.includes('openSettings') ? 'githubEnterpriseUrl' : undefined;
    super({ ...init, actions, setting, severity: WARNINGS.includes(init.code) ? 'warning' : 'error' });
    this.name = 'GitHubError';
    this.status = init.status;
    this.retryAt = init.retryAt;
    this.rateLimitKind = init.rateLimitKind;
    this.org = init.org;
    this.ssoUrl = init.ssoUrl;
    this.url = init.url;
  }
}

export const isGitHubError = (e: unknown): e is GitHubError => e instanceof GitHubError;

/** What the failed request was doing, for messages that name the repository and the account. */
export interface ErrorContext {
  op: GitHubOp;
  host: string;
  repo?: string;
  login?: string;
  head?: string;
  base?: string;
}

interface GraphqlIssue {
  type?: string;
  message?: string;
}

type Headers = Record<string, string | number | undefined>;

/** The parts of Octokit's RequestError / GraphqlResponseError (and fetch failures) read here. */
interface ErrorLike {
  name?: string;
  message?: string;
  status?: number;
  response?: { status?: number; headers?: Headers; data?: unknown };
  headers?: Headers;
  errors?: GraphqlIssue[];
  data?: unknown;
  cause?: unknown;
}

const header = (h: Headers | undefined, name: string): string | undefined => {
  const v = h?.[name] ?? h?.[name.toLowerCase()];
  return v === undefined ? undefined : String(v);
};

function graphqlIssues(e: ErrorLike): GraphqlIssue[] {
  if (Array.isArray(e.errors)) return e.errors;
  const fromData = (d: unknown) =>
    d && typeof d === 'object' && Array.isArray((d as { errors?: unknown }).errors)
      ? (d as { errors: GraphqlIssue[] }).errors
      : undefined;
  return fromData(e.data) ?? fromData(e.response?.data) ?? [];
}

function bodyMessage(data: unknown): string | undefined {
  if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string')
    return (data as { message: string }).message;
  return typeof data === 'string' && data.length < 500 ? data : undefined;
}

function validationMessages(data: unknown): string[] {
  const errs = data && typeof data === 'object' ? (data as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(errs)) return [];
  return errs.map((x) => {
    if (typeof x === 'string') return x;
    const o = (x ?? {}) as { message?: string; field?: string; code?: string; resource?: string };
    return o.message ?? [o.resource, o.field, o.code].filter(Boolean).join(' ');
  });
}

/** `x-github-sso: required; url=https://github.com/orgs/acme/sso?authorization_request=…` */
function ssoFrom(headers: Headers | undefined): { org?: string; url?: string } {
  const sso = header(headers, 'x-github-sso');
  const url = sso ? /url=(\S+)/.exec(sso)?.[1] : undefined;
  const org = url ? /\/orgs\/([^/]+)\/sso/.exec(url)?.[1] : undefined;
  return { org, url };
}

function rateLimited(
  kind: 'primary' | 'secondary',
  retryAt: number,
  status: number | undefined,
  op: GitHubOp,
  cause: unknown,
): GitHubError {
  return new GitHubError({
    code: 'rate_limited',
    rateLimitKind: kind,
    retryAt,
    status,
    ...rateLimitText(kind, op, retryAt),
    cause,
  });
}

const SAML_TEXT = /\bSAML\b/;

/** Maps anything thrown while talking to GitHub into a GitHubError. */
export function toGitHubError(err: unknown, ctx: ErrorContext, now = Date.now()): GitHubError {
  if (isGitHubError(err)) return err;
  const e = (err && typeof err === 'object' ? err : { message: String(err) }) as ErrorLike;
  const repo = ctx.repo ?? t('the repository');
  const account = ctx.login ? `@${ctx.login}` : t('this account');
  const headers = e.response?.headers ?? e.headers;
  const status = e.status ?? e.response?.status;
  const data = e.response?.data ?? e.data;
  const text = `${e.message ?? ''} ${bodyMessage(data) ?? ''}`;
  const retryAt = () => retryAtFrom((n) => header(headers, n), now, 60);

  if (e.name === 'AbortError' || (status === undefined && /aborted/i.test(e.message ?? ''))) {
    return new GitHubError({
      code: 'cancelled',
      message: t('The request was cancelled.'),
      remediation: '',
      cause: err,
    });
  }

  // GraphQL reports its own failures inside HTTP 200: RATE_LIMITED, FORBIDDEN (SAML), NOT_FOUND.
  const issues = graphqlIssues(e);
  if (issues.some((i) => i.type === 'RATE_LIMITED') || /GraphQL Rate Limit Exceeded/i.test(e.message ?? '')) {
    return rateLimited('primary', retryAt(), status, ctx.op, err);
  }
  if (status === 429 || ((status === 403 || status === 429) && /secondary rate limit|abuse detection/i.test(text))) {
    return rateLimited('secondary', retryAt(), status, ctx.op, err);
  }
  if (status === 403 && header(headers, 'x-ratelimit-remaining') === '0') {
    return rateLimited('primary', retryAt(), status, ctx.op, err);
  }
  const samlIssue = issues.find((i) => SAML_TEXT.test(i.message ?? ''));
  if ((status === 403 && SAML_TEXT.test(text)) || samlIssue) {
    const sso = ssoFrom(headers);
    // GraphQL names the org in its message: "`acme` organization has enabled or enforced SAML SSO."
    const named = /`([^`]+)` organization/.exec(samlIssue?.message ?? text)?.[1];
    const org = sso.org ?? named ?? ctx.repo?.split('/')[0] ?? t('the organization');
    return new GitHubError({
      code: 'saml',
      status,
      org,
      ssoUrl: sso.url,
      message: t(
        'The organization "{0}" enforces SAML single sign-on, and the token in use is not authorized for it.',
        org,
      ),
      remediation: sso.url
        ? t('Authorize the token for {0} (a browser page opens), then refresh.', org)
        : t(
            'Authorize your token for {0} on GitHub (Settings → Tokens → Configure SSO), or sign in again with an SSO session.',
            org,
          ),
      actions: sso.url ? ['authorizeSso', 'signIn'] : ['signIn', 'setToken'],
      cause: err,
    });
  }
  if (status === 401) {
    return new GitHubError({
      code: 'unauthorized',
      status,
      message: t(
        '{0} rejected the GitHub credentials ({1}).',
        ctx.host,
        clause(bodyMessage(data) ?? 'Bad credentials'),
      ),
      remediation: t('The session or token has expired or was revoked: sign in again or set a new token.'),
      actions: ['signIn', 'setToken'],
      cause: err,
    });
  }
  if (status === 403) {
    const why = clause(bodyMessage(data) ?? 'Forbidden');
    return new GitHubError({
      code: 'forbidden',
      status,
      message:
        ctx.op === 'create'
          ? t('GitHub refused: {0} may not create pull requests in {1} ({2}).', account, repo, why)
          : t('GitHub refused: {0} may not read {1} ({2}).', account, repo, why),
      remediation: t(
        'Ask for access to the repository, or use a token with the `repo` scope (fine-grained tokens: Pull requests read & write).',
      ),
      actions: ['setToken', 'signIn'],
      cause: err,
    });
  }
  if (status === 404 || issues.some((i) => i.type === 'NOT_FOUND')) {
    return new GitHubError({
      code: 'not_found',
      status,
      message:
        ctx.op === 'user'
          ? t('{0} has no GitHub API at this address (404).', ctx.host)
          : t('{0} was not found on {1}, or {2} cannot see it.', repo, ctx.host, account),
      remediation:
        ctx.op === 'user'
          ? t('Check {0}.', SETTINGS.githubEnterpriseUrl.key)
          : t(
              'Check the remote URL, or sign in with an account that has access (private repositories need the `repo` scope).',
            ),
      actions: ctx.op === 'user' ? ['openSettings'] : ['signIn', 'setToken'],
      cause: err,
    });
  }
  if (status === 422) {
    const msgs = validationMessages(data);
    const noCommits = msgs.find((m) => /^No commits between/i.test(m));
    if (noCommits) {
      return new GitHubError({
        code: 'no_commits',
        status,
        message: sentence(t('GitHub sees nothing to merge: {0}', noCommits)),
        remediation: ctx.head
          ? t('Commit your changes and push {0}, then create the pull request again.', ctx.head)
          : t('Commit your changes and push the branch, then create the pull request again.'),
        actions: ['push', 'commit'],
        cause: err,
      });
    }
    const exists = msgs.find((m) => /pull request already exists/i.test(m));
    if (exists) {
      return new GitHubError({
        code: 'already_exists',
        status,
        message: sentence(exists),
        remediation: t('Open the existing pull request, or push to its branch to update it.'),
        actions: ['openExisting'],
        cause: err,
      });
    }
    const detail = msgs.length ? msgs.map(clause).join('; ') : clause(bodyMessage(data) ?? 'Validation Failed');
    return new GitHubError({
      code: 'validation',
      status,
      message: sentence(t('GitHub rejected the request: {0}', detail)),
      remediation: t('Check the base branch and the head branch, then try again.'),
      cause: err,
    });
  }
  if (status !== undefined && status >= 500 && e.response) {
    return new GitHubError({
      code: 'server',
      status,
      message: t('{0} is having trouble (HTTP {1}).', ctx.host, status),
      remediation: t('Try again in a moment.'),
      actions: ['retry'],
      cause: err,
    });
  }
  // Octokit turns a failed fetch (refused, DNS, TLS) into status 500 without a response.
  if (
    !e.response &&
    (status === 500 ||
      (status === undefined && /fetch failed|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|socket|network/i.test(text)))
  ) {
    return new GitHubError({
      code: 'network',
      message: sentence(t('Could not reach {0}: {1}', ctx.host, e.message ?? t('network error'))),
      remediation: t('Check your connection, proxy settings (http.proxy) and {0}.', SETTINGS.githubEnterpriseUrl.key),
      actions: ['retry'],
      cause: err,
    });
  }
  if (issues.length) {
    return new GitHubError({
      code: 'unexpected',
      status,
      message: sentence(
        t(
          'GitHub answered with an error: {0}',
          issues
            .map((i) => (i.message ? clause(i.message) : ''))
            .filter(Boolean)
            .join('; '),
        ),
      ),
      remediation: t('Try Refresh; open the log for details.'),
      actions: ['retry', 'openLog'],
      cause: err,
    });
  }
  return new GitHubError({
    code: 'unexpected',
    status,
    message: sentence(e.message ?? t('Unexpected GitHub error')),
    remediation: t('Open the log for details.'),
    actions: ['openLog'],
    cause: err,
  });
}
