import type { ProviderId } from './types';
import { errorMessage } from '../errorMessage';
import { t } from '../l10n';
import { UserError, type ErrorNames, type UserAction } from '../userError';

export type ProviderErrorCode =
  | 'missing_auth'
  | 'invalid_auth'
  | 'rate_limited'
  | 'provider_unavailable'
  | 'bad_request'
  | 'cancelled'
  | 'stream_interrupted'
  | 'unexpected_error';

/** The remediation of a stream cut after some text. */
export const partialKept = (): string => t('The partial answer is kept. Try again.');

/** A failure before any text must not claim a partial answer was kept (older transcripts did). */
export function honestRemediation(remediation: string, receivedText: boolean): string {
  if (receivedText) return remediation;
  if (remediation === partialKept()) return t('Nothing was received. Try again.');
  // Transcripts saved before, in English, say it in these words.
  return remediation.replace('The partial answer is kept.', 'Nothing was received.');
}

export interface ProviderErrorInit {
  providerId: ProviderId;
  code: ProviderErrorCode;
  message: string;
  remediation: string;
  retryable: boolean;
  retryAfterMs?: number;
  status?: number;
  /** The provider's own error type, e.g. `overloaded_error`, when it sent one. */
  providerType?: string;
  /** False when a retry is allowed but should not happen by itself (e.g. connection refused). */
  autoRetry?: boolean;
  cause?: unknown;
}

/**
 * The one error type the provider runtime throws. `message` says what happened, `remediation`
 * what the user can do; neither ever contains a key. Shown as written, after the endpoint's name.
 */
export class ProviderError extends UserError {
  readonly providerId: ProviderId;
  declare readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly providerType?: string;
  readonly autoRetry?: boolean;

  constructor(init: ProviderErrorInit) {
    const auth = init.code === 'missing_auth' || init.code === 'invalid_auth';
    const actions: UserAction[] = [...(auth ? ['setApiKey' as const] : []), 'retry', 'openLog'];
    super({
      code: init.code,
      message: init.message,
      remediation: init.remediation,
      actions: init.code === 'cancelled' ? actions.filter((a) => a !== 'retry') : actions,
      severity: init.code === 'rate_limited' || init.code === 'cancelled' ? 'warning' : 'error',
      verbatim: true,
      cause: init.cause,
    });
    this.name = 'ProviderError';
    this.providerId = init.providerId;
    this.retryable = init.retryable;
    this.retryAfterMs = init.retryAfterMs;
    this.status = init.status;
    this.providerType = init.providerType;
    this.autoRetry = init.autoRetry;
  }

  toJSON(): Omit<ProviderErrorInit, 'cause'> {
    return {
      providerId: this.providerId,
      code: this.code,
      message: this.message,
      remediation: this.remediation,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      status: this.status,
      providerType: this.providerType,
    };
  }

  override text(names: ErrorNames = {}): string {
    const who = this.providerId && names.endpoint ? `${names.endpoint(this.providerId)}: ` : '';
    return `${who}${super.text()}`;
  }
}

/**
 * Anything that failed on the way to a model's answer (an editor edit, a bug), worded as the
 * runtime words its own failures. With no `at`, it names no endpoint and is not retried; an
 * endpoint's own step (listing models, checking a key) names the endpoint and what to do next.
 */
export function toProviderError(e: unknown, at?: { providerId: ProviderId; remediation: string }): ProviderError {
  if (isProviderError(e)) return e;
  return new ProviderError({
    providerId: at?.providerId ?? '',
    code: 'unexpected_error',
    message: errorMessage(e),
    remediation: at?.remediation ?? t('See the log for details.'),
    retryable: !!at,
    cause: e,
  });
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}
