// Provider keys never leave through the provider runtime's outputs: errors (message, remediation,
// JSON, cause chain), log lines, streamed text or request bodies. Only the auth header carries
// them, and each test checks that it did. Three keys: an Anthropic-shaped one, an OpenAI-shaped
// one from the environment, and one with no known shape on a custom OpenAI-compatible endpoint
// (the log redactor cannot recognise it by shape, so nothing may print it in the first place).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../../src/core/ports';
import { ProviderError } from '../../../src/core/providers/errors';
import { createProviderRuntime } from '../../../src/core/providers/registry';
import type { ProviderId, StreamEvent } from '../../../src/core/providers/types';
import { startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';
import {
  canary,
  captureLogger,
  dump,
  expectNoCanary,
  keyOfHeaders,
  startEchoServer,
  type Canary,
  type EchoReply,
} from './canary';

const A = canary('sk-ant-canary-');
const O = canary('sk-canary-');
const L = canary('local-llm-key-canary-');
const WRONG_A = canary('sk-ant-wrong-canary-');
const WRONG_L = canary('local-llm-wrong-canary-');
const ALL: Canary[] = [A, O, L, WRONG_A, WRONG_L];

let fake: ProviderServer;
beforeAll(async () => {
  fake = await startProviderServer({ keys: { anthropic: [A.value], openai: [O.value, L.value] }, deltaDelayMs: 1 });
});
afterAll(() => fake.close());

function makeRuntime(o: {
  anthropicBaseUrl: string;
  openaiBaseUrl: string;
  secrets?: Record<string, string>;
  env?: Env;
  idleTimeoutMs?: number;
}) {
  const log = captureLogger();
  const secrets = new Map(Object.entries(o.secrets ?? {}));
  const runtime = createProviderRuntime({
    secrets: {
      get: async (k) => secrets.get(k),
      store: async (k, v) => void secrets.set(k, v),
      delete: async (k) => void secrets.delete(k),
    },
    env: o.env ?? {},
    fetch: (input, init) => fetch(input, init),
    logger: log,
    settings: () => ({
      anthropicBaseUrl: o.anthropicBaseUrl,
      openaiBaseUrl: o.openaiBaseUrl,
      idleTimeoutMs: o.idleTimeoutMs ?? 30_000,
    }),
    retry: { sleep: async () => undefined, random: () => 0.5 },
  });
  return { runtime, log };
}

async function collect(stream: AsyncIterable<StreamEvent>): Promise<{ text: string; error?: ProviderError }> {
  let text = '';
  try {
    for await (const e of stream) if (e.type === 'text' || e.type === 'thinking') text += e.text;
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    return { text, error: e };
  }
  return { text };
}

/** Everything of a ProviderError that can reach a user, a log, a transcript or a crash report. */
function errorSurfaces(e: ProviderError | undefined): string {
  if (!e) return '';
  return [e.message, e.remediation, String(e), e.stack ?? '', JSON.stringify(e), dump(e)].join('\n');
}

const MODEL: Record<ProviderId, string> = { anthropic: 'claude-sonnet-4-5', openai: 'gpt-4o' };

const SETUPS: { name: string; provider: ProviderId; key: Canary; secrets?: Record<string, string>; env?: Env }[] = [
  {
    name: 'Anthropic key in SecretStorage',
    provider: 'anthropic',
    key: A,
    secrets: { 'kata.apiKey.anthropic': A.value },
  },
  { name: 'OpenAI key from OPENAI_API_KEY', provider: 'openai', key: O, env: { OPENAI_API_KEY: O.value } },
  {
    name: 'shapeless key for a custom OpenAI-compatible endpoint',
    provider: 'openai',
    key: L,
    secrets: { 'kata.apiKey.openai': L.value },
  },
];

// Every behaviour the fake provider can be asked for; the status each error must carry.
const DIRECTIVES: { d: string; status?: Record<ProviderId, number>; code?: string }[] = [
  { d: '' },
  { d: '[thinking]' },
  { d: '[tool]' },
  { d: '[max_tokens]' },
  ...[400, 401, 402, 403, 404, 413, 429, 500, 503, 504, 529].map((s) => ({
    d: `[error:${s}]`,
    status: { anthropic: s, openai: s === 529 ? 503 : s },
  })),
  { d: '[error:429:1]' },
  { d: '[midstream-error]', code: 'provider_unavailable' },
  { d: '[cut]', code: 'stream_interrupted' },
  { d: '[die]', code: 'stream_interrupted' },
  { d: '[stall]', code: 'stream_interrupted' },
];

describe.each(SETUPS)('$name: no key in any output of a stream', ({ provider, key, secrets, env }) => {
  it.each(DIRECTIVES)('"$d"', async ({ d, status, code }) => {
    // The watchdog bounds only the stall (its stream never resumes); live streams get a timeout no
    // busy machine's scheduling delay reaches.
    const idleTimeoutMs = d === '[stall]' ? 300 : 30_000;
    const { runtime, log } = makeRuntime({
      anthropicBaseUrl: fake.anthropicBaseUrl,
      openaiBaseUrl: fake.openaiBaseUrl,
      secrets,
      env,
      idleTimeoutMs,
    });
    const before = fake.requests.length;
    const r = await collect(
      runtime
        .get(provider)
        .stream({ model: MODEL[provider], messages: [{ role: 'user', content: `${d} leak probe` }], maxTokens: 64 }),
    );

    // The key really went out, in the header only.
    const sent = fake.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const q of sent) {
      expect(keyOfHeaders(q.headers)).toBe(key.value);
      expectNoCanary(JSON.stringify(q.body) + q.path, ALL, `the ${q.method} ${q.path} request body or URL`);
    }
    // The path under test was taken.
    if (status) expect(r.error?.status).toBe(status[provider]);
    if (code) expect(r.error?.code).toBe(code);
    if (!status && !code && d !== '[error:429:1]') expect(r.error).toBeUndefined();

    expectNoCanary(errorSurfaces(r.error), ALL, `the ProviderError for ${d || 'a normal answer'}`);
    expectNoCanary(r.text, ALL, 'the streamed text');
    expectNoCanary(log.text(), ALL, 'the log');
    expectNoCanary(
      dump(await runtime.resolveAuth(provider)).replace(key.value, ''),
      ALL,
      'the auth resolution (other than its apiKey field)',
    );
    expect((await runtime.resolveAuth(provider)).reason).not.toContain(key.value);
  });

  it('listing models', async () => {
    const { runtime, log } = makeRuntime({
      anthropicBaseUrl: fake.anthropicBaseUrl,
      openaiBaseUrl: fake.openaiBaseUrl,
      secrets,
      env,
    });
    const before = fake.requests.length;
    const models = await runtime.get(provider).listModels();
    expect(models.length).toBeGreaterThan(0);
    expect(fake.requests.slice(before).every((q) => keyOfHeaders(q.headers) === key.value)).toBe(true);
    expectNoCanary(dump(models) + log.text(), ALL, 'the model list or the log');
  });
});

/** How OpenAI echoes a wrong key (the fake does the same): 5 characters, stars, the last 4. */
const masked = (k: string) => `${k.slice(0, 5)}${'*'.repeat(Math.max(4, k.length - 9))}${k.slice(-4)}`;

describe('a wrong key', () => {
  it('the fake echoes a wrong OpenAI key masked, as OpenAI does (so the next tests cover a real hazard)', async () => {
    const res = await fetch(`${fake.openaiBaseUrl}/models`, { headers: { authorization: `Bearer ${WRONG_L.value}` } });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain(masked(WRONG_L.value));
  });

  it.each([
    { provider: 'anthropic' as const, key: WRONG_A },
    { provider: 'openai' as const, key: WRONG_L },
  ])('$provider: validating it fails without echoing it (not even masked)', async ({ provider, key }) => {
    const { runtime, log } = makeRuntime({
      anthropicBaseUrl: fake.anthropicBaseUrl,
      openaiBaseUrl: fake.openaiBaseUrl,
    });
    const before = fake.requests.length;
    const r = await runtime.validateKey(provider, key.value);
    expect(fake.requests.slice(before).map((q) => keyOfHeaders(q.headers))).toContain(key.value);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'invalid_auth', status: 401 });
    const surfaces = errorSurfaces(r.error) + log.text();
    expectNoCanary(surfaces, ALL, 'the key check error or the log');
    expect(surfaces).not.toContain(masked(key.value));
  });

  it('stored and used for a chat request: the 401 says which key without showing it', async () => {
    const { runtime, log } = makeRuntime({
      anthropicBaseUrl: fake.anthropicBaseUrl,
      openaiBaseUrl: fake.openaiBaseUrl,
      secrets: { 'kata.apiKey.openai': WRONG_L.value },
    });
    const r = await collect(
      runtime.get('openai').stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(r.error).toMatchObject({ code: 'invalid_auth', status: 401 });
    expect(r.error?.message).toMatch(/stored in VS Code/);
    const surfaces = errorSurfaces(r.error) + log.text();
    expectNoCanary(surfaces, ALL, 'the 401 error or the log');
    expect(surfaces).not.toContain(masked(WRONG_L.value));
  });
});

// Servers that put the key they received into their reply. The runtime quotes provider messages
// where they help; every quote must come out without the key.
const openaiErr = (k: string) =>
  JSON.stringify({
    error: { message: `Invalid API key: ${k} (check your account)`, type: 'invalid_request_error', code: 'bad_key' },
  });
const anthropicErr = (k: string) =>
  JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: `key ${k} is not allowed here` } });
const sse = (events: string[]) => events.map((e) => `${e}\n\n`).join('');
const json = (status: number, body: string): EchoReply => ({ status, contentType: 'application/json', body });

const ECHOES: {
  name: string;
  provider: ProviderId;
  key: Canary;
  reply: (k: string, path: string) => EchoReply;
  call: 'stream' | 'models';
}[] = [
  ...[400, 403, 404, 409, 418, 422, 500, 502, 503].flatMap((s) => [
    {
      name: `OpenAI-style ${s} JSON`,
      provider: 'openai' as const,
      key: L,
      reply: (k: string) => json(s, openaiErr(k)),
      call: 'stream' as const,
    },
    {
      name: `Anthropic-style ${s} JSON`,
      provider: 'anthropic' as const,
      key: A,
      reply: (k: string) => json(s, anthropicErr(k)),
      call: 'stream' as const,
    },
  ]),
  {
    name: '{"error": "…"} string body (llama.cpp style), 400',
    provider: 'openai',
    key: L,
    reply: (k) => json(400, JSON.stringify({ error: `bad key ${k}` })),
    call: 'stream',
  },
  {
    name: '{"detail": "…"} body (vLLM / FastAPI style), 422',
    provider: 'openai',
    key: L,
    reply: (k) => json(422, JSON.stringify({ detail: `key ${k} rejected` })),
    call: 'stream',
  },
  {
    name: 'an HTML error page, 502',
    provider: 'openai',
    key: L,
    reply: (k) => ({
      status: 502,
      contentType: 'text/html',
      body: `<html><body><h1>Bad gateway</h1><p>upstream refused ${k}</p></body></html>`,
    }),
    call: 'stream',
  },
  {
    name: 'plain text, 500',
    provider: 'openai',
    key: L,
    reply: (k) => ({ status: 500, contentType: 'text/plain', body: `internal error for key=${k}` }),
    call: 'stream',
  },
  {
    name: 'an error JSON with status 200',
    provider: 'openai',
    key: L,
    reply: (k) => json(200, openaiErr(k)),
    call: 'stream',
  },
  {
    name: 'an OpenAI error inside a 200 stream',
    provider: 'openai',
    key: L,
    reply: (k) => ({ status: 200, contentType: 'text/event-stream', body: sse([`data: ${openaiErr(k)}`]) }),
    call: 'stream',
  },
  {
    name: 'an Anthropic error event inside a 200 stream',
    provider: 'anthropic',
    key: A,
    reply: (k) => ({
      status: 200,
      contentType: 'text/event-stream',
      body: sse([`event: error\ndata: ${anthropicErr(k)}`]),
    }),
    call: 'stream',
  },
  {
    name: 'a non-JSON SSE event that contains the key',
    provider: 'openai',
    key: L,
    reply: (k) => ({ status: 200, contentType: 'text/event-stream', body: sse([`data: unauthorized ${k}`]) }),
    call: 'stream',
  },
  {
    name: 'a non-JSON SSE event that is cut in the middle of the key',
    provider: 'openai',
    key: L,
    reply: (k) => ({
      status: 200,
      contentType: 'text/event-stream',
      body: sse([`data: the server refused the key ${k} and more text after it`]),
    }),
    call: 'stream',
  },
  {
    name: 'a malformed OpenAI chunk with the key as a value',
    provider: 'openai',
    key: L,
    reply: (k) => ({
      status: 200,
      contentType: 'text/event-stream',
      body: sse([
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 5, role: k }, finish_reason: k }] })}`,
      ]),
    }),
    call: 'stream',
  },
  {
    name: 'a malformed Anthropic event with the key as its type',
    provider: 'anthropic',
    key: A,
    reply: (k) => ({
      status: 200,
      contentType: 'text/event-stream',
      body: sse([
        `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: k })}`,
        `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: k, text: k } })}`,
      ]),
    }),
    call: 'stream',
  },
  {
    name: 'a model list that is not one (the key as its data)',
    provider: 'openai',
    key: L,
    reply: (k) => json(200, JSON.stringify({ object: 'list', data: k })),
    call: 'models',
  },
  {
    name: 'an Anthropic model list with the key in it',
    provider: 'anthropic',
    key: A,
    reply: (k) => json(200, JSON.stringify({ data: [{ id: 5, type: k }], has_more: k })),
    call: 'models',
  },
  {
    name: 'a 401 that echoes the key',
    provider: 'openai',
    key: L,
    reply: (k) => json(401, openaiErr(k)),
    call: 'models',
  },
];

describe('servers that echo the key back', () => {
  it.each(ECHOES)('$name', async ({ provider, key, reply, call }) => {
    const echo = await startEchoServer((k, req) => reply(k, req.path));
    try {
      const { runtime, log } = makeRuntime({
        anthropicBaseUrl: `${echo.url}/anthropic`,
        openaiBaseUrl: `${echo.url}/v1`,
        secrets: { [`kata.apiKey.${provider}`]: key.value },
      });
      let error: ProviderError | undefined;
      if (call === 'models') {
        error = await runtime
          .get(provider)
          .listModels()
          .then(
            () => undefined,
            (e: unknown) => e as ProviderError,
          );
      } else {
        error = (
          await collect(
            runtime.get(provider).stream({ model: MODEL[provider], messages: [{ role: 'user', content: 'hi' }] }),
          )
        ).error;
      }
      expect(echo.requests.length).toBeGreaterThan(0);
      expect(keyOfHeaders(echo.requests[0]!.headers)).toBe(key.value);
      expect(error).toBeInstanceOf(ProviderError);
      expectNoCanary(errorSurfaces(error), ALL, 'the error');
      expectNoCanary(log.text(), ALL, 'the log');
    } finally {
      await echo.close();
    }
  });
});
