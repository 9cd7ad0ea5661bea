// The fast paths of the stream mappers accept exactly what the full (zod) path accepts, with the
// same result: every event here is mapped as sent and re-serialised with other spacing (which
// the fast path never takes), and both must agree, in output or in error. Anthropic deltas are
// claimed from the frame bytes, so they go over a real event stream body.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/ports';
import { AnthropicStreamMapper } from '../../../src/core/providers/anthropic';
import { descriptorOf } from '../../../src/core/providers/descriptors';
import type { Endpoint } from '../../../src/core/providers/requestEndpoint';
import { OpenAIStreamMapper } from '../../../src/core/providers/openai';
import { sseReads } from '../../../src/core/providers/sse';
import { MappedReads } from '../../../src/core/providers/streamCommon';
import type { StreamEvent } from '../../../src/core/providers/types';

const ep = (providerId: 'anthropic' | 'openai'): Endpoint => ({
  providerId,
  kind: providerId === 'anthropic' ? 'anthropic' : 'openai-compatible',
  label: 'Test',
  endpointLabel: 'Test',
  baseUrl: 'http://127.0.0.1:1',
  setting: 'kata.test.baseUrl',
  custom: true,
  envVar: 'TEST_KEY',
  authSource: 'none',
  format: descriptorOf(providerId === 'anthropic' ? 'anthropic' : 'openai-compatible').format,
  apiRoot: descriptorOf(providerId === 'anthropic' ? 'anthropic' : 'openai-compatible').apiRoot,
  fetch: () => Promise.reject(new Error('no network here')),
  logger: silentLogger,
});

type Mapper = {
  map(ev: { data: string; event?: string; id?: string }, out: StreamEvent[]): void;
  flush?(out: StreamEvent[]): void;
};

function run(make: () => Mapper, prelude: string[], data: string): { out: StreamEvent[]; error?: string } {
  const m = make();
  const out: StreamEvent[] = [];
  try {
    for (const p of prelude) m.map({ data: p }, out);
    m.map({ data }, out);
    m.flush?.(out);
    return { out };
  } catch (e) {
    return { out, error: e instanceof Error ? e.message : String(e) };
  }
}

type Result = { out: StreamEvent[]; error?: string };

/**
 * Sends the events as one network read of an event stream (with their `event:` lines, as the API
 * does) through the Anthropic mapper, and counts the frames it claimed from their bytes.
 */
async function overWire(datas: string[]): Promise<Result & { claimed: number }> {
  const m = new AnthropicStreamMapper(ep('anthropic'));
  const reads = new MappedReads(m, () => m.done);
  let claimed = 0;
  const sink = {
    claim: (text: string, start: number) => {
      const next = reads.claim!(text, start);
      if (next >= 0) claimed++;
      return next;
    },
    event: reads.event.bind(reads),
  };
  const type = (d: string) => /"type":"([a-z_]+)"/.exec(d)?.[1] ?? 'content_block_delta';
  const wire = datas.map((d) => `event: ${type(d)}\ndata: ${d}\n\n`).join('');
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode(wire));
      c.close();
    },
  });
  const out: StreamEvent[] = [];
  for await (const _read of sseReads(body, sink)) {
    const r = reads.take();
    out.push(...r.out);
    if (r.failure !== undefined)
      return { out, error: r.failure instanceof Error ? r.failure.message : String(r.failure), claimed };
  }
  return { out, claimed };
}

/** The same event with other spacing: valid JSON the fast path does not recognise. */
const spaced = (data: string) => JSON.stringify(JSON.parse(data), null, 1);

const toolStart = JSON.stringify({
  type: 'content_block_start',
  index: 1,
  content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
});

describe('Anthropic fast path', () => {
  const make = () => new AnthropicStreamMapper(ep('anthropic'));
  const delta = (index: number, d: object) => JSON.stringify({ type: 'content_block_delta', index, delta: d });
  it.each([
    ['plain text', delta(0, { type: 'text_delta', text: 'hello' })],
    ['text that ends like the event', delta(0, { type: 'text_delta', text: 'a"}}' })],
    ['escapes, emoji and control characters', delta(0, { type: 'text_delta', text: '\\"\n\t\u0000 👋 \u2028' })],
    ['empty text', delta(0, { type: 'text_delta', text: '' })],
    ['a large index', delta(12345, { type: 'text_delta', text: 'x' })],
    ['an extra field after the text', delta(0, { type: 'text_delta', text: 'a', extra: 'b"}}' })],
    ['argument fragment of a tool block', delta(1, { type: 'input_json_delta', partial_json: '{"path": "a"}}' })],
    ['argument fragment of a text block', delta(0, { type: 'input_json_delta', partial_json: '{' })],
    ['argument fragment of an unknown block', delta(7, { type: 'input_json_delta', partial_json: '{' })],
  ])('%s', async (name, data) => {
    const { claimed, ...fast } = await overWire([toolStart, data]);
    const full = run(make, [toolStart], spaced(data));
    expect(fast).toEqual(full);
    // The deltas the fast path knows are taken from the bytes; the others are left to the parser.
    expect(claimed).toBe(/of a text block|of an unknown block/.test(name) ? 0 : 1);
  });

  it.each([
    ['a number for the text', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":5}}'],
    [
      'a leading zero in the index',
      '{"type":"content_block_delta","index":01,"delta":{"type":"text_delta","text":"a"}}',
    ],
    [
      'a second object after the text',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"},"x":{"y":"b"}}',
    ],
    ['an unterminated literal', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\\"}}'],
  ])('falls back on %s (and fails or succeeds as the full path does)', async (_name, data) => {
    const { claimed: _claimed, ...fast } = await overWire([data]);
    let full: ReturnType<typeof run>;
    try {
      full = run(make, [], spaced(data));
    } catch {
      // Not JSON at all: the mapper must say so rather than pass anything on.
      expect(fast.error).toMatch(/malformed/);
      expect(fast.out).toEqual([]);
      return;
    }
    expect(fast).toEqual(full);
  });
});

describe('Anthropic fast path over a run of deltas in one read', () => {
  const make = () => new AnthropicStreamMapper(ep('anthropic'));
  const text = (t: string, index = 0) =>
    JSON.stringify({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } });
  const args = (j: string) =>
    JSON.stringify({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: j } });
  const cases: [string, string[]][] = [
    ['text deltas with escapes', [text('a\\'), text('\n"b"'), text('\u00e9 👋'), text('')]],
    ['text, arguments, text', [text('x'), args('{"p":'), args('"a\\"}'), text('y')]],
    ['two text blocks', [text('first', 0), text('second', 2)]],
    // Each raw body alone is broken, but glued together they would be one valid string.
    [
      'an escape split across two events',
      [
        '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\\"}}',
        '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"n b"}}',
      ],
    ],
    [
      'a bare quote inside a body',
      [text('ok'), '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"b"}}', text('z')],
    ],
    [
      'a raw control character',
      [
        text('ok'),
        '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\tb"}}'.replace('\\t', '\t'),
      ],
    ],
  ];
  it.each(cases)('%s: the same events and errors as one event at a time on the full path', async (name, events) => {
    const { claimed, ...fast } = await overWire([toolStart, ...events]);
    // Valid deltas are taken from the bytes (the broken ones may be refused before any is taken).
    if (!/split|bare|raw/.test(name)) expect(claimed).toBe(events.length);
    const slow = make();
    const out: StreamEvent[] = [];
    let error: string | undefined;
    try {
      slow.map({ event: 'content_block_start', data: toolStart }, out);
      // A spacing the fast path never takes, where the event is JSON at all.
      for (const data of events) {
        let alt = data;
        try {
          alt = spaced(data);
        } catch {
          // Not JSON: mapped alone, it must be refused as it is.
        }
        slow.map({ event: 'content_block_delta', data: alt }, out);
        slow.flush(out);
      }
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    expect(fast).toEqual(error === undefined ? { out } : { out, error });
  });
});

describe('OpenAI fast paths', () => {
  const make = () => new OpenAIStreamMapper(ep('openai'));
  const chunk = (delta: object, extra: object = {}) =>
    JSON.stringify({
      id: 'c',
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: null }],
      ...extra,
    });
  it.each([
    ['text', chunk({ content: 'hi' })],
    ['text with usage', chunk({ content: 'hi' }, { usage: { prompt_tokens: 1, completion_tokens: 2 } })],
    [
      'tool call head',
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] }),
    ],
    [
      'tool call fragment with null content',
      chunk({ content: null, tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] }),
    ],
    ['tool call with a bad index', chunk({ tool_calls: [{ index: -1, function: { arguments: '{' } }] })],
    ['tool call with a numeric name', chunk({ tool_calls: [{ index: 0, function: { name: 5 } }] })],
    [
      'tool call with text content',
      chunk({ content: 'x', tool_calls: [{ index: 0, id: 'c2', function: { name: 'g', arguments: '' } }] }),
    ],
    [
      'tool call with content false',
      chunk({ content: false, tool_calls: [{ index: 0, id: 'c2', function: { name: 'g', arguments: '' } }] }),
    ],
  ])('%s', (_name, data) => {
    // Generated ids differ from run to run; everything else must not.
    const norm = (r: ReturnType<typeof run>) =>
      JSON.parse(JSON.stringify(r).replace(/call_kata_[0-9a-f]{24}/g, 'call_kata_generated'));
    expect(norm(run(make, [], data))).toEqual(norm(run(make, [], spaced(data))));
  });
});
