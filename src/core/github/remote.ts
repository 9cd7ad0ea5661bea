// Which GitHub a remote points at, and where that GitHub's API lives. Remotes come in three
// shapes (https, scp-like `git@host:owner/repo`, `ssh://`), with or without `.git`, and may
// belong to github.com or to the one configured enterprise host. Anything else is "not GitHub"
// and the user is told which host it was, never shown a parse error.
import { SETTINGS } from '../settings/table';
import { t } from '../l10n';

export interface RepoRef {
  /** Lower-case host name without port: `github.com` or the enterprise host. */
  host: string;
  owner: string;
  repo: string;
}

export type RemoteParse =
  { ok: true; ref: RepoRef } | { ok: false; reason: 'unparseable' | 'not_github'; host?: string; message: string };

export interface GitHubEndpoints {
  /** Host name that remotes must carry (`github.com`, `ghe.example.com`, `acme.ghe.com`). */
  host: string;
  /** Web root, e.g. `https://github.com`. */
  webUrl: string;
  /** REST root for Octokit's `baseUrl`: `https://api.github.com` or `https://host/api/v3`. */
  restUrl: string;
  /** GraphQL endpoint (Octokit derives the same from `restUrl`; kept for display and tests). */
  graphqlUrl: string;
  enterprise: boolean;
}

export const GITHUB_DOT_COM: GitHubEndpoints = {
  host: 'github.com',
  webUrl: 'https://github.com',
  restUrl: 'https://api.github.com',
  graphqlUrl: 'https://api.github.com/graphql',
  enterprise: false,
};

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Endpoints for the GitHub Enterprise URL setting (empty: github.com). GitHub Enterprise
 * Server serves REST at `/api/v3` and GraphQL at `/api/graphql`; GHE.com (data residency,
 * `*.ghe.com`) serves both from `api.<host>`. Plain http is refused except on loopback, because
 * the token travels in every request.
 */
export function endpointsFor(
  enterpriseUrl: string | undefined,
): { ok: true; endpoints: GitHubEndpoints } | { ok: false; message: string } {
  const raw = (enterpriseUrl ?? '').trim();
  if (!raw) return { ok: true, endpoints: GITHUB_DOT_COM };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return {
      ok: false,
      message: t(
        '{0} "{1}" is not a URL. Use the address of your GitHub Enterprise server, e.g. https://github.example.com.',
        SETTINGS.githubEnterpriseUrl.key,
        raw,
      ),
    };
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(host))) {
    return {
      ok: false,
      message: t(
        '{0} must use https (got {1}): your token is sent with every request.',
        SETTINGS.githubEnterpriseUrl.key,
        `${url.protocol}//${url.host}`,
      ),
    };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      message: t(
        '{0} must not contain a user name or password. Set a token with "Kata Cloud: Set GitHub Token…" instead.',
        SETTINGS.githubEnterpriseUrl.key,
      ),
    };
  }
  if (host === 'github.com' || host === 'api.github.com' || host === 'www.github.com')
    return { ok: true, endpoints: GITHUB_DOT_COM };
  const origin = `${url.protocol}//${url.host}`;
  if (host.endsWith('.ghe.com')) {
    const apiHost = host.startsWith('api.') ? host : `api.${host}`;
    const webHost = host.startsWith('api.') ? host.slice(4) : host;
    return {
      ok: true,
      endpoints: {
        host: webHost,
        webUrl: `https://${webHost}`,
        restUrl: `https://${apiHost}`,
        graphqlUrl: `https://${apiHost}/graphql`,
        enterprise: true,
      },
    };
  }
  return {
    ok: true,
    endpoints: {
      host,
      webUrl: origin,
      restUrl: `${origin}/api/v3`,
      graphqlUrl: `${origin}/api/graphql`,
      enterprise: true,
    },
  };
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/** Splits any accepted remote form into host + path; undefined when it is none of them. */
function splitRemote(url: string): { host: string; path: string } | undefined {
  const s = url.trim();
  // scp-like: [user@]host:path (no scheme; a path starting with a slash is a local or absolute
  // path, never a GitHub repository).
  const scp = /^(?:[^@/\s]+@)?([A-Za-z0-9.-]+):(?![/\\])([^\s]+)$/.exec(s);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return { host: scp[1]!, path: scp[2]! };
  if (!/^(?:https?|ssh|git|git\+ssh|ssh\+git):\/\//i.test(s)) return undefined;
  try {
    const u = new URL(s.replace(/^(git\+ssh|ssh\+git):/i, 'ssh:'));
    return { host: u.hostname, path: decodeURIComponent(u.pathname) };
  } catch {
    return undefined;
  }
}

function normaliseHost(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  // ssh.github.com serves SSH over port 443 for github.com; www is a web alias.
  if (h === 'www.github.com' || h === 'ssh.github.com') return 'github.com';
  return h;
}

/**
 * Parses a git remote URL against the configured GitHub host (github.com or one enterprise
 * host). Port numbers are ignored: the SSH and HTTPS ports of a host differ.
 */
export function parseRemote(url: string, endpoints: GitHubEndpoints = GITHUB_DOT_COM): RemoteParse {
  const parts = splitRemote(url);
  if (!parts) {
    return {
      ok: false,
      reason: 'unparseable',
      message: t(
        'The remote "{0}" is not a GitHub URL (expected https://host/owner/repo, git@host:owner/repo or ssh://git@host/owner/repo).',
        safeUrl(url),
      ),
    };
  }
  const host = normaliseHost(parts.host);
  const accepted = host === endpoints.host || (!endpoints.enterprise && host === 'github.com');
  if (!accepted) {
    const message = endpoints.enterprise
      ? t('The remote points at {0}, not at {1} ({2}).', host, endpoints.host, SETTINGS.githubEnterpriseUrl.key)
      : t(
          'The remote points at {0}, not at github.com. For GitHub Enterprise, set {1}.',
          host,
          SETTINGS.githubEnterpriseUrl.key,
        );
    return { ok: false, reason: 'not_github', host, message };
  }
  const segments = parts.path.replace(/^\/+/, '').replace(/\/+$/, '').split('/');
  if (segments.length !== 2) {
    return {
      ok: false,
      reason: 'unparseable',
      host,
      message: t('The remote "{0}" does not name a repository as owner/repo.', safeUrl(url)),
    };
  }
  const owner = segments[0]!;
  const repo = segments[1]!.replace(/\.git$/i, '');
  if (!OWNER.test(owner) || !REPO.test(repo) || repo === '.' || repo === '..') {
    return {
      ok: false,
      reason: 'unparseable',
      host,
      message: t('The remote "{0}" does not name a valid GitHub owner/repo.', safeUrl(url)),
    };
  }
  return { ok: true, ref: { host, owner, repo } };
}

/** A remote URL with any embedded credentials removed, safe to show or log. */
export function safeUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/\s]*@/i, '$1');
}

export const repoSlug = (r: Pick<RepoRef, 'owner' | 'repo'>): string => `${r.owner}/${r.repo}`;

export interface GitRemote {
  name: string;
  fetchUrl?: string;
  pushUrl?: string;
}

export interface RemoteSelection {
  /** Where pull requests are listed and opened against (upstream for forks). */
  target: { remote: string; ref: RepoRef };
  /** Where the branch is pushed and the PR's head lives (the fork, usually `origin`). */
  head: { remote: string; ref: RepoRef };
}

/**
 * Fork-aware choice of remotes: with both `upstream` and `origin` on GitHub, PRs target
 * upstream and come from origin. Otherwise origin (or the only GitHub remote) is both.
 */
export function selectRemotes(
  remotes: readonly GitRemote[],
  endpoints: GitHubEndpoints,
): { ok: true; selection: RemoteSelection } | { ok: false; reason: 'no_remote' | 'not_github'; message: string } {
  if (remotes.length === 0) {
    return {
      ok: false,
      reason: 'no_remote',
      message: t(
        'This repository has no remote. Add one that points at GitHub (git remote add origin …) and publish the branch.',
      ),
    };
  }
  const parsed = remotes.map((r) => ({ name: r.name, result: parseRemote(r.fetchUrl ?? r.pushUrl ?? '', endpoints) }));
  const github = parsed.filter((p): p is { name: string; result: { ok: true; ref: RepoRef } } => p.result.ok);
  if (github.length === 0) {
    const hosts = [
      ...new Set(
        parsed
          .map((p) =>
            p.result.ok ? '' : (p.result.host ?? safeUrl(remotes.find((r) => r.name === p.name)?.fetchUrl ?? '')),
          )
          .filter(Boolean),
      ),
    ];
    const found = hosts.length ? hosts.join(', ') : t('none');
    return {
      ok: false,
      reason: 'not_github',
      message: endpoints.enterprise
        ? t('No remote of this repository is on {0} (found: {1}).', endpoints.host, found)
        : t(
            'No remote of this repository is on {0} (found: {1}). For GitHub Enterprise, set {2}.',
            'github.com',
            found,
            SETTINGS.githubEnterpriseUrl.key,
          ),
    };
  }
  const byName = (n: string) => github.find((g) => g.name === n);
  const origin = byName('origin') ?? github[0]!;
  const upstream = byName('upstream');
  const head = { remote: origin.name, ref: origin.result.ref };
  const target = upstream && upstream.name !== origin.name ? { remote: upstream.name, ref: upstream.result.ref } : head;
  return { ok: true, selection: { target, head } };
}
