// SSE framing over real sockets: whatever way the bytes are cut, the same events come out, also
// when a sink claims some frames from their bytes (the rest must reach the parser unchanged).
import { afterEach, describe, expect, it } from 'vitest';
import { sseReads, type SseEvent, type SseSink } from '../../../src/core/providers/sse';
import { byteChunks, rawServer, type RawServer } from './helpers';

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A sink that claims the frames whose data starts with `claimed:` (their event is the data line). */
function collector(claiming: boolean): SseSink & { events: SseEvent[]; taken: number } {
  const events: SseEvent[] = [];
  const sink = {
    events,
    taken: 0,
    event: (ev: SseEvent) => void events.push(ev),
    claim: claiming
      ? (text: string, start: number): number => {
          const m = /(?:event: ([^\n]*)\n)?data: (claimed:[^\n]*)\n\n/y;
          m.lastIndex = start;
          const hit = m.exec(text);
          if (!hit) return -1;
          events.push({ id: undefined, event: hit[1], data: hit[2] });
          sink.taken++;
          return m.lastIndex;
        }
      : undefined,
  };
  return sink;
}

async function eventsFor(
  writes: (string | Buffer)[],
  waitMs = 0,
  claiming = false,
): Promise<{ events: SseEvent[]; batches: number; taken: number }> {
  server = await rawServer(() => ({ steps: writes.map((w) => ({ write: w, wait: waitMs })) }));
  const res = await fetch(server.url);
  const sink = collector(claiming);
  let batches = 0;
  let seen = 0;
  for await (const _read of sseReads(res.body!, sink)) {
    // A read is reported only when it completed an event.
    expect(sink.events.length).toBeGreaterThan(seen);
    seen = sink.events.length;
    batches++;
  }
  return { events: sink.events, batches, taken: sink.taken };
}

const UNICODE = 'héllo 👋 世界';

describe('sseReads', () => {
  it('decodes events split into 1-byte writes, including inside multi-byte UTF-8 characters', async () => {
    const wire = `event: a\ndata: ${UNICODE}\n\nevent: b\ndata: {"t":"${UNICODE}"}\n\n`;
    const { events } = await eventsFor(byteChunks(wire, 1), 1);
    expect(events).toEqual([
      { event: 'a', data: UNICODE, id: undefined },
      { event: 'b', data: `{"t":"${UNICODE}"}`, id: undefined },
    ]);
  });

  it('handles writes that cut every character of a 4-byte emoji apart', async () => {
    const wire = `data: 👋👋👋\n\n`;
    const buf = Buffer.from(wire);
    const start = buf.indexOf(Buffer.from('👋'));
    // Cut after 1, 2 and 3 bytes of the first emoji, then the rest.
    const writes = [
      buf.subarray(0, start + 1),
      buf.subarray(start + 1, start + 2),
      buf.subarray(start + 2, start + 3),
      buf.subarray(start + 3),
    ];
    const { events } = await eventsFor(writes, 5);
    expect(events.map((e) => e.data)).toEqual(['👋👋👋']);
  });

  it('accepts CRLF line endings, also with CR and LF in separate writes', async () => {
    const wire = 'event: x\r\ndata: one\r\n\r\nevent: y\r\ndata: two\r\n\r\n';
    const i = wire.indexOf('\r\n') + 1; // between CR and LF
    const { events } = await eventsFor([wire.slice(0, i), wire.slice(i)], 10);
    expect(events.map((e) => [e.event, e.data])).toEqual([
      ['x', 'one'],
      ['y', 'two'],
    ]);
  });

  it('accepts bare CR line endings', async () => {
    const { events } = await eventsFor(['data: one\r\rdata: two\r\r']);
    expect(events.map((e) => e.data)).toEqual(['one', 'two']);
  });

  it('skips comment lines and keeps multi-line data, ids and missing ids', async () => {
    const wire = ': ping\n\nid: 7\ndata: line1\ndata: line2\n\n: keep-alive\ndata: no id\n\n';
    const { events } = await eventsFor([wire]);
    expect(events).toEqual([
      { id: '7', event: undefined, data: 'line1\nline2' },
      { id: undefined, event: undefined, data: 'no id' },
    ]);
  });

  it('delivers several events from one write as one batch', async () => {
    const wire = Array.from({ length: 50 }, (_, i) => `data: ${i}\n\n`).join('');
    const { events, batches } = await eventsFor([wire]);
    expect(events.map((e) => e.data)).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    expect(batches).toBeLessThan(5);
  });

  it('drops an event whose terminating blank line never came', async () => {
    const { events } = await eventsFor(['data: complete\n\ndata: incompl']);
    expect(events.map((e) => e.data)).toEqual(['complete']);
  });
});

describe('sseReads with a sink that claims frames', () => {
  const wire =
    ': hello\n\n' +
    'event: a\ndata: claimed:1\n\n' +
    'data: claimed:2\n\n' +
    `event: b\ndata: plain ${UNICODE}\n\n` +
    'id: 9\ndata: claimed:but has an id\n\n' +
    'data: claimed:3\n\n\n\n' +
    'data: two\ndata: lines\n\n' +
    'event: a\ndata: claimed:4\n\n' +
    'data: incompl';
  const expected: SseEvent[] = [
    { id: undefined, event: 'a', data: 'claimed:1' },
    { id: undefined, event: undefined, data: 'claimed:2' },
    { id: undefined, event: 'b', data: `plain ${UNICODE}` },
    { id: '9', event: undefined, data: 'claimed:but has an id' },
    { id: undefined, event: undefined, data: 'claimed:3' },
    { id: undefined, event: undefined, data: 'two\nlines' },
    { id: undefined, event: 'a', data: 'claimed:4' },
  ];

  it.each([1, 2, 3, 7, 1000])('gives the events of the parser alone, in order, with %i-byte writes', async (size) => {
    const { events, taken } = await eventsFor(byteChunks(wire, size), 0, true);
    expect(events).toEqual(expected);
    expect(taken).toBe(4);
    expect((await eventsFor(byteChunks(wire, size), 0, false)).events).toEqual(expected);
  });

  it('hands everything to the parser from the first CR on', async () => {
    // Reads cut exactly here: a CR first seen in the second read.
    const reads = ['data: claimed:1\n\ndata: clai', 'med:2\r\n\r\ndata: claimed:3\n\n'];
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const r of reads) c.enqueue(new TextEncoder().encode(r));
        c.close();
      },
    });
    const sink = collector(true);
    for await (const _read of sseReads(body, sink));
    expect(sink.events.map((e) => e.data)).toEqual(['claimed:1', 'claimed:2', 'claimed:3']);
    expect(sink.taken).toBe(1);
  });

  it('leaves a stream that starts with a byte order mark to the parser, which drops the mark', async () => {
    const bom = '\uFEFF\uFEFFdata: claimed:1\n\n';
    const { events, taken } = await eventsFor([bom], 0, true);
    expect(events.map((e) => e.data)).toEqual(['claimed:1']);
    expect(taken).toBe(0);
  });

  it('does not drop a mark in the middle of a stream (a field with another name is ignored)', async () => {
    const { events } = await eventsFor(['data: claimed:1\n\n\uFEFFdata: x\n\ndata: y\n\n'], 0, true);
    expect(events.map((e) => e.data)).toEqual(['claimed:1', 'y']);
  });

  it('reads one very long frame in many pieces', async () => {
    const long = 'x'.repeat(200_000);
    const { events } = await eventsFor([...byteChunks(`data: ${long}\n\n`, 4096), 'data: claimed:after\n\n'], 0, true);
    expect(events.map((e) => e.data.length)).toEqual([200_000, 'claimed:after'.length]);
  });
});
