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

const LABELS: Record<SpaceAction, string> = {
  installGit: 'Install Git',
  useExistingBranch: 'Use Existing Branch',
  chooseOtherName: 'Choose Another Name',
  chooseBase: 'Choose Base…',
  removeAnyway: 'Remove Anyway…',
  unlockAndRemove: 'Unlock and Remove…',
  openLog: 'Open Log',
};

const REMEDIATION: Partial<Record<SpaceErrorCode, string>> = {
  git_missing: 'Install git (2.17 or newer) and make sure it is on the PATH, then reload the window.',
  git_too_old: 'Update git, then reload the window.',
  not_repository: 'Open a folder inside a git repository, or run "Git: Initialize Repository".',
  bare_repository: 'Open a checkout of the repository instead.',
  detached_head: 'Check out a branch in the main checkout, or choose a base branch.',
  base_missing: 'Choose another base branch.',
  folder_exists: `Choose another name, or move the folder away (see ${SETTINGS.spacesFolder.key}).`,
  locked: 'Unlock the worktree (git worktree unlock) or remove it with "Unlock and Remove…".',
  git_failed: 'The log has git’s full output.',
};

export type SpaceActionHandlers = Partial<Record<SpaceAction, () => unknown>>;

export async function showSpaceError(err: unknown, log: Logger, handlers: SpaceActionHandlers = {}): Promise<void> {
  if (err instanceof UntrustedError) {
    const pick = await vscode.window.showWarningMessage(`Kata Cloud: ${err.message}`, 'Manage Workspace Trust');
    if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
    return;
  }
  if (!isSpaceError(err)) {
    log.error(`Spaces: ${errorDetail(err)}`);
    const pick = await vscode.window.showErrorMessage(`Kata Cloud: ${errorMessage(err)}`, 'Open Log');
    if (pick) await run('kata.showLog');
    return;
  }
  log.warn(`Spaces: ${err.code}: ${err.message}`);
  if (err.code === 'cancelled') {
    void vscode.window.setStatusBarMessage(`Kata Cloud: ${err.message}`, 4000);
    return;
  }
  const defaults: SpaceActionHandlers = {
    installGit: () => vscode.env.openExternal(vscode.Uri.parse('https://git-scm.com/downloads')),
    openLog: () => run('kata.showLog'),
  };
  const all = { ...defaults, ...handlers };
  const offered = err.actions.filter((a) => all[a]);
  const text = sentences(err.message, REMEDIATION[err.code] ?? '');
  const show =
    err.code === 'dirty' || err.code === 'branch_exists'
      ? vscode.window.showWarningMessage
      : vscode.window.showErrorMessage;
  const pick = await show(`Kata Cloud: ${text}`, ...offered.map((a) => LABELS[a]));
  const action = offered.find((a) => LABELS[a] === pick);
  if (action) await all[action]?.();
}
