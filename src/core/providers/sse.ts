// Server-sent events from a fetch body. Framing (CR, LF, CRLF, comments, multi-line data, ids)
// is the maintained `eventsource-parser`'s job; this layer only decodes UTF-8 in streaming mode
// (a character split across reads stays intact) and hands events over one read at a time, so
// the adapters loop over plain arrays instead of awaiting once per event.
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type SseEvent = EventSourceMessage;

/** Told when the reader starts waiting on the network and when a read brought something. */
export interface NetworkWait {
  waiting(): void;
  received(): void;
}

/**
 * Yields the events completed by each read of `body`, in order (never an empty batch).
 * `net` brackets every wait on the network, so an idle watchdog listening to it measures only
 * silence on the network, never the time the consumer spends between reads.
 * An event left without its terminating blank line when the body ends is incomplete and is
 * dropped, as the SSE spec says.
 */
export async function* sseBatches(
  body: ReadableStream<Uint8Array>,
  net?: NetworkWait,
): AsyncGenerator<SseEvent[], void, undefined> {
  let batch: SseEvent[] = [];
  const parser = createParser({
    onEvent: (event) => {
      batch.push(event);
    },
  });
  const decoder = new TextDecoder('utf-8');
  const reader = body.getReader();
  try {
    for (;;) {
      net?.waiting();
      const { done, value } = await reader.read();
      net?.received();
      if (done) break;
      if (value.byteLength === 0) continue;
      parser.feed(decoder.decode(value, { stream: true }));
      if (batch.length > 0) {
        const out = batch;
        batch = [];
        yield out;
      }
    }
    const rest = decoder.decode();
    if (rest) parser.feed(rest);
    if (batch.length > 0) yield batch;
  } finally {
    // Stops the body (and its socket) when the consumer leaves early.
    reader.cancel().catch(() => undefined);
    try {
      reader.releaseLock();
    } catch {
      // Already released by the cancel.
    }
  }
}
