// The fast paths of the stream mappers accept exactly what the full (zod) path accepts, with the
// same result: every event here is mapped as sent and re-serialised with other spacing (which
// the fast path never takes), and both must agree, in output or in error.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/ports';
import { AnthropicStreamMapper } from '../../../src/core/providers/anthropic';
import type { Endpoint } from '../../../src/core/providers/http';
import { OpenAIStreamMapper } from '../../../src/core/providers/openai';
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
  ])('%s', (_name, data) => {
    const fast = run(make, [toolStart], data);
    const full = run(make, [toolStart], spaced(data));
    expect(fast).toEqual(full);
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
  ])('falls back on %s (and fails or succeeds as the full path does)', (_name, data) => {
    const fast = run(make, [], data);
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
  /** Maps the events as one read, the way the adapter does: map each, then flush. */
  function read(events: string[]): { out: StreamEvent[]; error?: string } {
    const m = make();
    const out: StreamEvent[] = [];
    try {
      m.map({ data: toolStart }, out);
      for (const data of events) m.map({ data }, out);
      m.flush(out);
      return { out };
    } catch (e) {
      return { out, error: e instanceof Error ? e.message : String(e) };
    }
  }
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
  it.each(cases)('%s: the same events and errors as one event at a time on the full path', (_name, events) => {
    const fast = read(events);
    const slow = make();
    const out: StreamEvent[] = [];
    let error: string | undefined;
    try {
      slow.map({ data: toolStart }, out);
      // A spacing the fast path never takes, where the event is JSON at all.
      for (const data of events) {
        let alt = data;
        try {
          alt = spaced(data);
        } catch {
          // Not JSON: mapped alone, it must be refused as it is.
        }
        slow.map({ data: alt }, out);
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
