// Every way creating, listing or removing a space can fail, as a code with a message, what to do
// about it and the actions that help. The message is for people; the code is for code.
import { SETTINGS } from '../settings/table';
import { t } from '../l10n';
import { UserError, type UserAction } from '../userError';

export type SpaceErrorCode =
  | 'git_missing'
  | 'git_too_old'
  | 'not_repository'
  | 'bare_repository'
  | 'detached_head'
  | 'invalid_name'
  | 'branch_exists'
  | 'folder_exists'
  | 'base_missing'
  | 'dirty'
  | 'unpushed'
  | 'locked'
  | 'main_worktree'
  | 'not_found'
  | 'cancelled'
  | 'git_failed';

/** Buttons the host offers with an error; each maps to one command or step there. */
export type SpaceAction = Extract<
  UserAction,
  'installGit' | 'useExistingBranch' | 'chooseOtherName' | 'chooseBase' | 'removeAnyway' | 'unlockAndRemove' | 'openLog'
>;

/** What to do about a failure, by its code (translated when the error is made, not at import). */
function remediationOf(code: SpaceErrorCode): string {
  switch (code) {
    case 'git_missing':
      return t('Install git (2.17 or newer) and make sure it is on the PATH, then reload the window.');
    case 'git_too_old':
      return t('Update git, then reload the window.');
    case 'not_repository':
      return t('Open a folder inside a git repository, or run "Git: Initialize Repository".');
    case 'bare_repository':
      return t('Open a checkout of the repository instead.');
    case 'detached_head':
      return t('Check out a branch in the main checkout, or choose a base branch.');
    case 'base_missing':
      return t('Choose another base branch.');
    case 'folder_exists':
      return t('Choose another name, or move the folder away (see {0}).', SETTINGS.spacesFolder.key);
    case 'locked':
      return t('Unlock the worktree (git worktree unlock) or remove it with "Unlock and Remove…".');
    case 'git_failed':
      return t('The log has git’s full output.');
    default:
      return '';
  }
}

export class SpaceError extends UserError {
  declare readonly code: SpaceErrorCode;
  declare readonly actions: readonly SpaceAction[];
  readonly detail?: string;
  constructor(code: SpaceErrorCode, message: string, actions: SpaceAction[] = [], detail?: string) {
    super({
      code,
      message,
      remediation: remediationOf(code),
      actions,
      // A cancel is the user's own doing: said in passing. Dirty or taken is a choice to make.
      severity: code === 'cancelled' ? 'quiet' : code === 'dirty' || code === 'branch_exists' ? 'warning' : 'error',
    });
    this.name = 'SpaceError';
    this.detail = detail;
  }
}

export const isSpaceError = (e: unknown): e is SpaceError => e instanceof SpaceError;

/** First meaningful line of git's stderr, without the "fatal: " prefix. */
export function gitReason(stderr: string): string {
  const line =
    stderr
      .split('\n')
      .map((l) => l.trim())
      .find((l) => /^(fatal|error):/.test(l)) ??
    stderr.trim().split('\n')[0] ??
    '';
  return line.replace(/^(fatal|error):\s*/, '').slice(0, 300);
}
