// Server-sent events from a fetch body. Framing (CR, LF, CRLF, comments, multi-line data, ids)
// is the maintained `eventsource-parser`'s job; this layer decodes UTF-8 in streaming mode (a
// character split across reads stays intact), lets a client claim the frames it knows by their
// exact bytes before any event object is built, and tells the caller when a read is done, so the
// adapters map each read's events in one go instead of awaiting once per event.
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';

export type SseEvent = EventSourceMessage;

/** Told when the reader starts waiting on the network and when a read brought something. */
export interface NetworkWait {
  waiting(): void;
  received(): void;
}

/** Where the events of a stream go. */
export interface SseSink {
  /**
   * Offered every complete frame of a stream with LF line endings, at `start` in `text`, before
   * the parser sees it: returns the offset just past the frame (after its blank line) when it
   * took the frame, else -1, and the frame goes to the parser and then to `event`. A claimed frame
   * must be one the parser would turn into a single event (no `id:`, no comment) with the same
   * meaning to the sink.
   */
  claim?(text: string, start: number): number;
  event(ev: SseEvent): void;
}

// A frame this long without its blank line is no delta: the parser buffers it in linear time.
const MAX_PENDING = 64 * 1024;

/**
 * Cuts decoded text into frames for `claim`, and passes every other frame to the parser whole, so
 * the parser is always at a frame boundary when it is fed and sees the stream as if it had it all.
 * After the first CR (CRLF or CR line endings) the parser takes everything that follows.
 */
class Framer {
  private readonly pending: string[] = [];
  private pendingLength = 0;
  private parserOnly: boolean;
  private started = false;
  constructor(
    private readonly parser: EventSourceParser,
    private readonly claim: ((text: string, start: number) => number) | undefined,
  ) {
    this.parserOnly = claim === undefined;
  }

  push(chunk: string): void {
    if (this.parserOnly) {
      this.parser.feed(chunk);
      return;
    }
    if (!this.started && chunk !== '') {
      this.started = true;
      // The parser drops a byte order mark at the start of the stream only: a stream that starts
      // with one (or its first byte) is all the parser's, and any other stream's first feed is a
      // blank line, which dispatches nothing and ends the parser's check for a mark.
      const first = chunk.charCodeAt(0);
      if (first === 0xfeff || first === 0xef) {
        this.toParser(chunk);
        return;
      }
      this.parser.feed('\n');
    }
    if (chunk.indexOf('\r') !== -1) {
      this.toParser(this.pending.join('') + chunk);
      return;
    }
    let pos = 0;
    if (this.pending.length > 0) {
      // Only the frame begun in earlier reads is joined, up to its blank line: the rest of the
      // read is scanned where it is, without a copy.
      const last = this.pending[this.pending.length - 1];
      if (last.charCodeAt(last.length - 1) === 10 && chunk.charCodeAt(0) === 10) pos = 1;
      else {
        const blank = chunk.indexOf('\n\n');
        if (blank === -1) {
          this.hold(chunk);
          return;
        }
        pos = blank + 2;
      }
      const head = this.pending.join('') + chunk.slice(0, pos);
      this.pending.length = 0;
      this.pendingLength = 0;
      this.frames(head, 0);
    }
    this.frames(chunk, pos);
  }

  /** Takes the complete frames of `text` from `pos` on, and holds the incomplete rest. */
  private frames(text: string, pos: number): void {
    const claim = this.claim!;
    while (pos < text.length) {
      const next = claim(text, pos);
      if (next >= 0) {
        pos = next;
        continue;
      }
      const end = text.indexOf('\n\n', pos);
      if (end === -1) break;
      this.parser.feed(text.slice(pos, end + 2));
      pos = end + 2;
    }
    if (pos < text.length) this.hold(text.slice(pos));
  }

  private hold(text: string): void {
    if (text === '') return;
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength > MAX_PENDING) this.toParser(this.pending.join(''));
  }

  private toParser(text: string): void {
    this.pending.length = 0;
    this.pendingLength = 0;
    this.parserOnly = true;
    this.parser.feed(text);
  }
}

/**
 * Reads `body` to its end, handing its events to `sink`, and yields after each read that
 * completed at least one event (claimed or parsed), so the caller can pass on what the sink
 * gathered. `net` brackets every wait on the network, so an idle watchdog listening to it
 * measures only silence on the network, never the time the consumer spends between reads.
 * An event left without its terminating blank line when the body ends is incomplete and is
 * dropped, as the SSE spec says.
 */
export async function* sseReads(
  body: ReadableStream<Uint8Array>,
  sink: SseSink,
  net?: NetworkWait,
): AsyncGenerator<void, void, undefined> {
  let completed = 0;
  const parser = createParser({
    onEvent: (event) => {
      completed++;
      sink.event(event);
    },
  });
  const claim = sink.claim?.bind(sink);
  const framer = new Framer(
    parser,
    claim &&
      ((text, start) => {
        const next = claim(text, start);
        if (next >= 0) completed++;
        return next;
      }),
  );
  const decoder = new TextDecoder('utf-8');
  const reader = body.getReader();
  try {
    for (;;) {
      net?.waiting();
      const { done, value } = await reader.read();
      net?.received();
      if (done) break;
      if (value.byteLength === 0) continue;
      framer.push(decoder.decode(value, { stream: true }));
      if (completed > 0) {
        completed = 0;
        yield;
      }
    }
    const rest = decoder.decode();
    if (rest) framer.push(rest);
    if (completed > 0) yield;
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
