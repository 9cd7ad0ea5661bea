// The wait before an automatic retry is an event: the caller hears what failed and for how long
// the runtime waits (the fake provider answers 429/529/5xx before the first byte with its
// retry-after), the log gets a line, and the text says "Rate limited — retrying in N s".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryWaitText } from '../../../src/core/chat/retryWait';
import type { ProviderId, RetryWait } from '../../../src/core/providers/types';
import { startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';
import { ANTHROPIC_KEY, OPENAI_KEY, collect, makeRuntime } from './helpers';

let fake: ProviderServer;
beforeAll(async () => {
  fake = await startProviderServer({ deltaDelayMs: 1 });
});
afterAll(() => fake.close());

const models: Record<ProviderId, string> = { anthropic: 'claude-sonnet-4-5', openai: 'gpt-4o' };

async function run(providerId: ProviderId, prompt: string) {
  const rt = makeRuntime({
    anthropicBaseUrl: fake.anthropicBaseUrl,
    openaiBaseUrl: fake.openaiBaseUrl,
    secrets: { 'kata.apiKey.anthropic': ANTHROPIC_KEY, 'kata.apiKey.openai': OPENAI_KEY },
  });
  const waits: RetryWait[] = [];
  const got = await collect(
    rt.runtime
      .get(providerId)
      .stream(
        { model: models[providerId], messages: [{ role: 'user', content: prompt }] },
        { onRetryWait: (w) => waits.push(w) },
      ),
  );
  return { ...got, waits, rt };
}

describe('retry wait events', () => {
  it.each([
    ['anthropic', 429, 'rate_limited', 'Rate limited — retrying in 2 s'],
    ['openai', 429, 'rate_limited', 'Rate limited — retrying in 2 s'],
    ['anthropic', 529, 'overloaded', 'Provider overloaded — retrying in 2 s'],
    ['openai', 503, 'overloaded', 'Provider overloaded — retrying in 2 s'],
    ['anthropic', 500, 'server_error', 'Provider error (HTTP 500) — retrying in 2 s'],
  ] as const)(
    '%s %i with retry-after 2: one wait event of 2 s, a log line, then the answer',
    async (p, status, reason, text) => {
      const {
        waits,
        text: answer,
        error,
        rt,
      } = await run(p, `[error:${status}:1] [retry-after:2] hello ${p} ${status}`);
      expect(error).toBeUndefined();
      expect(answer).toContain(`Echo: hello ${p} ${status}`);
      expect(waits).toEqual([{ reason, status, attempt: 1, maxRetries: 2, delayMs: 2000 }]);
      expect(rt.sleeps).toEqual([2000]);
      expect(retryWaitText(waits[0], Math.ceil(waits[0].delayMs / 1000))).toBe(text);
      expect(rt.logs.filter((l) => l.startsWith('info') && l.includes(text))).toHaveLength(1);
    },
  );

  it('no wait event when the request succeeds or fails for good at once', async () => {
    expect((await run('openai', 'plain')).waits).toEqual([]);
    const bad = await run('anthropic', '[error:400] bad');
    expect(bad.error?.code).toBe('bad_request');
    expect(bad.waits).toEqual([]);
  });

  it('counts down and then says it is retrying now', () => {
    const w = { reason: 'network', attempt: 1, maxRetries: 2, delayMs: 500 } as const;
    expect(retryWaitText(w, 1)).toBe('Connection failed — retrying in 1 s');
    expect(retryWaitText(w, 0)).toBe('Connection failed — retrying now');
  });
});
