// One way to consume a provider's answer as text for a document: deltas are batched (one flush
// per `flushMs`, not one per token, so an editor gets a handful of edits a second), flushes never
// overlap, and the stream ends as done, cancelled or failed with the text received so far. Ask…,
// the pull request draft and Draft Spec with AI all stream through it (host: streamToEditor).
import type { Clock } from '../ports';
import { isProviderError } from './errors';
import type { StreamEvent } from './types';

export interface PumpProgress {
  /** Characters of answer text received so far. */
  received: number;
  outputTokens?: number;
}

export interface PumpOptions {
  /** Writes a batch: `delta` is new since the last flush, `full` everything so far. */
  flush(delta: string, full: string): unknown;
  /** Told after each text or usage event (cheap: a notification message). */
  onProgress?(p: PumpProgress): void;
  /** Told when the first event arrives (to end a retry countdown, say). */
  onEvent?(): void;
  /** Aborting it ends the pump as cancelled (the signal given to the stream itself). */
  signal?: AbortSignal;
  flushMs?: number;
  clock?: Clock;
}

export interface PumpOutcome {
  status: 'done' | 'cancelled' | 'failed';
  text: string;
  received: number;
  outputTokens?: number;
  ms: number;
  /** The failure (a ProviderError for everything the runtime raises). */
  error?: unknown;
}

export async function pumpText(events: AsyncIterable<StreamEvent>, opts: PumpOptions): Promise<PumpOutcome> {
  const clock = opts.clock ?? { now: () => Date.now() };
  const started = clock.now();
  let full = '';
  let flushedTo = 0;
  let outputTokens: number | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  // Serialised: an editor edit must finish before the next one starts, or they interleave.
  const flush = () => {
    if (flushedTo === full.length) return chain;
    const delta = full.slice(flushedTo);
    flushedTo = full.length;
    const snapshot = full;
    chain = chain.then(() => opts.flush(delta, snapshot));
    return chain;
  };
  // A timer, not a check per event: the last words of a slow stream must not wait for the next token.
  const timer = setInterval(() => void flush(), opts.flushMs ?? 50);
  const end = async (status: PumpOutcome['status'], error?: unknown): Promise<PumpOutcome> => {
    clearInterval(timer);
    await flush();
    return {
      status,
      text: full,
      received: full.length,
      ...(outputTokens !== undefined ? { outputTokens } : {}),
      ms: clock.now() - started,
      ...(error !== undefined ? { error } : {}),
    };
  };
  try {
    for await (const ev of events) {
      opts.onEvent?.();
      if (ev.type === 'text') full += ev.text;
      else if (ev.type === 'usage' && ev.outputTokens) outputTokens = ev.outputTokens;
      else continue;
      opts.onProgress?.({ received: full.length, ...(outputTokens !== undefined ? { outputTokens } : {}) });
    }
    return await end(opts.signal?.aborted ? 'cancelled' : 'done');
  } catch (e) {
    const cancelled = opts.signal?.aborted || (isProviderError(e) && e.code === 'cancelled');
    return end(cancelled ? 'cancelled' : 'failed', e);
  } finally {
    clearInterval(timer);
  }
}
