// Retry decisions and the before-content rule, on plain values (no clock, no network).
import { describe, expect, it } from 'vitest';
import { ProviderError, type ProviderErrorInit } from '../../../src/core/providers/errors';
import {
  DEFAULT_RETRY_POLICY,
  abortableSleep,
  retryBeforeContent,
  retryDelay,
  type RetryPolicy,
} from '../../../src/core/providers/retry';

const err = (init: Partial<ProviderErrorInit>) =>
  new ProviderError({
    providerId: 'anthropic',
    code: 'provider_unavailable',
    message: 'x',
    remediation: 'y',
    retryable: true,
    ...init,
  });
const policy = (over: Partial<RetryPolicy> = {}): RetryPolicy => ({
  ...DEFAULT_RETRY_POLICY,
  random: () => 0,
  sleep: async () => {},
  ...over,
});

describe('retryDelay', () => {
  it.each([
    ['429 with retry-after', err({ code: 'rate_limited', retryAfterMs: 1000 }), 0, 1000],
    ['429 with retry-after above the cap', err({ code: 'rate_limited', retryAfterMs: 30_000 }), 0, undefined],
    ['429 without retry-after backs off', err({ code: 'rate_limited' }), 0, 250],
    ['5xx, first retry', err({ status: 529 }), 0, 250],
    ['5xx, second retry doubles', err({ status: 503 }), 1, 500],
    ['no third retry', err({ status: 503 }), 2, undefined],
    ['not retryable', err({ code: 'invalid_auth', retryable: false }), 0, undefined],
    ['x-should-retry: false', err({ status: 500, autoRetry: false }), 0, undefined],
    ['stream_interrupted is left to the user', err({ code: 'stream_interrupted' }), 0, undefined],
    ['not a ProviderError', new Error('boom'), 0, undefined],
  ])('%s', (_name, e, attempt, expected) => {
    expect(retryDelay(e, attempt, policy())).toBe(expected);
  });

  it('keeps jitter between half and all of the exponential step', () => {
    expect(retryDelay(err({}), 1, policy({ random: () => 0 }))).toBe(500);
    expect(retryDelay(err({}), 1, policy({ random: () => 0.999999 }))).toBe(1000);
  });
});

async function drain<T>(it: AsyncIterable<T>): Promise<{ items: T[]; error?: unknown }> {
  const items: T[] = [];
  try {
    for await (const x of it) items.push(x);
  } catch (error) {
    return { items, error };
  }
  return { items };
}

describe('retryBeforeContent', () => {
  it('holds events before the first content so a retry does not repeat them', async () => {
    let calls = 0;
    const r = await drain(
      retryBeforeContent(
        async function* () {
          calls++;
          yield 'usage';
          if (calls === 1) throw err({ status: 529 });
          yield 'TEXT';
        },
        (x) => x === 'TEXT',
        policy(),
        undefined,
      ),
    );
    expect(calls).toBe(2);
    expect(r.items).toEqual(['usage', 'TEXT']);
  });

  it('never retries after content', async () => {
    let calls = 0;
    const r = await drain(
      retryBeforeContent(
        async function* () {
          calls++;
          yield 'TEXT';
          throw err({ status: 529 });
        },
        (x) => x === 'TEXT',
        policy(),
        undefined,
      ),
    );
    expect(calls).toBe(1);
    expect(r.items).toEqual(['TEXT']);
    expect(r.error).toMatchObject({ status: 529 });
  });

  it('turns an abort during the backoff into the cancelled error at once', async () => {
    const ac = new AbortController();
    const cancelled = err({ code: 'cancelled', retryable: true });
    const t0 = Date.now();
    setTimeout(() => ac.abort(), 20);
    const r = await drain(
      retryBeforeContent(
        // eslint-disable-next-line require-yield
        async function* () {
          throw err({ status: 503, retryAfterMs: 10_000 });
        },
        () => true,
        policy({ sleep: abortableSleep }),
        ac.signal,
        { onAbort: () => cancelled },
      ),
    );
    expect(r.error).toBe(cancelled);
    // The backoff was 10 s: returning well before it proves the abort cut it short (a bound, not a margin).
    expect(Date.now() - t0).toBeLessThan(9_000);
  });
});
