// The OpenAI (and OpenAI-compatible) client against the fake provider server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAnswer } from '../../fakes/providerContent.mjs';
import { startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';
import { secretKeyFor } from '../../../src/core/providers/registry';
import type { ChatRequest } from '../../../src/core/providers/types';
import { OPENAI_KEY, collect, collectStall, makeRuntime, rawServer } from './helpers';

let fake: ProviderServer;
beforeAll(async () => {
  fake = await startProviderServer({ deltaDelayMs: 0, slowDelayMs: 20 });
});
afterAll(async () => {
  await fake.close();
});

const rt = (opts: { idleTimeoutMs?: number; key?: string; baseUrl?: string } = {}) =>
  makeRuntime({
    openaiBaseUrl: opts.baseUrl ?? fake.openaiBaseUrl,
    idleTimeoutMs: opts.idleTimeoutMs,
    secrets: opts.key === '' ? {} : { [secretKeyFor('openai')]: opts.key ?? OPENAI_KEY },
  });
const ask = (text: string, model = 'gpt-4o'): ChatRequest => ({ model, messages: [{ role: 'user', content: text }] });
const requestsFor = (s: ProviderServer, text: string) =>
  s.requests.filter(
    (r) => r.path === '/openai/v1/chat/completions' && JSON.stringify(r.body?.messages ?? '').includes(text),
  );

describe('OpenAI stream', () => {
  it('streams text, usage (stream_options.include_usage) and done, with Bearer auth', async () => {
    const { runtime } = rt();
    const r = await collect(runtime.get('openai').stream({ ...ask('hello openai'), system: 'sys', maxTokens: 100 }));
    expect(r.error).toBeUndefined();
    expect(r.text).toBe(echoAnswer('hello openai', 'openai', 'gpt-4o'));
    expect(r.events.at(-2)).toMatchObject({
      type: 'usage',
      inputTokens: expect.any(Number),
      outputTokens: expect.any(Number),
    });
    expect(r.events.at(-1)).toEqual({ type: 'done', stopReason: 'end_turn', rawStopReason: 'stop' });
    const req = requestsFor(fake, 'hello openai')[0];
    expect(req.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(req.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'hello openai' },
      ],
    });
    // A custom base URL (the fake) gets the widely supported max_tokens; temperature only when set.
    expect(req.body.max_tokens).toBe(100);
    expect('temperature' in req.body).toBe(false);
  });

  it('maps reasoning_content to thinking, tool_calls and finish_reason length', async () => {
    const { runtime } = rt();
    const a = runtime.get('openai');
    const t = await collect(a.stream(ask('[thinking] hmm')));
    expect(t.thinking).toMatch(/^Let me think/);
    const tool = await collect(a.stream(ask('[tool] weather')));
    const calls = tool.events.filter((e) => e.type === 'tool_call');
    expect(calls[0]).toMatchObject({ index: 0, id: 'call_fake0123456789', name: 'get_weather' });
    expect(calls.map((c) => (c.type === 'tool_call' ? c.argumentsDelta : '')).join('')).toBe(
      '{"location": "San Francisco, CA", "unit": "celsius"}',
    );
    expect(tool.events.at(-1)).toMatchObject({ type: 'done', stopReason: 'tool_use' });
    const len = await collect(a.stream(ask('[max_tokens] x')));
    expect(len.events.at(-1)).toMatchObject({ type: 'done', stopReason: 'max_tokens', rawStopReason: 'length' });
  });

  it.each([
    [400, 'bad_request'],
    [401, 'invalid_auth'],
    [403, 'bad_request'],
    [404, 'bad_request'],
    [429, 'rate_limited'],
    [500, 'provider_unavailable'],
    [503, 'provider_unavailable'],
  ] as const)('maps HTTP %i to %s', async (status, code) => {
    const { runtime } = rt();
    const r = await collect(runtime.get('openai').stream(ask(`[error:${status}] status`)));
    expect(r.error?.code).toBe(code);
    expect(r.error?.status).toBe(status);
    if (status === 403) expect(r.error?.message).toMatch(/access to this model/);
    if (status === 404) expect(r.error?.remediation).toContain('kata.openai.baseUrl');
  });

  it('never echoes the key, not even the masked form OpenAI puts in its 401 message', async () => {
    const wrong = 'sk-proj-FAKE-wrong-key-FAKE0123456789';
    const { runtime } = rt({ key: wrong });
    const r = await collect(runtime.get('openai').stream(ask('leak')));
    expect(r.error?.code).toBe('invalid_auth');
    const text = `${r.error?.message} ${r.error?.remediation}`;
    expect(text).not.toContain('WRONG');
    expect(text).not.toContain('6789');
    expect(r.error?.message).toBe(
      'The server at 127.0.0.1:' + fake.port + ' rejected the API key stored in VS Code (401).',
    );
  });

  it('retries once without stream_options when a compatible server refuses it, and remembers that', async () => {
    const strict = await startProviderServer({ deltaDelayMs: 0, rejectStreamOptions: true });
    try {
      const { runtime } = rt({ baseUrl: strict.openaiBaseUrl });
      const a = runtime.get('openai');
      const first = await collect(a.stream(ask('compat one')));
      expect(first.error).toBeUndefined();
      expect(first.text).toContain('Echo: compat one');
      expect(requestsFor(strict, 'compat one').map((q) => q.status)).toEqual([400, 200]);
      await collect(a.stream(ask('compat two')));
      const second = requestsFor(strict, 'compat two');
      expect(second.map((q) => q.status)).toEqual([200]);
      expect(second[0].body.stream_options).toBeUndefined();
    } finally {
      await strict.close();
    }
  });

  it('switches to max_completion_tokens when a model refuses max_tokens (o-series)', async () => {
    const { runtime } = rt();
    const r = await collect(runtime.get('openai').stream({ ...ask('reasoning model', 'o3-mini'), maxTokens: 500 }));
    expect(r.error).toBeUndefined();
    const sent = requestsFor(fake, 'reasoning model');
    expect(sent.map((q) => q.status)).toEqual([400, 200]);
    expect(sent[1].body).toMatchObject({ max_completion_tokens: 500 });
    expect(sent[1].body.max_tokens).toBeUndefined();
  });

  it('sends no Authorization header to a custom endpoint without a key', async () => {
    const open = await startProviderServer({ deltaDelayMs: 0, keys: { openai: [] }, allowNoKey: true });
    try {
      const { runtime } = rt({ baseUrl: open.openaiBaseUrl, key: '' });
      const auth = await runtime.resolveAuth('openai');
      expect(auth.resolvedSource).toBe('none');
      expect(auth.failureCode).toBeUndefined();
      const r = await collect(runtime.get('openai').stream(ask('keyless')));
      expect(r.error).toBeUndefined();
      expect(requestsFor(open, 'keyless')[0].headers.authorization).toBeUndefined();
      expect((await runtime.get('openai').listModels()).map((m) => m.id)).toEqual(['gpt-4o', 'gpt-4o-mini', 'o3-mini']);
    } finally {
      await open.close();
    }
  });

  it('keeps the partial text of a stream that is cut, dies, errors or stalls', async () => {
    const { runtime } = rt();
    const a = runtime.get('openai');
    for (const [d, code] of [
      ['cut', 'stream_interrupted'],
      ['die', 'stream_interrupted'],
      ['midstream-error', 'provider_unavailable'],
      ['stall', 'stream_interrupted'],
    ] as const) {
      const r =
        d === 'stall'
          ? await collectStall((idleTimeoutMs) => a.stream(ask(`[${d}] partial`), { idleTimeoutMs }))
          : await collect(a.stream(ask(`[${d}] partial`)));
      expect(r.text, d).toBe(echoAnswer('partial', 'openai', 'gpt-4o').slice(0, 24));
      expect(r.error?.code, d).toBe(code);
    }
  });

  it('closes the connection within 100 ms of Stop', async () => {
    const { runtime } = rt();
    const ac = new AbortController();
    let abortedAt = 0;
    const r = await collect(runtime.get('openai').stream(ask('[slow] stop openai'), { signal: ac.signal }), (_e, i) => {
      if (i === 3) {
        abortedAt = Date.now();
        ac.abort();
      }
    });
    expect(r.error?.code).toBe('cancelled');
    const closed = await fake.waitForClose((q) => JSON.stringify(q.body ?? '').includes('stop openai'));
    expect(closed.closedEarly).toBe(true);
    expect(closed.endedAt!).toBeGreaterThanOrEqual(abortedAt);
  });
});

describe('OpenAI models', () => {
  it('lists models from /models', async () => {
    const { runtime } = rt();
    const models = await runtime.get('openai').listModels();
    expect(models.map((m) => m.id)).toEqual(['gpt-4o', 'gpt-4o-mini', 'o3-mini']);
    expect(models[0]).toMatchObject({
      providerId: 'openai',
      displayName: 'gpt-4o',
      createdAt: '2024-05-10T18:50:49.000Z',
      contextWindow: undefined,
    });
  });

  it('reads context sizes that compatible servers report (OpenRouter, vLLM)', async () => {
    const s = await rawServer(() => ({
      headers: { 'content-type': 'application/json' },
      steps: [
        {
          write: JSON.stringify({
            data: [
              {
                id: 'anthropic/claude-sonnet-4.5',
                name: 'Anthropic: Claude Sonnet 4.5',
                created: 1759161676,
                context_length: 1000000,
                top_provider: { context_length: 1000000, max_completion_tokens: 64000 },
              },
              { id: 'Qwen/Qwen3-8B', object: 'model', owned_by: 'vllm', max_model_len: 32768 },
            ],
          }),
        },
      ],
    }));
    try {
      const { runtime } = rt({ baseUrl: `${s.url}/api/v1` });
      const models = await runtime.get('openai').listModels();
      expect(models[0]).toMatchObject({
        displayName: 'Anthropic: Claude Sonnet 4.5',
        contextWindow: 1000000,
        maxOutputTokens: 64000,
      });
      expect(models[1]).toMatchObject({ id: 'Qwen/Qwen3-8B', contextWindow: 32768, maxOutputTokens: undefined });
      expect(s.requests[0].path).toBe('/api/v1/models');
    } finally {
      await s.close();
    }
  });

  it('reads a long model list (OpenRouter sends over a megabyte)', async () => {
    const data = Array.from({ length: 3000 }, (_, i) => ({
      id: `vendor/model-${i}`,
      name: `Model ${i}`,
      description: 'x'.repeat(300),
      context_length: 8192,
    }));
    const s = await rawServer(() => ({
      headers: { 'content-type': 'application/json' },
      steps: [{ write: JSON.stringify({ data }) }],
    }));
    try {
      const { runtime } = rt({ baseUrl: `${s.url}/api/v1` });
      const models = await runtime.get('openai').listModels();
      expect(models).toHaveLength(3000);
      expect(models[2999]).toMatchObject({ id: 'vendor/model-2999', contextWindow: 8192 });
    } finally {
      await s.close();
    }
  });

  it('names the base URL setting when nothing listens there', async () => {
    const s = await rawServer(() => ({ steps: [] }));
    const dead = s.url;
    await s.close();
    const { runtime } = rt({ baseUrl: `${dead}/v1` });
    const err = await runtime
      .get('openai')
      .listModels()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'provider_unavailable', retryable: true });
    expect((err as Error).message).toBe(`Could not reach ${dead} (connection refused).`);
    expect((err as { remediation: string }).remediation).toBe(
      `Check kata.openai.baseUrl — is the server running at ${dead}?`,
    );
  });
});
