import type { ProviderId } from './types';

export type ProviderErrorCode =
  | 'missing_auth'
  | 'invalid_auth'
  | 'rate_limited'
  | 'provider_unavailable'
  | 'bad_request'
  | 'cancelled'
  | 'stream_interrupted'
  | 'unexpected_error';

/** The remediation of a stream cut after some text, and what replaces it when none had come. */
export const PARTIAL_KEPT = 'The partial answer is kept.';
export const NOTHING_RECEIVED = 'Nothing was received.';

/** A failure before any text must not claim a partial answer was kept (older transcripts did). */
export function honestRemediation(remediation: string, receivedText: boolean): string {
  return receivedText ? remediation : remediation.replace(PARTIAL_KEPT, NOTHING_RECEIVED);
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
 * what the user can do; neither ever contains a key.
 */
export class ProviderError extends Error {
  readonly providerId: ProviderId;
  readonly code: ProviderErrorCode;
  readonly remediation: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly providerType?: string;
  readonly autoRetry?: boolean;

  constructor(init: ProviderErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ProviderError';
    this.providerId = init.providerId;
    this.code = init.code;
    this.remediation = init.remediation;
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
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}
