// Automatic retries, only before the first content byte: once any text reached the caller, a
// retry would duplicate or contradict it, so later failures go to the caller as they are.
import { ProviderError } from './errors';
import type { RetryReason, RetryWait } from './types';

export interface RetryPolicy {
  /** Retries after the first attempt (2: at most three requests). */
  maxRetries: number;
  /** First backoff for 5xx/529; doubled per retry, with jitter. */
  baseDelayMs: number;
  /** A `retry-after` longer than this is not waited for: the error goes to the user instead. */
  maxRetryAfterMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1). */
  random: () => number;
}

export const abortableSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxRetryAfterMs: 20_000,
  sleep: abortableSleep,
  random: Math.random,
};

/**
 * How long to wait before retrying `error` (the `attempt`-th retry, 0-based), or undefined when
 * it must not be retried automatically.
 */
export function retryDelay(error: unknown, attempt: number, policy: RetryPolicy): number | undefined {
  if (!(error instanceof ProviderError) || !error.retryable || attempt >= policy.maxRetries) return undefined;
  if (error.autoRetry === false) return undefined;
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= policy.maxRetryAfterMs ? error.retryAfterMs : undefined;
  }
  if (error.code === 'rate_limited' || error.code === 'provider_unavailable') {
    const exp = policy.baseDelayMs * 2 ** attempt;
    // Full jitter between half and all of the exponential step spreads out retrying clients.
    return Math.round(exp * (0.5 + policy.random() / 2));
  }
  return undefined;
}

function retryReason(e: ProviderError): RetryReason {
  if (e.status === 429 || e.code === 'rate_limited') return 'rate_limited';
  if (e.status === 529 || e.status === 503 || e.providerType === 'overloaded_error') return 'overloaded';
  if (e.status !== undefined && e.status >= 500) return 'server_error';
  return 'network';
}

/** The wait event for a retry about to be made. */
export function retryWaitFor(e: ProviderError, attempt: number, delayMs: number, maxRetries: number): RetryWait {
  return {
    reason: retryReason(e),
    ...(e.status !== undefined ? { status: e.status } : {}),
    attempt,
    maxRetries,
    delayMs,
  };
}

export interface RetryHooks {
  onRetry?: (error: ProviderError, attempt: number, delayMs: number) => void;
  /** The error to throw when `signal` aborts the wait between attempts. */
  onAbort?: () => Error;
}

/**
 * Runs `attempt` and re-runs it on a retryable failure as long as nothing counted as content
 * has been yielded. Events before the first content (usage from `message_start`, say) are held
 * back so that a retry does not deliver them twice.
 */
export async function* retryBeforeContent<T>(
  attempt: (n: number) => AsyncIterable<T>,
  isContent: (item: T) => boolean,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  hooks: RetryHooks = {},
): AsyncGenerator<T, void, undefined> {
  for (let n = 0; ; n++) {
    const held: T[] = [];
    let started = false;
    try {
      for await (const item of attempt(n)) {
        if (started) {
          yield item;
        } else if (isContent(item)) {
          started = true;
          for (const h of held) yield h;
          held.length = 0;
          yield item;
        } else {
          held.push(item);
        }
      }
      for (const h of held) yield h;
      return;
    } catch (e) {
      const delay = started ? undefined : retryDelay(e, n, policy);
      if (delay === undefined) throw e;
      await waitBeforeRetry(e, n, delay, policy, signal, hooks);
    }
  }
}

/** The same policy for a plain request (a model list): retry while the error allows it. */
export async function retryRequest<T>(
  run: (n: number) => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  hooks: RetryHooks = {},
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await run(n);
    } catch (e) {
      const delay = retryDelay(e, n, policy);
      if (delay === undefined) throw e;
      await waitBeforeRetry(e, n, delay, policy, signal, hooks);
    }
  }
}

async function waitBeforeRetry(
  e: unknown,
  n: number,
  delay: number,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  hooks: RetryHooks,
): Promise<void> {
  hooks.onRetry?.(e as ProviderError, n + 1, delay);
  try {
    await policy.sleep(delay, signal);
  } catch (abort) {
    throw hooks.onAbort?.() ?? abort;
  }
}
