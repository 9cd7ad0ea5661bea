// What a GitHub rate limit means for the request it stopped: the wording per kind of request
// (the PR list pauses by itself; a token check or a PR creation must be done again) and when
// GitHub allows the next try.
import { sentence, sentences } from '../sentence';
import { t } from '../l10n';

/** The kind of request that failed; the wording says what it could not do. */
export type GitHubOp = 'list' | 'user' | 'repo' | 'existing' | 'create';

export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** What each kind of request could not do when a rate limit stopped it, and what to do next. */
const WORDING: Record<GitHubOp, (until: string) => { outcome: string; next: string }> = {
  list: (until) => ({
    outcome: t('Refreshes are paused until {0}', until),
    next: t('Nothing to do: the view refreshes by itself after that time'),
  }),
  user: (until) => ({
    outcome: t('The token could not be checked'),
    next: t('Run Set GitHub Token… again after {0}', until),
  }),
  repo: (until) => ({
    outcome: t('The repository could not be read'),
    next: t('Try again after {0}', until),
  }),
  existing: (until) => ({
    outcome: t('Open pull requests for this branch could not be checked, so none was created'),
    next: t('Your draft stays open: create the pull request again after {0}', until),
  }),
  create: (until) => ({
    outcome: t('The pull request was not created'),
    next: t('Your draft stays open: create the pull request again after {0}', until),
  }),
};

export function rateLimitText(
  kind: 'primary' | 'secondary',
  op: GitHubOp,
  retryAt: number,
): { message: string; remediation: string } {
  const what =
    kind === 'secondary'
      ? t("GitHub's secondary rate limit (too many requests in a short time) was hit")
      : t('The GitHub API rate limit for this account is used up');
  const { outcome, next } = WORDING[op](formatClock(retryAt));
  return { message: sentences(what, outcome), remediation: sentence(next) };
}

/** Reads the wait GitHub asked for: `retry-after` seconds, else `x-ratelimit-reset` epoch seconds. */
export function retryAtFrom(
  header: (name: string) => string | undefined,
  now: number,
  fallbackSeconds: number,
): number {
  const after = Number(header('retry-after'));
  if (Number.isFinite(after) && after > 0) return now + after * 1000;
  const reset = Number(header('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0 && reset * 1000 > now) return reset * 1000 + 1000;
  return now + fallbackSeconds * 1000;
}
