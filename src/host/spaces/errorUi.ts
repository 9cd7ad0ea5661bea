// One notification per spaces failure: the core's message, what to do about it, and buttons for
// the actions the error names. The caller supplies what "Use Existing Branch" or "Remove Anyway"
// mean where it runs; the rest (install git, trust, log) are the same everywhere.
import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { isSpaceError, type SpaceAction, type SpaceErrorCode } from '../../core/spaces/errors';
import { SETTINGS } from '../../core/settings/table';
import { sentences } from '../../core/sentence';
import { errorMessage, errorDetail } from '../../core/errorMessage';
import { UntrustedError } from './controller';
import { run } from '../commands';

// Read when shown, not at import: the translator is installed at activation.
const labels = (): Record<SpaceAction, string> => ({
  installGit: vscode.l10n.t('Install Git'),
  useExistingBranch: vscode.l10n.t('Use Existing Branch'),
  chooseOtherName: vscode.l10n.t('Choose Another Name'),
  chooseBase: vscode.l10n.t('Choose Base…'),
  removeAnyway: vscode.l10n.t('Remove Anyway…'),
  unlockAndRemove: vscode.l10n.t('Unlock and Remove…'),
  openLog: vscode.l10n.t('Open Log'),
});

const remediation = (code: SpaceErrorCode): string => {
  switch (code) {
    case 'git_missing':
      return vscode.l10n.t('Install git (2.17 or newer) and make sure it is on the PATH, then reload the window.');
    case 'git_too_old':
      return vscode.l10n.t('Update git, then reload the window.');
    case 'not_repository':
      return vscode.l10n.t('Open a folder inside a git repository, or run "Git: Initialize Repository".');
    case 'bare_repository':
      return vscode.l10n.t('Open a checkout of the repository instead.');
    case 'detached_head':
      return vscode.l10n.t('Check out a branch in the main checkout, or choose a base branch.');
    case 'base_missing':
      return vscode.l10n.t('Choose another base branch.');
    case 'folder_exists':
      return vscode.l10n.t('Choose another name, or move the folder away (see {0}).', SETTINGS.spacesFolder.key);
    case 'locked':
      return vscode.l10n.t('Unlock the worktree (git worktree unlock) or remove it with "Unlock and Remove…".');
    case 'git_failed':
      return vscode.l10n.t('The log has git’s full output.');
    default:
      return '';
  }
};

export type SpaceActionHandlers = Partial<Record<SpaceAction, () => unknown>>;

export async function showSpaceError(err: unknown, log: Logger, handlers: SpaceActionHandlers = {}): Promise<void> {
  if (err instanceof UntrustedError) {
    const pick = await vscode.window.showWarningMessage(
      vscode.l10n.t('Kata Cloud: {0}', err.message),
      vscode.l10n.t('Manage Workspace Trust'),
    );
    if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
    return;
  }
  if (!isSpaceError(err)) {
    log.error(`Spaces: ${errorDetail(err)}`);
    const pick = await vscode.window.showErrorMessage(
      vscode.l10n.t('Kata Cloud: {0}', errorMessage(err)),
      vscode.l10n.t('Open Log'),
    );
    if (pick) await run('kata.showLog');
    return;
  }
  log.warn(`Spaces: ${err.code}: ${err.message}`);
  if (err.code === 'cancelled') {
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Kata Cloud: {0}', err.message), 4000);
    return;
  }
  const defaults: SpaceActionHandlers = {
    installGit: () => vscode.env.openExternal(vscode.Uri.parse('https://git-scm.com/downloads')),
    openLog: () => run('kata.showLog'),
  };
  const all = { ...defaults, ...handlers };
  const offered = err.actions.filter((a) => all[a]);
  const text = sentences(err.message, remediation(err.code));
  const show =
    err.code === 'dirty' || err.code === 'branch_exists'
      ? vscode.window.showWarningMessage
      : vscode.window.showErrorMessage;
  const label = labels();
  const pick = await show(vscode.l10n.t('Kata Cloud: {0}', text), ...offered.map((a) => label[a]));
  const action = offered.find((a) => label[a] === pick);
  if (action) await all[action]?.();
}
