// One request's lifetime: the caller's cancellation linked to the request's, the idle watchdog that
// counts only silence on the network, and the mapping of whatever fetch or a body read throws.
import { partialKept, ProviderError } from './errors';
import type { Endpoint } from './requestEndpoint';
import { originOf } from './httpErrors';
import type { NetworkWait } from './sse';
import type { ProviderId } from './types';
import { errorMessage } from '../errorMessage';
import { SETTINGS } from '../settings/table';
import { t } from '../l10n';

export function cancelledError(providerId: ProviderId): ProviderError {
  return new ProviderError({
    providerId,
    code: 'cancelled',
    message: t('Stopped.'),
    remediation: t('Send the request again when you are ready.'),
    retryable: true,
    autoRetry: false,
  });
}

/**
 * Calls `onIdle` when `touch()` has not been called for `ms` while running. Paused, it never
 * fires: a stream reader pauses it while the consumer holds the events, so only silence on the
 * network counts. One timer, re-armed lazily (a touch or pause per read costs no timer).
 */
class Watchdog {
  private last = Date.now();
  private paused = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {
    this.arm(ms);
  }
  touch(): void {
    this.last = Date.now();
  }
  pause(): void {
    this.paused = true;
  }
  /** Runs again, counting from now. */
  resume(): void {
    this.last = Date.now();
    this.paused = false;
  }
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
  private arm(delay: number): void {
    this.timer = setTimeout(() => {
      const idle = this.paused ? 0 : Date.now() - this.last;
      if (idle >= this.ms) {
        this.timer = undefined;
        this.onIdle();
      } else {
        this.arm(this.ms - idle);
      }
    }, delay);
  }
}

export interface FailureState {
  callerAborted: boolean;
  stalled: boolean;
  idleMs: number;
  afterHeaders: boolean;
}

// Read when an error is made, not at import: the translator is installed at activation.
const NETWORK_CODES: Record<string, () => string> = {
  ECONNREFUSED: () => t('connection refused'),
  ENOTFOUND: () => t('host not found'),
  EAI_AGAIN: () => t('host name lookup failed'),
  ECONNRESET: () => t('connection reset'),
  ETIMEDOUT: () => t('connection timed out'),
  EHOSTUNREACH: () => t('host unreachable'),
  ENETUNREACH: () => t('network unreachable'),
  UND_ERR_SOCKET: () => t('connection closed by the server'),
  UND_ERR_CONNECT_TIMEOUT: () => t('connection timed out'),
};

function errorCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps anything thrown by fetch or by reading the body. */
export function errorFromException(ep: Endpoint, e: unknown, st: FailureState): ProviderError {
  if (e instanceof ProviderError) return e;
  const id = ep.providerId;
  if (st.callerAborted) return cancelledError(id);
  const origin = originOf(ep.baseUrl);
  const secs = Math.round(st.idleMs / 100) / 10;
  if (st.stalled) {
    return new ProviderError({
      providerId: id,
      code: 'stream_interrupted',
      message: st.afterHeaders
        ? t('The stream stalled for {0} s.', secs)
        : t('No response from {0} for {1} s.', origin, secs),
      remediation: t(
        'Try again. If it keeps happening, check the network or proxy, or raise {0}.',
        SETTINGS.requestTimeoutSeconds.key,
      ),
      retryable: true,
      autoRetry: false,
      cause: e,
    });
  }
  const code = errorCode(e);
  const what = (code && NETWORK_CODES[code]?.()) ?? code ?? errorMessage(e);
  if (st.afterHeaders) {
    return new ProviderError({
      providerId: id,
      code: 'stream_interrupted',
      message: t('The connection closed before the answer was complete ({0}).', what),
      remediation: partialKept(),
      retryable: true,
      cause: e,
    });
  }
  const tls = code !== undefined && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code);
  const refused = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  return new ProviderError({
    providerId: id,
    code: 'provider_unavailable',
    message: tls
      ? t('TLS certificate problem talking to {0} ({1}).', origin, code)
      : t('Could not reach {0} ({1}).', origin, what),
    remediation: tls
      ? t(
          "Check the certificate of the server in {0}, or VS Code's proxy settings (http.proxy, http.proxyStrictSSL).",
          ep.setting,
        )
      : ep.custom
        ? t('Check {0} — is the server running at {1}?', ep.setting, origin)
        : t('Check your network connection and proxy settings, and {0}.', ep.setting),
    retryable: true,
    // A refused connection or an unknown host will not fix itself within a second.
    autoRetry: !(refused || tls),
    cause: e,
  });
}

export async function readCapped(res: Response, max: number, onActivity?: () => void): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onActivity?.();
      text += decoder.decode(value, { stream: true });
      if (text.length > max) break;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return text;
}

export interface RequestOptions {
  signal?: AbortSignal;
  idleTimeoutMs: number;
}

/** One request's lifetime: its AbortController, the caller's signal linked in, the watchdog. */
export interface Call {
  st: FailureState;
  signal: AbortSignal;
  touch(): void;
  /** Brackets each wait on the network while a stream is read. */
  net: NetworkWait;
  /** Sends the request; failures come back as ProviderError. */
  fetch(url: string, init: RequestInit): Promise<Response>;
  /** Stops the watchdog, unlinks the caller's signal and aborts whatever is still open. */
  end(): void;
}

export function openCall(ep: Endpoint, opts: RequestOptions): Call {
  if (opts.signal?.aborted) throw cancelledError(ep.providerId);
  const st: FailureState = { callerAborted: false, stalled: false, idleMs: opts.idleTimeoutMs, afterHeaders: false };
  const ac = new AbortController();
  const onAbort = () => {
    st.callerAborted = true;
    ac.abort(opts.signal?.reason);
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const dog = new Watchdog(opts.idleTimeoutMs, () => {
    st.stalled = true;
    ac.abort(new Error('idle timeout'));
  });
  return {
    st,
    signal: ac.signal,
    touch: () => dog.touch(),
    net: { waiting: () => dog.resume(), received: () => dog.pause() },
    async fetch(url, init) {
      const started = Date.now();
      let res: Response;
      try {
        res = await ep.fetch(url, { ...init, signal: ac.signal });
      } catch (e) {
        throw errorFromException(ep, e, st);
      }
      dog.touch();
      st.afterHeaders = true;
      ep.logger.debug(
        `${ep.providerId}: ${init.method ?? 'GET'} ${urlPath(url)} → ${res.status} (${Date.now() - started} ms)`,
      );
      return res;
    },
    end() {
      dog.stop();
      opts.signal?.removeEventListener('abort', onAbort);
      // After a complete body this is a no-op; after an early exit it closes the socket.
      ac.abort();
    },
  };
}

export async function readOrFail(ep: Endpoint, call: Call, res: Response, max: number): Promise<string> {
  try {
    return await readCapped(res, max, call.touch);
  } catch (e) {
    throw errorFromException(ep, e, call.st);
  }
}

/** Path (and query) only: logs name the endpoint, never the host's credentials or headers. */
function urlPath(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return '?';
  }
}
