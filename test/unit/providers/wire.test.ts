// Byte-level wire behaviour for both clients, from scripted raw servers on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { secretKeyFor } from '../../../src/core/providers/registry';
import type { ProviderId } from '../../../src/core/providers/types';
import {
  ANTHROPIC_KEY,
  OPENAI_KEY,
  anthropicSse,
  byteChunks,
  collect,
  makeRuntime,
  openaiSse,
  rawServer,
  type RawScript,
  type RawServer,
} from './helpers';

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(
  id: ProviderId,
  script: RawScript | ((n: number) => RawScript),
  opts: { idleTimeoutMs?: number; signal?: AbortSignal } = {},
) {
  server = await rawServer((_req, n) => (typeof script === 'function' ? script(n) : script));
  const { runtime } = makeRuntime({
    anthropicBaseUrl: server.url,
    openaiBaseUrl: `${server.url}/v1`,
    idleTimeoutMs: opts.idleTimeoutMs,
    secrets: { [secretKeyFor('anthropic')]: ANTHROPIC_KEY, [secretKeyFor('openai')]: OPENAI_KEY },
  });
  return collect(
    runtime.get(id).stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { signal: opts.signal }),
  );
}

const DELTAS = ['héllo ', '👋 ', '世界', '!'];
const TEXT = DELTAS.join('');
const wireFor = (id: ProviderId, eol = '\n') =>
  id === 'anthropic' ? anthropicSse(DELTAS, { eol }) : openaiSse(DELTAS, { eol });

describe.each(['anthropic', 'openai'] as const)('%s wire', (id) => {
  it('survives 1-byte writes that split multi-byte characters', async () => {
    const r = await run(id, { steps: byteChunks(wireFor(id), 1).map((write) => ({ write })) });
    expect(r.error).toBeUndefined();
    expect(r.text).toBe(TEXT);
    expect(r.events.at(-1)).toMatchObject({ type: 'done', stopReason: 'end_turn' });
  });

  it.each([
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('accepts %s line endings in 3-byte writes', async (_name, eol) => {
    const r = await run(id, { steps: byteChunks(wireFor(id, eol), 3).map((write) => ({ write })) });
    expect(r.error).toBeUndefined();
    expect(r.text).toBe(TEXT);
  });

  it('ignores comment lines and keep-alives, and takes a whole stream in one write', async () => {
    const wire = `: connected\n\n${wireFor(id).replace(/\n\n/g, '\n\n: ping\n\n')}`;
    const r = await run(id, { steps: [{ write: wire }] });
    expect(r.error).toBeUndefined();
    expect(r.text).toBe(TEXT);
    // Deltas that came in one read are handed over as one text event.
    expect(r.events.filter((e) => e.type === 'text')).toEqual([{ type: 'text', text: TEXT }]);
  });

  it('ignores unknown event types and unknown fields', async () => {
    const extra =
      id === 'anthropic'
        ? 'event: future_event\ndata: {"type":"future_event","whatever":[1,2]}\n\n'
        : 'data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"","new_field":{"a":1}},"finish_reason":null}]}\n\n';
    const wire = wireFor(id);
    const cut = wire.indexOf('\n\n') + 2;
    const r = await run(id, { steps: [{ write: wire.slice(0, cut) + extra + wire.slice(cut) }] });
    expect(r.error).toBeUndefined();
    expect(r.text).toBe(TEXT);
  });

  it('fails with a clear message when a known event is malformed, after the text before it', async () => {
    const bad =
      id === 'anthropic'
        ? 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":42}}\n\n'
        : 'data: {"choices":[{"index":0,"delta":{"content":42},"finish_reason":null}]}\n\n';
    const wire = wireFor(id);
    const at = wire.indexOf('世界');
    const cut = wire.indexOf('\n\n', at) + 2;
    const r = await run(id, { steps: [{ write: wire.slice(0, cut) }, { write: bad }, { write: wire.slice(cut) }] });
    expect(r.text).toBe('héllo 👋 世界');
    expect(r.error?.code).toBe('unexpected_error');
    expect(r.error?.message).toMatch(
      id === 'anthropic'
        ? /malformed content_block_delta text_delta \(text: Expected string/
        : /malformed chunk \(choices\.0\.delta\.content: Expected string/,
    );
  });

  it('fails clearly on data that is not JSON', async () => {
    const r = await run(id, { steps: [{ write: 'data: {"truncated\n\n' }] });
    expect(r.error?.code).toBe('unexpected_error');
    expect(r.error?.message).toMatch(/not JSON/);
  });

  it('cancels before the first byte: the server sees the connection close', async () => {
    const ac = new AbortController();
    const pending = run(id, { headersDelayMs: 5000, steps: [] }, { signal: ac.signal });
    while (!server || server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    const abortedAt = Date.now();
    ac.abort();
    const r = await pending;
    expect(r.error?.code).toBe('cancelled');
    const closed = await server.closed(0);
    // Closed by the client while the server still held back its headers: the abort reached the socket.
    expect(closed.closedEarly).toBe(true);
    expect(closed.endedAt!).toBeGreaterThanOrEqual(abortedAt);
  });

  it('stops with the watchdog when no headers arrive', async () => {
    const r = await run(id, { headersDelayMs: 3000, steps: [] }, { idleTimeoutMs: 150 });
    expect(r.error?.code).toBe('stream_interrupted');
    expect(r.error?.message).toMatch(/^No response from http:\/\/127\.0\.0\.1:\d+ for 0\.2 s\.$/);
  });

  it('retries a 503 sent before any content, and not a failure after content', async () => {
    const r = await run(id, (n) =>
      n === 0
        ? {
            status: 503,
            headers: { 'content-type': 'application/json' },
            steps: [{ write: '{"error":{"message":"busy","type":"server_error"}}' }],
          }
        : { steps: [{ write: wireFor(id) }] },
    );
    expect(r.text).toBe(TEXT);
    expect(server!.requests).toHaveLength(2);
    const late = await run(id, {
      steps: [{ write: wireFor(id).slice(0, wireFor(id).indexOf('世界') + 30) }],
      end: 'destroy',
    });
    expect(late.error?.code).toBe('stream_interrupted');
    expect(server!.requests).toHaveLength(1);
  });

  it('treats an HTML page (a wrong base URL) as a bad_request naming the setting', async () => {
    const r = await run(id, {
      headers: { 'content-type': 'text/html' },
      steps: [{ write: '<html><body>Welcome</body></html>' }],
    });
    expect(r.error?.code).toBe('bad_request');
    expect(r.error?.remediation).toContain(`kata.${id}.baseUrl`);
  });
});

describe('openai wire specifics', () => {
  it('accepts a stream without [DONE] when the finish_reason chunk came', async () => {
    const r = await run('openai', { steps: [{ write: openaiSse(DELTAS, { done: false }) }] });
    expect(r.error).toBeUndefined();
    expect(r.events.at(-1)).toMatchObject({ type: 'done', stopReason: 'end_turn' });
  });

  it('reports a stream without a finish_reason chunk as stream_interrupted, even with [DONE]', async () => {
    const r = await run('openai', { steps: [{ write: openaiSse(DELTAS, { finish: false }) }] });
    expect(r.text).toBe(TEXT);
    expect(r.error?.code).toBe('stream_interrupted');
    expect(r.error?.message).toMatch(/finish_reason/);
  });

  it('reads Ollama-style {"error":"text"} bodies', async () => {
    const r = await run('openai', {
      status: 404,
      headers: { 'content-type': 'application/json' },
      steps: [{ write: '{"error":"model \\"llama9\\" not found, try pulling it first"}' }],
    });
    expect(r.error?.code).toBe('bad_request');
    expect(r.error?.message).toContain('model "llama9" not found');
  });
});
