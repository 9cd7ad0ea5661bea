// Servers that put the key they received into their reply (error bodies, SSE events, model
// lists, HTML pages): whatever the runtime quotes from them must come out without the key. The
// keys travelling the wire as they should is in providers.test.ts.
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/core/providers/errors';
import type { ProviderId } from '../../../src/core/providers/types';
import { expectNoCanary, keyOfHeaders, startEchoServer, type Canary, type EchoReply } from './canary';
import { A, ALL, L, MODEL, collect, errorSurfaces, makeRuntime } from './providerRuntime';

// The runtime quotes provider messages where they help; every quote must come out without the key.
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
