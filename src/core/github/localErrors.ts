// Local conditions found before any request to GitHub is made, as GitHubErrors with the same
// message, remediation and actions shape as the mapped request failures.
import { GitHubError, type GitHubErrorCode } from './errors';
import { t } from '../l10n';

/** Local conditions found before any request is made. */
export function localError(
  code: Extract<
    GitHubErrorCode,
    'no_folder' | 'no_git' | 'no_repository' | 'not_signed_in' | 'detached_head' | 'nothing_to_compare'
  >,
  detail?: string,
): GitHubError {
  switch (code) {
    case 'no_folder':
      return new GitHubError({
        code,
        message: t('No folder is open.'),
        remediation: t('Open the folder of a git repository that has a GitHub remote.'),
      });
    case 'no_git':
      return new GitHubError({
        code,
        message: t('The Git extension is not available or disabled (git.enabled).'),
        remediation: t('Enable the built-in Git extension and make sure git is installed.'),
      });
    case 'no_repository':
      return new GitHubError({
        code,
        message: t('No git repository was found in the open folders.'),
        remediation: t('Open a folder that is a git repository (or run "Git: Initialize Repository").'),
      });
    case 'not_signed_in':
      return new GitHubError({
        code,
        message: t('You are not signed in to GitHub.'),
        remediation: t('Sign in with your GitHub account, or set a personal access token.'),
        actions: ['signIn', 'setToken'],
      });
    case 'detached_head':
      return new GitHubError({
        code,
        message: t('HEAD is detached: a pull request needs a branch.'),
        remediation: t('Create a branch from here (Git: Create Branch…), then try again.'),
      });
    case 'nothing_to_compare':
      return new GitHubError({
        code,
        message: t(
          'There is nothing to put in a pull request: no staged changes and no commits ahead of {0}.',
          detail ?? t('the base branch'),
        ),
        remediation: t('Stage or commit some changes first.'),
      });
  }
}
