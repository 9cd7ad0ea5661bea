// The one way to tell the user something failed: a notification with what happened, what to do,
// and a button for each action the error names that can be done here. Every action's label is
// spelled once, in core/userError.ts (the chat's error box shows the same); what it does is a default here or given by the caller, who knows what
// "Retry" or "Push Branch" means where it runs. Details go to the log.
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { errorDetail } from '../core/errorMessage';
import { isGitHubError } from '../core/github/errors';
import { isProviderError } from '../core/providers/errors';
import { actionLabels, isUserError, noticeOf, toUserError, type UserAction, type UserError } from '../core/userError';
import { settingsQuery } from './config';
import { COMMANDS, run } from './commands';

export type ActionHandlers = Partial<Record<UserAction, () => unknown>>;

export interface ShowErrorOptions {
  /** Handlers for this place: the caller's own actions (retry, push…), or a default replaced. */
  handlers?: ActionHandlers;
  /** Heads the log line: "Ask", "GitHub", "Spaces". */
  context?: string;
  /** An endpoint's label, for provider errors that say which endpoint failed. */
  endpointLabel?: (endpointId: string) => string;
}

/** What an action does wherever it is shown; the caller's own actions have no default. */
function defaults(e: UserError): ActionHandlers {
  const sso = isGitHubError(e) ? e.ssoUrl : undefined;
  const setting = e.setting;
  return {
    openLog: () => run(COMMANDS.providers.showLog),
    ...(setting && {
      openSettings: () => vscode.commands.executeCommand('workbench.action.openSettings', settingsQuery(setting)),
    }),
    ...(isProviderError(e) && { setApiKey: () => run(COMMANDS.providers.setApiKey, e.providerId) }),
    signIn: () => run(COMMANDS.github.signIn),
    setToken: () => run(COMMANDS.github.setToken),
    // Offered when GitHub named a page; opened only when it is a web address.
    ...(sso && {
      authorizeSso: () => (/^https?:\/\//.test(sso) ? vscode.env.openExternal(vscode.Uri.parse(sso)) : undefined),
    }),
    installGit: () => vscode.env.openExternal(vscode.Uri.parse('https://git-scm.com/downloads')),
    manageTrust: () => vscode.commands.executeCommand('workbench.trust.manage'),
  };
}

/**
 * Shows anything thrown: a UserError (provider, GitHub, spaces, or made on the spot) as it asks,
 * anything else as its message with "Open Log". Resolves once the picked action has run.
 */
export async function showError(err: unknown, log: Logger, opts: ShowErrorOptions = {}): Promise<void> {
  const e = toUserError(err);
  const head = opts.context ? `${opts.context}: ` : '';
  if (isUserError(err)) {
    const status = isGitHubError(e) && e.status ? ` (HTTP ${e.status})` : '';
    log.warn(`${head}${e.code}${status}: ${e.message}`);
  } else log.error(`${head}${errorDetail(err)}`);
  const all = { ...defaults(e), ...opts.handlers };
  const notice = noticeOf(e, (a) => !!all[a], { endpoint: opts.endpointLabel });
  if (notice.severity === 'quiet') {
    void vscode.window.setStatusBarMessage(notice.text, 4000);
    return;
  }
  const label = actionLabels();
  const show = notice.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const pick = await show(notice.text, ...notice.actions.map((a) => label[a]));
  const action = notice.actions.find((a) => label[a] === pick);
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
