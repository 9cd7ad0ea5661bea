// The GitHub feature: sign-in, the Pull Requests view and "Create Pull Request…".
import type { Feature, Services } from '../services';
import { GitHubController } from './controller';
import type { PrViewSummary } from './controller';
import { CreatePullRequestFlow } from './createFlow';
import { DraftDocuments } from './drafts';
import { linkedPrsFrom, type LinkedPrSource, type SpacesGitHub } from '../spaces/prLink';
import { knownSecrets } from '../../core/providers/knownSecrets';

/**
 * The Pull Requests view as it stands, for the extension's read-only API (no request), and the
 * PR of a branch for the Spaces view, read from the same list.
 */
export type GitHubFeature = Feature<'github'> & {
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
      signIn: () => ctl.auth.signIn(),
      setToken: (arg?: unknown) => ctl.auth.setToken(arg),
      clearToken: () => ctl.auth.clearToken(),
      refreshPullRequests: () => ctl.refresh(true),
      loadMore: (category: unknown) => ctl.loadMore(category),
      openPullRequest: (node: unknown) => ctl.open(node),
      checkout: (node: unknown) => ctl.checkout(node),
      copyLink: (node: unknown) => ctl.copyLink(node),
      createPullRequest: (base?: unknown) => flow.start(typeof base === 'string' ? base : undefined),
      submitDraft: (uri: unknown) => flow.submit(uri),
      toggleDraft: (uri: unknown) => drafts.toggleDraft(uri),
      draftWithAi: async (uri: unknown) => drafts.draftWithAi(uri, await known()),
      chooseBase: (uri: unknown) => flow.chooseBase(uri),
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
