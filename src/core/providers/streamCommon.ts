// Pieces both stream mappers share: JSON of an event, and the errors for a broken stream.
import type { ZodError } from 'zod';
import { redactSecrets } from '../redact';
import { partialKept, ProviderError } from './errors';
import { inEnglish, t } from '../l10n';
import { cancelledError } from './call';
import type { AdapterDeps, Endpoint } from './requestEndpoint';
import { retryWaitText } from '../chat/retryWait';
import { retryWaitFor, type RetryHooks } from './retry';
import type { SseEvent, SseSink } from './sse';
import type { AuthResolution, ProviderId, RetryWait, StreamEvent } from './types';

export function interruptedError(ep: Endpoint, terminal: string): ProviderError {
  return new ProviderError({
    providerId: ep.providerId,
    code: 'stream_interrupted',
    message: t('The answer ended before it was complete (no {0}).', terminal),
    remediation: partialKept(),
    retryable: true,
    autoRetry: false,
  });
}

export function malformedEventError(ep: Endpoint, what: string, detail: ZodError | string): ProviderError {
  const why =
    typeof detail === 'string'
      ? detail
      : detail.issues
          .slice(0, 2)
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ');
  // A broken server may put the key it received into what it sends: quote it without the key.
  const said = redactSecrets(why, ep.apiKey ? [ep.apiKey] : []);
  return new ProviderError({
    providerId: ep.providerId,
    code: 'unexpected_error',
    message: t('{0} sent a malformed {1} ({2}).', ep.label, what, said),
    remediation: ep.custom
      ? t(
          "The server at {0} does not speak the {1} format as expected; check the setting or the server's version.",
          ep.setting,
          ep.format,
        )
      : t('Try again; if it keeps happening, open the log and report it.'),
    retryable: true,
    autoRetry: false,
  });
}

export function parseEventJson(ep: Endpoint, ev: SseEvent): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(ev.data);
  } catch {
    throw malformedEventError(
      ep,
      `${ev.event ?? 'data'} event`,
      `not JSON: ${ev.data.slice(0, 60 + (ep.apiKey?.length ?? 0))}`,
    );
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw malformedEventError(ep, `${ev.event ?? 'data'} event`, 'not a JSON object');
  return data as Record<string, unknown>;
}

const isContent = (e: StreamEvent): boolean => e.type !== 'usage' && e.type !== 'done';

/** Content is anything the user sees; after it, a failure is not retried automatically. */
export const isContentBatch = (batch: readonly StreamEvent[]): boolean => batch.some(isContent);

/**
 * Adds a text or thinking delta, joined to the previous one when both came in the same network
 * read: the text is the same, and a burst (a fast server, a backlog after a pause) reaches the
 * UI as one update instead of hundreds.
 */
export function pushText(out: StreamEvent[], type: 'text' | 'thinking' | 'refusal', text: string): void {
  const last = out[out.length - 1];
  if (last !== undefined && last.type === type) last.text += text;
  else out.push({ type, text });
}

/** Turns the SSE events of one response into StreamEvents (one instance per response). */
export interface StreamMapper {
  map(ev: SseEvent, out: StreamEvent[]): void;
  /** Maps a frame from its exact bytes (see SseSink.claim), or returns -1 to get it as an event. */
  claim?(text: string, start: number, out: StreamEvent[]): number;
  /** A mapper may hold the fragments of a read to parse them together. */
  flush?(out: StreamEvent[]): void;
}

/**
 * The sink of one response: maps its events as they are completed and hands over each read's
 * StreamEvents at once. Events that came before a bad or error event in the same read still
 * reach the caller, with the failure to throw after them; nothing is mapped after a failure or
 * after the mapper is `finished`.
 */
export class MappedReads implements SseSink {
  readonly claim?: (text: string, start: number) => number;
  private out: StreamEvent[] = [];
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly mapper: StreamMapper,
    private readonly finished: () => boolean,
  ) {
    const claim = mapper.claim?.bind(mapper);
    // Without a claim of its own the stream goes straight to the parser, in whole reads.
    if (claim)
      this.claim = (text, start) => {
        if (this.failure !== undefined || this.finished()) return -1;
        try {
          return claim(text, start, this.out);
        } catch (e) {
          this.fail(e);
          return -1;
        }
      };
  }

  event(ev: SseEvent): void {
    if (this.failure !== undefined || this.finished()) return;
    try {
      this.mapper.map(ev, this.out);
    } catch (e) {
      this.fail(e);
    }
  }

  /** The StreamEvents of the read just done, and the failure to throw after them if there was one. */
  take(): { out: StreamEvent[]; failure?: unknown } {
    if (this.failure === undefined) {
      try {
        this.mapper.flush?.(this.out);
      } catch (e) {
        this.fail(e);
      }
    }
    const out = this.out;
    this.out = [];
    return this.failure === undefined ? { out } : { out, failure: this.failure.error };
  }

  private fail(e: unknown): void {
    this.failure = { error: e ?? new Error('stream mapping failed') };
  }
}

/**
 * What every request of an adapter starts with: the key (or a missing-auth error), the endpoint,
 * and retry hooks that log and turn an abort during a back-off into `cancelled`.
 */
export async function prepareCall(
  id: ProviderId,
  deps: AdapterDeps,
  signal: AbortSignal | undefined,
  usable: (auth: AuthResolution) => boolean,
  onRetryWait?: (wait: RetryWait) => void,
): Promise<{ auth: AuthResolution; ep: Endpoint; hooks: RetryHooks }> {
  const auth = await deps.auth();
  if (!usable(auth)) throw missingAuthError(id, auth, deps.label());
  if (signal?.aborted) throw cancelledError(id);
  const ep = deps.endpoint(auth);
  const hooks: RetryHooks = {
    onRetry: (e, n, ms) => {
      const wait = retryWaitFor(e, n, ms, deps.retry.maxRetries);
      const why = `${e.code}${e.status ? `, HTTP ${e.status}` : ''}`;
      deps.logger.info(
        `${id}: ${inEnglish(() => retryWaitText(wait, Math.ceil(ms / 1000)))} (${why}; retry ${n} of ${wait.maxRetries} after ${ms} ms, before any content).`,
      );
      onRetryWait?.(wait);
    },
    onAbort: () => cancelledError(id),
  };
  return { auth, ep, hooks };
}

export function missingAuthError(id: ProviderId, auth: AuthResolution, label = id): ProviderError {
  return new ProviderError({
    providerId: id,
    code: 'missing_auth',
    message: t('No {0} API key is set.', label),
    remediation: auth.envVar
      ? t("Run 'Kata Cloud: Set API Key…' or set {0}.", auth.envVar)
      : t("Run 'Kata Cloud: Set API Key…'."),
    retryable: false,
  });
}
