// The stored pull request of a space follows GitHub: the Pull Requests list's one GraphQL request
// also asks for the linked pull requests by number (whatever their state; the searches list open
// ones only), and what it answers is written back to the space's metadata. No request per row,
// and none of our own: the state changes when the Pull Requests data is refreshed.
import type { TrackedPr } from '../github/prQuery';
import type { SpacePrLink } from './meta';
import type { SpaceRow } from './repo';

export interface FollowedPr {
  /** `owner/name` of the repository the pull request was opened in. */
  repo: string;
  number: number;
}

/** The pull requests to follow: the stored link of each row that still applies (same branch). */
export function followedPrs(rows: readonly Pick<SpaceRow, 'branch' | 'meta' | 'isMain'>[]): FollowedPr[] {
  const out: FollowedPr[] = [];
  for (const r of rows) {
    const pr = r.meta?.pr;
    if (!r.isMain && pr && pr.branch === r.branch) out.push({ repo: pr.repo, number: pr.number });
  }
  return out;
}

/**
 * The stored links GitHub now answers differently (state, draft, title), with their new value.
 * A number answered for another pull request (its address differs: another repository) is not
 * taken.
 */
export function prUpdates(
  rows: readonly Pick<SpaceRow, 'path' | 'branch' | 'meta' | 'isMain'>[],
  tracked: (n: number) => TrackedPr | undefined,
): { path: string; pr: SpacePrLink }[] {
  const out: { path: string; pr: SpacePrLink }[] = [];
  for (const r of rows) {
    const pr = r.meta?.pr;
    if (r.isMain || !pr || pr.branch !== r.branch) continue;
    const t = tracked(pr.number);
    if (!t || t.url !== pr.url) continue;
    if (t.state === pr.state && t.isDraft === pr.isDraft && t.title === pr.title) continue;
    out.push({ path: r.path, pr: { ...pr, state: t.state, isDraft: t.isDraft, title: t.title.slice(0, 1000) } });
  }
  return out;
}
