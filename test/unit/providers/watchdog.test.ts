// The idle watchdog counts silence on the network only: a consumer that takes its time between
// reads of a live stream is not "stalled", while a silent server still is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';
import { secretKeyFor } from '../../../src/core/providers/registry';
import { ProviderError } from '../../../src/core/providers/errors';
import type { ProviderId } from '../../../src/core/providers/types';
import { ANTHROPIC_KEY, OPENAI_KEY, makeRuntime, sleep } from './helpers';

let fake: ProviderServer;
beforeAll(async () => {
  fake = await startProviderServer({ slowDelayMs: 50 });
});
afterAll(async () => {
  await fake.close();
});

const MODEL: Record<ProviderId, string> = { anthropic: 'claude-sonnet-4-5', openai: 'gpt-4o' };
const runtime = (idleTimeoutMs: number) =>
  makeRuntime({
    anthropicBaseUrl: fake.anthropicBaseUrl,
    openaiBaseUrl: fake.openaiBaseUrl,
    idleTimeoutMs,
    secrets: { [secretKeyFor('anthropic')]: ANTHROPIC_KEY, [secretKeyFor('openai')]: OPENAI_KEY },
  }).runtime;

describe.each(['anthropic', 'openai'] as const)('%s idle watchdog', (provider) => {
  it('lets a consumer pause 1.5 s between reads with a 1 s timeout on a live stream', async () => {
    const prompt = `[slow] patient reader ${provider}`;
    const stream = runtime(1000)
      .get(provider)
      .stream({ model: MODEL[provider], messages: [{ role: 'user', content: prompt }] });
    let before = '';
    let after = '';
    let paused = false;
    for await (const e of stream) {
      if (e.type !== 'text') continue;
      if (!paused) {
        before += e.text;
        paused = true;
        // The pause is at least 1.5 s; a busy machine only makes it longer, which the stream
        // must survive all the same.
        await sleep(1500);
        continue;
      }
      after += e.text;
      if (after.length > 40) break;
    }
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(40);
    // Leaving the loop closed the connection; the server did not end it.
    const closed = await fake.waitForClose((r) => JSON.stringify(r.body ?? '').includes(prompt));
    expect(closed.closedEarly).toBe(true);
  });

  it('still stops a stream whose server goes silent while the consumer is slow', async () => {
    // The consumer pauses longer than the watchdog's timeout after the first text. A busy machine
    // may delay the first bytes past a short timeout (no stream to stall yet): then it doubles.
    let error: unknown;
    let pausedOnce = false;
    let ms = 300;
    for (; !pausedOnce && ms <= 60_000; ms *= 2) {
      error = undefined;
      const stream = runtime(ms)
        .get(provider)
        .stream({ model: MODEL[provider], messages: [{ role: 'user', content: `[stall] silent ${provider} ${ms}` }] });
      try {
        for await (const e of stream) {
          if (e.type === 'text' && !pausedOnce) {
            pausedOnce = true;
            await sleep(ms + 100);
          }
        }
      } catch (e) {
        error = e;
      }
      if (pausedOnce) break;
    }
    expect(pausedOnce).toBe(true);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('stream_interrupted');
    expect((error as ProviderError).message).toBe(`The stream stalled for ${ms / 1000} s.`);
  });
});
