// The decisions of "Create Pull Request…", separated from doing them: what the changes are,
// what must happen before GitHub is asked (commit, push), and what a failure leads to. The host
// gathers the facts, asks the user where a step needs consent, and performs the steps.
import { GitHubError } from './errors';
import { localError } from './localErrors';
import { t } from '../l10n';

export interface BranchFacts {
  /** Current branch; undefined when HEAD is detached. */
  branch?: string;
  detached: boolean;
  /** Files in the index that differ from HEAD. */
  stagedFiles: number;
  /** Commits on HEAD that are not on the base branch. */
  commitsAheadOfBase: number;
  /** Whether the head remote has a branch of this name. */
  remoteBranchExists: boolean;
  /** Commits on HEAD not on the remote branch (when it exists). */
  commitsAheadOfRemote: number;
  /** Head and target are the same repository (no fork): then the branch must differ from the base. */
  sameRepo: boolean;
}

const onBase = (base: string) =>
  new GitHubError({
    code: 'nothing_to_compare',
    message: t('You are on {0}, the base branch itself.', base),
    remediation: t('Create a branch for your change (Git: Create Branch…), then try again.'),
  });

export type ChangeSource = 'staged' | 'commits';

/** Staged changes win (they are what the user is about to commit); otherwise the branch. */
export function chooseSource(
  f: Pick<BranchFacts, 'stagedFiles' | 'commitsAheadOfBase' | 'detached' | 'branch' | 'sameRepo'>,
  base: string,
): { ok: true; source: ChangeSource } | { ok: false; error: GitHubError } {
  if (f.detached || !f.branch) return { ok: false, error: localError('detached_head') };
  // Committing onto the base and opening base → base fails on GitHub; a fork's main is fine.
  if (f.sameRepo && f.branch === base) return { ok: false, error: onBase(base) };
  if (f.stagedFiles > 0) return { ok: true, source: 'staged' };
  if (f.commitsAheadOfBase > 0) return { ok: true, source: 'commits' };
  return { ok: false, error: localError('nothing_to_compare', base) };
}

export type Step =
  | { kind: 'commit'; files: number }
  | { kind: 'push'; reason: 'unpublished' | 'ahead' }
  | { kind: 'checkExisting' }
  | { kind: 'create' };

/**
 * The steps before creation. Committing staged changes makes the branch ahead of its remote, so
 * a commit always implies a push. The existing-PR check comes before creation to avoid a 422.
 */
export function planSubmit(
  f: BranchFacts,
  base: string,
): { ok: true; steps: Step[] } | { ok: false; error: GitHubError } {
  if (f.detached || !f.branch) return { ok: false, error: localError('detached_head') };
  if (f.sameRepo && f.branch === base) return { ok: false, error: onBase(base) };
  if (f.stagedFiles === 0 && f.commitsAheadOfBase === 0)
    return { ok: false, error: localError('nothing_to_compare', base) };
  const steps: Step[] = [];
  if (f.stagedFiles > 0) steps.push({ kind: 'commit', files: f.stagedFiles });
  if (!f.remoteBranchExists) steps.push({ kind: 'push', reason: 'unpublished' });
  else if (f.commitsAheadOfRemote > 0 || f.stagedFiles > 0) steps.push({ kind: 'push', reason: 'ahead' });
  steps.push({ kind: 'checkExisting' }, { kind: 'create' });
  return { ok: true, steps };
}

export type AfterFailure =
  { kind: 'retry'; delayMs: number } | { kind: 'showExisting' } | { kind: 'offerPush' } | { kind: 'fail' };

/**
 * What a failed create leads to. "No commits between" right after a push is usually GitHub not
 * having indexed the pushed commits yet: retry once after a short wait.
 */
export function afterCreateFailure(error: GitHubError, ctx: { pushedJustNow: boolean; attempt: number }): AfterFailure {
  if (error.code === 'no_commits')
    return ctx.pushedJustNow && ctx.attempt === 0 ? { kind: 'retry', delayMs: 2000 } : { kind: 'offerPush' };
  if (error.code === 'already_exists') return { kind: 'showExisting' };
  return { kind: 'fail' };
}

/** `owner:branch`, the head GitHub wants (the fork's owner for cross-repository PRs). */
export const headSpec = (headOwner: string, branch: string): string => `${headOwner}:${branch}`;
