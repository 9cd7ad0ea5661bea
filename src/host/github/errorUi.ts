// One notification per GitHub failure: the message, what to do, and buttons for the actions the
// error names. The caller supplies what "Push" or "Open Existing" mean in its context.
import * as vscode from 'vscode';
import type { GitHubAction, GitHubError } from '../../core/github/errors';
import type { Logger } from '../../core/ports';
import { sentences } from '../../core/sentence';
import { settingsQuery } from '../config';
import { run } from '../commands';

// Read when shown, not at import: the translator is installed at activation.
const labels = (): Record<GitHubAction, string> => ({
  signIn: vscode.l10n.t('Sign in to GitHub'),
  setToken: vscode.l10n.t('Set GitHub Token…'),
  authorizeSso: vscode.l10n.t('Authorize for SSO'),
  push: vscode.l10n.t('Push Branch'),
  commit: vscode.l10n.t('Commit Staged Changes'),
  openExisting: vscode.l10n.t('Open Existing Pull Request'),
  openSettings: vscode.l10n.t('Open Settings'),
  retry: vscode.l10n.t('Retry'),
  openLog: vscode.l10n.t('Open Log'),
});

export type ActionHandlers = Partial<Record<GitHubAction, () => unknown>>;

export async function showGitHubError(err: GitHubError, log: Logger, handlers: ActionHandlers = {}): Promise<void> {
  log.warn(`GitHub: ${err.code}${err.status ? ` (HTTP ${err.status})` : ''}: ${err.message}`);
  const defaults: ActionHandlers = {
    signIn: () => run('kata.github.signIn'),
    setToken: () => run('kata.github.setToken'),
    authorizeSso: () =>
      err.ssoUrl && /^https?:\/\//.test(err.ssoUrl) ? vscode.env.openExternal(vscode.Uri.parse(err.ssoUrl)) : undefined,
    openSettings: () =>
      vscode.commands.executeCommand('workbench.action.openSettings', settingsQuery('githubEnterpriseUrl')),
    openLog: () => run('kata.showLog'),
  };
  const all = { ...defaults, ...handlers };
  const offered = err.actions.filter((a) => all[a] && (a !== 'authorizeSso' || err.ssoUrl));
  const text = sentences(err.message, err.remediation);
  const label = labels();
  const buttons = offered.map((a) => label[a]);
  const show =
    err.code === 'rate_limited' || err.code === 'cancelled' || err.code === 'nothing_to_compare'
      ? vscode.window.showWarningMessage
      : vscode.window.showErrorMessage;
  const pick = await show(vscode.l10n.t('Kata Cloud: {0}', text), ...buttons);
  const action = offered.find((a) => label[a] === pick);
  if (action) await all[action]?.();
}

/** Only web links from GitHub are opened; anything else is refused (a server could send any string). */
export async function openWebLink(url: string): Promise<boolean> {
  if (!/^https?:\/\//i.test(url)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Kata Cloud: refusing to open "{0}" (not a web address).', url));
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(url));
}
