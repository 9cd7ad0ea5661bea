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
  const actions: string[] = [];
  if (e.code === 'missing_auth' || e.code === 'invalid_auth') actions.push('Set API Key…');
  if (opts.retry && e.code !== 'cancelled') actions.push('Retry');
  actions.push('Open Log');
  const who = e.providerId && opts.labelOf ? `${opts.labelOf(e.providerId)}: ` : '';
  const text = `${who}${e.message}${e.remediation ? ` ${e.remediation}` : ''}`;
  const pick =
    e.code === 'rate_limited' || e.code === 'cancelled'
      ? await vscode.window.showWarningMessage(text, ...actions)
      : await vscode.window.showErrorMessage(text, ...actions);
  if (pick === 'Set API Key…') await run('kata.setApiKey', e.providerId);
  else if (pick === 'Retry') await opts.retry?.();
  else if (pick === 'Open Log') await run('kata.showLog');
}

function toProviderErrorLike(
  err: unknown,
): Pick<ProviderError, 'code' | 'message' | 'remediation'> & { providerId?: ProviderError['providerId'] } {
  if (isProviderError(err)) return err;
  return {
    code: 'unexpected_error',
    message: errorMessage(err),
    remediation: 'See the log for details.',
  };
}
