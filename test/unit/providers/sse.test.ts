// SSE framing over real sockets: whatever way the bytes are cut, the same events come out.
import { afterEach, describe, expect, it } from 'vitest';
import { sseBatches, type SseEvent } from '../../../src/core/providers/sse';
import { byteChunks, rawServer, type RawServer } from './helpers';

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function eventsFor(writes: (string | Buffer)[], waitMs = 0): Promise<{ events: SseEvent[]; batches: number }> {
  server = await rawServer(() => ({ steps: writes.map((w) => ({ write: w, wait: waitMs })) }));
  const res = await fetch(server.url);
  const events: SseEvent[] = [];
  let batches = 0;
  for await (const batch of sseBatches(res.body!)) {
    expect(batch.length).toBeGreaterThan(0);
    batches++;
    events.push(...batch);
  }
  return { events, batches };
}

const UNICODE = 'héllo 👋 世界';

describe('sseBatches', () => {
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
