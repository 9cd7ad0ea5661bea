import * as vscode from 'vscode';
import { isProviderError, type ProviderError } from '../core/providers/errors';
import type { Logger } from '../core/ports';
import { errorMessage } from '../core/errorMessage';
import { run } from './commands';

/**
 * One short notification per failure: what happened, what to do, and the actions that fit.
 * Details go to the log. Resolves once the user picked an action (or dismissed it).
 */
export async function showProviderError(
  err: unknown,
  log: Logger,
  opts: { retry?: () => unknown; context?: string; labelOf?: (endpointId: string) => string } = {},
): Promise<void> {
  const e = toProviderErrorLike(err);
  log.error(`${opts.context ? `${opts.context}: ` : ''}${e.code} ${e.message}`);
  const setKey = vscode.l10n.t('Set API Key…');
  const retry = vscode.l10n.t('Retry');
  const openLog = vscode.l10n.t('Open Log');
  const actions: string[] = [];
  if (e.code === 'missing_auth' || e.code === 'invalid_auth') actions.push(setKey);
  if (opts.retry && e.code !== 'cancelled') actions.push(retry);
  actions.push(openLog);
  const who = e.providerId && opts.labelOf ? `${opts.labelOf(e.providerId)}: ` : '';
  const text = `${who}${e.message}${e.remediation ? ` ${e.remediation}` : ''}`;
  const pick =
    e.code === 'rate_limited' || e.code === 'cancelled'
      ? await vscode.window.showWarningMessage(text, ...actions)
      : await vscode.window.showErrorMessage(text, ...actions);
  if (pick === setKey) await run('kata.setApiKey', e.providerId);
  else if (pick === retry) await opts.retry?.();
  else if (pick === openLog) await run('kata.showLog');
}

function toProviderErrorLike(
  err: unknown,
): Pick<ProviderError, 'code' | 'message' | 'remediation'> & { providerId?: ProviderError['providerId'] } {
  if (isProviderError(err)) return err;
  return {
    code: 'unexpected_error',
    message: errorMessage(err),
    remediation: vscode.l10n.t('See the log for details.'),
  };
}
