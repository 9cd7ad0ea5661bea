// The git facts a pull request is planned from: the base to compare against and where the branch
// stands (staged files, commits ahead of the base and of its remote branch).
import type { BranchFacts } from '../../core/github/createPlan';
import { repoSlug } from '../../core/github/remote';
import { errorMessage } from '../../core/errorMessage';
import type { Logger } from '../../core/ports';
import type { RepoContext } from './controller';
import type { GitRepository } from './git';
import type { GitCli } from './gitCli';

/** Base ref to compare against: the target remote's branch (fetched once if unknown), else a local one. */
export async function findBaseRef(
  repo: GitRepository,
  cli: GitCli,
  log: Logger,
  remote: string,
  base: string,
): Promise<string | undefined> {
  const remoteRef = `refs/remotes/${remote}/${base}`;
  if (await cli.refExists(remoteRef)) return remoteRef;
  try {
    await repo.fetch({ remote, ref: base });
  } catch (e) {
    log.warn(`Fetching ${remote}/${base} failed: ${errorMessage(e)}`);
  }
  if (await cli.refExists(remoteRef)) return remoteRef;
  return (await cli.refExists(`refs/heads/${base}`)) ? `refs/heads/${base}` : undefined;
}

/** What the submit plan needs to know about the branch, read from git. */
export async function branchFacts(
  repo: GitRepository,
  cli: GitCli,
  ctx: RepoContext,
  baseRef: string | undefined,
): Promise<BranchFacts> {
  await repo.status().then(undefined, () => undefined);
  const head = repo.state.HEAD;
  const branch = head?.name;
  const upstream = head?.upstream;
  const onHeadRemote = !!upstream && upstream.remote === ctx.selection.head.remote && upstream.name === branch;
  return {
    branch,
    detached: !branch,
    stagedFiles: repo.state.indexChanges.length,
    commitsAheadOfBase: branch && baseRef ? await cli.count(`${baseRef}..HEAD`) : 0,
    remoteBranchExists:
      onHeadRemote || (!!branch && (await cli.refExists(`refs/remotes/${ctx.selection.head.remote}/${branch}`))),
    commitsAheadOfRemote: onHeadRemote
      ? (head?.ahead ?? 0)
      : branch
        ? await cli.count(`refs/remotes/${ctx.selection.head.remote}/${branch}..HEAD`).catch(() => 0)
        : 0,
    sameRepo: repoSlug(ctx.selection.head.ref).toLowerCase() === repoSlug(ctx.selection.target.ref).toLowerCase(),
  };
}
