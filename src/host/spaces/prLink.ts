// The pull request of a space's branch, read from the Pull Requests view's data (the list it
// already fetched with one request): no request per row, nothing written back. A fork's PR with
// the same branch name is not ours. Also what the Spaces feature needs of the GitHub feature to
// create a space's pull request and hear that one was created.
import type * as vscode from 'vscode';
import type { PullRequestList } from '../../core/github/prList';
import type { TrackedPr } from '../../core/github/prQuery';
import type { FollowedPr } from '../../core/spaces/prState';
import type { LinkedPr } from '../../core/spaces/present';

export interface LinkedPrSource {
  forBranch(branch: string): LinkedPr | undefined;
  /** Pull requests the list's refresh also asks for by number (the ones linked to spaces). */
  track(prs: readonly FollowedPr[]): void;
  /** A followed pull request as the last refresh found it (open, closed or merged). */
  tracked(n: number): TrackedPr | undefined;
  onDidChange(listener: () => void): vscode.Disposable | { dispose(): void };
}

export function linkedPrsFrom(list: Pick<PullRequestList, 'current' | 'onDidChange' | 'track'>): LinkedPrSource {
  return {
    track: (prs) => list.track(prs),
    tracked: (n) => list.current.tracked?.[n],
    forBranch(branch) {
      const cats = list.current.snapshot?.categories;
      if (!cats) return undefined;
      for (const page of Object.values(cats))
        for (const pr of page.items)
          if (pr.headRefName === branch && !pr.isCrossRepository)
            return {
              number: pr.number,
              url: pr.url,
              title: pr.title,
              isDraft: pr.isDraft,
              checks: pr.checks,
              reviewDecision: pr.reviewDecision,
            };
      return undefined;
    },
    onDidChange: (l) => list.onDidChange(l),
  };
}

export const noLinkedPrs: LinkedPrSource = {
  forBranch: () => undefined,
  track: () => undefined,
  tracked: () => undefined,
  onDidChange: () => ({ dispose() {} }),
};

/** A pull request created in a worktree (from a space's row, or with Create Pull Request… in a space's window). */
export interface CreatedPr {
  root: string;
  branch: string;
  repo: string;
  pr: { number: number; url: string; title: string; draft: boolean };
}

/** What the Spaces view uses of the GitHub feature. */
export interface SpacesGitHub {
  prs: LinkedPrSource;
  /** Runs Create Pull Request… in a space's worktree, against the base it was made from. */
  createPullRequest(target: { root: string; base?: string }): Promise<void>;
  onDidCreatePullRequest(listener: (e: CreatedPr) => void): { dispose(): void };
}

export const noGitHub: SpacesGitHub = {
  prs: noLinkedPrs,
  createPullRequest: () => Promise.resolve(),
  onDidCreatePullRequest: () => ({ dispose() {} }),
};
