// The Anthropic client against the fake provider server (real HTTP on 127.0.0.1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAnswer } from '../../fakes/providerContent.mjs';
import { startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';
import { secretKeyFor } from '../../../src/core/providers/registry';
import type { ChatRequest } from '../../../src/core/providers/types';
import { ANTHROPIC_KEY, collect, collectStall, makeRuntime } from './helpers';

let fake: ProviderServer;
beforeAll(async () => {
  fake = await startProviderServer({ deltaDelayMs: 0, slowDelayMs: 20 });
});
afterAll(async () => {
  await fake.close();
});

const rt = (opts: { idleTimeoutMs?: number; key?: string; env?: Record<string, string> } = {}) =>
  makeRuntime({
    anthropicBaseUrl: fake.anthropicBaseUrl,
    idleTimeoutMs: opts.idleTimeoutMs,
    env: opts.env,
    secrets: opts.key === '' ? {} : { [secretKeyFor('anthropic')]: opts.key ?? ANTHROPIC_KEY },
  });
const ask = (text: string): ChatRequest => ({
  model: 'claude-sonnet-4-5',
  messages: [{ role: 'user', content: text }],
});
const requestsFor = (text: string) =>
  fake.requests.filter(
    (r) => r.path === '/anthropic/v1/messages' && JSON.stringify(r.body?.messages ?? '').includes(text),
  );

describe('Anthropic stream', () => {
  it('streams the answer with usage and a done event, sending the documented headers and body', async () => {
    const { runtime } = rt();
    const r = await collect(
      runtime.get('anthropic').stream({ ...ask('hello normal'), system: 'be brief', temperature: 0.2 }),
    );
    expect(r.error).toBeUndefined();
    expect(r.text).toBe(echoAnswer('hello normal', 'anthropic', 'claude-sonnet-4-5'));
    // Deltas written apart arrive as separate events (the fake pauses between writes).
    expect(r.events.filter((e) => e.type === 'text').length).toBeGreaterThan(1);
    expect(r.events.at(-1)).toEqual({ type: 'done', stopReason: 'end_turn', rawStopReason: 'end_turn' });
    const usage = r.events.filter((e) => e.type === 'usage');
    expect(usage[0]).toMatchObject({ inputTokens: expect.any(Number) });
    expect(usage.at(-1)).toMatchObject({ outputTokens: expect.any(Number) });
    const req = requestsFor('hello normal')[0];
    expect(req.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(req.headers['anthropic-version']).toBe('2023-06-01');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toMatchObject({
      model: 'claude-sonnet-4-5',
      stream: true,
      system: 'be brief',
      temperature: 0.2,
      max_tokens: 8192,
    });
  });

  it('maps thinking deltas, tool-use input JSON and the max_tokens stop reason', async () => {
    const { runtime } = rt();
    const a = runtime.get('anthropic');
    const thinking = await collect(a.stream(ask('[thinking] why')));
    expect(thinking.thinking).toMatch(/^Let me think/);
    expect(thinking.events.findIndex((e) => e.type === 'thinking')).toBeLessThan(
      thinking.events.findIndex((e) => e.type === 'text'),
    );
    const tool = await collect(a.stream(ask('[tool] weather')));
    const calls = tool.events.filter((e) => e.type === 'tool_call');
    expect(calls[0]).toMatchObject({ id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', argumentsDelta: '' });
    expect(calls.map((c) => (c.type === 'tool_call' ? c.argumentsDelta : '')).join('')).toBe(
      '{"location": "San Francisco, CA", "unit": "celsius"}',
    );
    expect(tool.events.at(-1)).toMatchObject({ type: 'done', stopReason: 'tool_use' });
    const max = await collect(a.stream(ask('[max_tokens] long')));
    expect(max.events.at(-1)).toMatchObject({ type: 'done', stopReason: 'max_tokens' });
  });

  it.each([
    [400, 'bad_request', false],
    [401, 'invalid_auth', false],
    [403, 'invalid_auth', false],
    [404, 'bad_request', false],
    [429, 'rate_limited', true],
    [500, 'provider_unavailable', true],
    [529, 'provider_unavailable', true],
  ] as const)('maps HTTP %i to %s', async (status, code, retryable) => {
    const { runtime, sleeps } = rt();
    const r = await collect(runtime.get('anthropic').stream(ask(`[error:${status}] status`)));
    expect(r.error?.code).toBe(code);
    expect(r.error?.status).toBe(status);
    expect(r.error?.retryable).toBe(retryable);
    expect(r.error?.message.length).toBeLessThan(300);
    expect(r.error?.remediation).not.toBe('');
    // Retryable failures were retried twice (three requests), others not at all.
    expect(sleeps.length).toBe(retryable ? 2 : 0);
    if (status === 401) expect(r.error?.remediation).toContain('Kata Cloud: Set API Key');
    if (status === 403) expect(r.error?.remediation).toMatch(/permission/);
    if (status === 404) expect(r.error?.message).toContain(new URL(fake.url).origin);
    if (status === 429) expect(r.error?.retryAfterMs).toBe(1000);
    if (status === 529) expect(r.error?.providerType).toBe('overloaded_error');
  });

  it('waits for retry-after on a 429 and then succeeds (one retry counted)', async () => {
    const { runtime, sleeps } = rt();
    const r = await collect(runtime.get('anthropic').stream(ask('[error:429:1] retry me')));
    expect(r.error).toBeUndefined();
    expect(r.text).toContain('Echo: retry me');
    expect(sleeps).toEqual([1000]);
    expect(requestsFor('retry me').map((q) => q.status)).toEqual([429, 200]);
  });

  it('backs off exponentially on 529 before content, then succeeds', async () => {
    const { runtime, sleeps } = rt();
    const r = await collect(runtime.get('anthropic').stream(ask('[error:529:2] overloaded twice')));
    expect(r.error).toBeUndefined();
    // 500 ms then 1000 ms, times the (injected) jitter factor 0.75.
    expect(sleeps).toEqual([375, 750]);
  });

  it('does not retry once content arrived: an error event in a 200 stream keeps the text before it', async () => {
    const { runtime, sleeps } = rt();
    const r = await collect(runtime.get('anthropic').stream(ask('[midstream-error] mid')));
    expect(r.text.length).toBeGreaterThan(0);
    expect(echoAnswer('mid', 'anthropic', 'claude-sonnet-4-5').startsWith(r.text)).toBe(true);
    expect(r.error).toMatchObject({ code: 'provider_unavailable', providerType: 'overloaded_error' });
    expect(r.error?.message).toMatch(/in the stream/);
    expect(sleeps).toEqual([]);
    expect(requestsFor('mid')).toHaveLength(1);
  });

  it('reports a stream that ends without message_stop as stream_interrupted, after the partial text', async () => {
    const { runtime } = rt();
    const r = await collect(runtime.get('anthropic').stream(ask('[cut] cut')));
    // The fake sends three 8-character deltas before it stops.
    expect(r.text).toBe(echoAnswer('cut', 'anthropic', 'claude-sonnet-4-5').slice(0, 24));
    expect(r.error?.code).toBe('stream_interrupted');
    expect(r.error?.message).toMatch(/message_stop/);
  });

  it('reports a socket destroyed mid-stream as stream_interrupted', async () => {
    const { runtime } = rt();
    const r = await collect(runtime.get('anthropic').stream(ask('[die] die')));
    expect(r.text.length).toBeGreaterThan(0);
    expect(r.error?.code).toBe('stream_interrupted');
  });

  it('stops a stalled stream with the idle watchdog', async () => {
    const { runtime } = rt();
    const r = await collectStall((idleTimeoutMs) =>
      runtime.get('anthropic').stream(ask('[stall] stall'), { idleTimeoutMs }),
    );
    expect(r.error?.code).toBe('stream_interrupted');
    expect(r.error?.message).toBe(`The stream stalled for ${r.idleTimeoutMs / 1000} s.`);
    expect(r.text.length).toBeGreaterThan(0);
    const closed = await fake.waitForClose((q) => JSON.stringify(q.body ?? '').includes('[stall] stall'));
    expect(closed.closedEarly).toBe(true);
  });

  it('closes the connection at once when the caller aborts mid-stream', async () => {
    const { runtime } = rt();
    const ac = new AbortController();
    let abortedAt = 0;
    const r = await collect(runtime.get('anthropic').stream(ask('[slow] stop me'), { signal: ac.signal }), (_e, i) => {
      if (i === 5) {
        abortedAt = Date.now();
        ac.abort();
      }
    });
    expect(r.error?.code).toBe('cancelled');
    const closed = await fake.waitForClose((q) => JSON.stringify(q.body ?? '').includes('stop me'));
    expect(closed.closedEarly).toBe(true);
    expect(closed.endedAt!).toBeGreaterThanOrEqual(abortedAt);
  });

  it('fails with missing_auth and the remediation when no key exists anywhere', async () => {
    const { runtime } = rt({ key: '' });
    const r = await collect(runtime.get('anthropic').stream(ask('no key')));
    expect(r.error).toMatchObject({
      code: 'missing_auth',
      remediation: "Run 'Kata Cloud: Set API Key…' or set ANTHROPIC_API_KEY.",
    });
    expect(requestsFor('no key')).toHaveLength(0);
  });

  it('never puts the key in an error message or remediation', async () => {
    const wrong = 'sk-ant-api03-FAKE-wrong-key-FAKE0123456789';
    for (const { runtime } of [rt({ key: wrong }), rt({ key: '', env: { ANTHROPIC_API_KEY: wrong } })]) {
      const r = await collect(runtime.get('anthropic').stream(ask('leak check')));
      expect(r.error?.code).toBe('invalid_auth');
      const all = JSON.stringify(r.error?.toJSON()) + r.error?.message;
      expect(all).not.toContain(wrong);
      expect(all).not.toContain('WRONGwrong');
    }
  });
});

describe('Anthropic models', () => {
  it('follows pagination (has_more / last_id → after_id) and maps the fields', async () => {
    const { runtime } = rt();
    const before = fake.requests.length;
    const models = await runtime.get('anthropic').listModels();
    expect(models.map((m) => m.id)).toEqual(['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5']);
    expect(models[0]).toEqual({
      providerId: 'anthropic',
      id: 'claude-sonnet-4-5',
      displayName: 'Claude Sonnet 4.5',
      createdAt: '2025-09-29T00:00:00Z',
      contextWindow: undefined,
      maxOutputTokens: undefined,
    });
    const pages = fake.requests.slice(before).map((r) => r.path);
    expect(pages).toEqual(['/anthropic/v1/models', '/anthropic/v1/models?after_id=claude-opus-4-1']);
  });

  it('reports context window and max output only when the API returns them', async () => {
    const own = await startProviderServer({
      models: {
        anthropic: [
          {
            type: 'model',
            id: 'claude-x',
            display_name: 'Claude X',
            created_at: '2025-01-01T00:00:00Z',
            max_input_tokens: 200000,
            max_tokens: 64000,
          },
        ],
      },
    });
    try {
      const { runtime } = makeRuntime({
        anthropicBaseUrl: own.anthropicBaseUrl,
        secrets: { [secretKeyFor('anthropic')]: ANTHROPIC_KEY },
      });
      const [m] = await runtime.get('anthropic').listModels();
      expect(m).toMatchObject({ id: 'claude-x', contextWindow: 200000, maxOutputTokens: 64000 });
    } finally {
      await own.close();
    }
  });
});
