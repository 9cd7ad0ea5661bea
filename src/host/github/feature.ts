// The GitHub feature: sign-in, the Pull Requests view and "Create Pull Request…".
import type { Feature, Services } from '../services';
import { GitHubController } from './controller';
import type { PrViewSummary } from './controller';
import { CreatePullRequestFlow } from './createFlow';
import { DraftDocuments } from './drafts';
import { linkedPrsFrom, type LinkedPrSource, type SpacesGitHub } from '../spaces/prLink';
import { knownSecrets } from '../../core/providers/knownSecrets';

export type GitHubCommandId =
  | 'kata.github.signIn'
  | 'kata.github.setToken'
  | 'kata.github.clearToken'
  | 'kata.prs.refresh'
  | 'kata.prs.loadMore'
  | 'kata.prs.open'
  | 'kata.prs.checkout'
  | 'kata.prs.copyLink'
  | 'kata.pr.create'
  | 'kata.pr.submitDraft'
  | 'kata.pr.toggleDraft'
  | 'kata.pr.draftWithAi'
  | 'kata.pr.chooseBase';

/**
 * The Pull Requests view as it stands, for the extension's read-only API (no request), and the
 * PR of a branch for the Spaces view, read from the same list.
 */
export type GitHubFeature = Feature<GitHubCommandId> & {
  pullRequests(): PrViewSummary;
  prs: LinkedPrSource;
  /** Create Pull Request… in a space's worktree, and the PRs created, for the Spaces view. */
  spaces: SpacesGitHub;
};

export function createGitHubFeature(services: Services): GitHubFeature {
  const ctl = new GitHubController(services);
  const drafts = new DraftDocuments(services);
  const flow = new CreatePullRequestFlow(services, ctl, drafts);
  const known = () => knownSecrets(services.providers, ctl.auth.current?.token);
  const prs = linkedPrsFrom(ctl.list);
  // Deferred: activation must not wait for the Git extension or the auth provider.
  setTimeout(() => ctl.start(), 0);
  return {
    commands: {
      'kata.github.signIn': () => ctl.auth.signIn(),
      'kata.github.setToken': (arg?: unknown) => ctl.auth.setToken(arg),
      'kata.github.clearToken': () => ctl.auth.clearToken(),
      'kata.prs.refresh': () => ctl.refresh(true),
      'kata.prs.loadMore': (category: unknown) => ctl.loadMore(category),
      'kata.prs.open': (node: unknown) => ctl.open(node),
      'kata.prs.checkout': (node: unknown) => ctl.checkout(node),
      'kata.prs.copyLink': (node: unknown) => ctl.copyLink(node),
      'kata.pr.create': (base?: unknown) => flow.start(typeof base === 'string' ? base : undefined),
      'kata.pr.submitDraft': (uri: unknown) => flow.submit(uri),
      'kata.pr.toggleDraft': (uri: unknown) => drafts.toggleDraft(uri),
      'kata.pr.draftWithAi': async (uri: unknown) => drafts.draftWithAi(uri, await known()),
      'kata.pr.chooseBase': (uri: unknown) => flow.chooseBase(uri),
    },
    disposables: [ctl, drafts, flow],
    pullRequests: () => ctl.summary(),
    prs,
    spaces: {
      prs,
      createPullRequest: (target) => flow.start(undefined, target),
      onDidCreatePullRequest: (l) => flow.onDidCreate(l),
    },
  };
}
