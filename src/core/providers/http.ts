// The HTTP side shared by both adapters: one request with cancellation and an idle watchdog,
// the event stream of a 200, and the mapping of every failure (HTTP status + the provider's
// error JSON, network errors, aborts, stalls) to a ProviderError a user can act on.
import type { FetchLike, Logger } from '../ports';
import { PARTIAL_KEPT, ProviderError } from './errors';
import { errorFromBody, originOf } from './httpErrors';
import { sseBatches, type NetworkWait, type SseEvent } from './sse';
import { endpointFor } from './auth';
import {
  ENDPOINTS_SETTING,
  LEGACY_BASE_URL_SETTING,
  isInsecureRemote,
  isOfficial,
  type EndpointKind,
} from './endpoints';
import type { RetryPolicy } from './retry';
import type { AuthResolution, AuthSource, ProviderId, ProviderSettings } from './types';
import { errorMessage } from '../errorMessage';

/** What an adapter needs; the registry builds it from ProviderRuntimeDeps. */
export interface AdapterDeps {
  fetch: FetchLike;
  logger: Logger;
  settings: () => ProviderSettings;
  /** The key to use (a stored/env key, or a candidate being validated). */
  auth: () => Promise<AuthResolution>;
  /** Marks where the key came from in error remediations. */
  candidate?: boolean;
  retry: RetryPolicy;
}

/** Everything an error message may mention about where a request went. Never the key itself. */
export interface Endpoint {
  providerId: ProviderId;
  kind: EndpointKind;
  /** "Anthropic", "OpenAI", or "The server at <host>" for any other server. */
  label: string;
  /** The endpoint's own name in the user's list, e.g. "Ollama". */
  endpointLabel: string;
  baseUrl: string;
  /** The setting that holds the base URL, e.g. kata.endpoints. */
  setting: string;
  custom: boolean;
  envVar: string;
  /** Where the key came from; `candidate` while validating a key that is not stored yet. */
  authSource: AuthSource | 'candidate';
  /** Only for scrubbing provider messages; never printed. */
  apiKey?: string;
  fetch: FetchLike;
  logger: Logger;
}

/** The endpoint for one request, from the settings as they are now. */
export function makeEndpoint(id: ProviderId, deps: AdapterDeps, auth: AuthResolution): Endpoint {
  const s = deps.settings();
  const e = endpointFor(id, s);
  const setting =
    s.endpoints || !(id in LEGACY_BASE_URL_SETTING) ? ENDPOINTS_SETTING : LEGACY_BASE_URL_SETTING[id as 'openai'];
  if (!e || e.issue) {
    throw new ProviderError({
      providerId: id,
      code: 'bad_request',
      message: e?.issue?.message ?? `There is no endpoint "${id}" in your list any more.`,
      remediation: e
        ? `Fix it with 'Kata Cloud: Edit Endpoint…' or in "${setting}".`
        : 'Choose a model of another endpoint.',
      retryable: false,
    });
  }
  const baseUrl = e.baseUrl.replace(/\/+$/, '');
  // A key crosses the network in clear text only when the user said so for this endpoint.
  if (auth.apiKey && isInsecureRemote(baseUrl) && !e.allowInsecureKey) {
    throw new ProviderError({
      providerId: id,
      code: 'bad_request',
      message: `${e.label} uses plain http to another machine (${baseUrl}); the key was not sent, it would travel unencrypted.`,
      remediation: `Use an https URL, or confirm plain http with 'Kata Cloud: Edit Endpoint…'.`,
      retryable: false,
    });
  }
  const custom = !isOfficial(e);
  let label = e.label;
  if (custom) {
    try {
      label = `The server at ${new URL(baseUrl).host}`;
    } catch {
      label = `The server at ${baseUrl}`;
    }
  }
  return {
    providerId: id,
    kind: e.kind,
    label,
    endpointLabel: e.label,
    baseUrl,
    setting,
    custom,
    envVar: auth.envVar,
    authSource: deps.candidate ? 'candidate' : auth.resolvedSource,
    apiKey: auth.apiKey,
    fetch: deps.fetch,
    logger: deps.logger,
  };
}

export function cancelledError(providerId: ProviderId): ProviderError {
  return new ProviderError({
    providerId,
    code: 'cancelled',
    message: 'Stopped.',
    remediation: 'Send the request again when you are ready.',
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

interface FailureState {
  callerAborted: boolean;
  stalled: boolean;
  idleMs: number;
  afterHeaders: boolean;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
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
      message: st.afterHeaders ? `The stream stalled for ${secs} s.` : `No response from ${origin} for ${secs} s.`,
      remediation: `Try again. If it keeps happening, check the network or proxy, or raise kata.requestTimeoutSeconds.`,
      retryable: true,
      autoRetry: false,
      cause: e,
    });
  }
  const code = errorCode(e);
  const what = (code && NETWORK_CODES[code]) ?? code ?? errorMessage(e);
  if (st.afterHeaders) {
    return new ProviderError({
      providerId: id,
      code: 'stream_interrupted',
      message: `The connection closed before the answer was complete (${what}).`,
      remediation: `${PARTIAL_KEPT} Try again.`,
      retryable: true,
      cause: e,
    });
  }
  const tls = code !== undefined && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code);
  const refused = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  return new ProviderError({
    providerId: id,
    code: 'provider_unavailable',
    message: tls ? `TLS certificate problem talking to ${origin} (${code}).` : `Could not reach ${origin} (${what}).`,
    remediation: tls
      ? `Check the certificate of the server in ${ep.setting}, or VS Code's proxy settings (http.proxy, http.proxyStrictSSL).`
      : ep.custom
        ? `Check ${ep.setting} — is the server running at ${origin}?`
        : `Check your network connection and proxy settings, and ${ep.setting}.`,
    retryable: true,
    // A refused connection or an unknown host will not fix itself within a second.
    autoRetry: !(refused || tls),
    cause: e,
  });
}

const MAX_ERROR_BODY = 64 * 1024;
// OpenRouter's model list alone is over a megabyte.
const MAX_JSON_BODY = 32 * 1024 * 1024;

async function readCapped(res: Response, max: number, onActivity?: () => void): Promise<string> {
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
interface Call {
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

function openCall(ep: Endpoint, opts: RequestOptions): Call {
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

async function readOrFail(ep: Endpoint, call: Call, res: Response, max: number): Promise<string> {
  try {
    return await readCapped(res, max, call.touch);
  } catch (e) {
    throw errorFromException(ep, e, call.st);
  }
}

/**
 * Sends one request and, on a 2xx event stream, yields its events per network read.
 * Throws ProviderError for every failure. Leaving the loop early aborts the request (and
 * closes the socket); so does the caller's signal, at any point, also before the first byte.
 */
export async function* requestSse(
  ep: Endpoint,
  url: string,
  init: RequestInit,
  opts: RequestOptions,
): AsyncGenerator<SseEvent[], void, undefined> {
  const call = openCall(ep, opts);
  try {
    const res = await call.fetch(url, init);
    if (!res.ok) throw errorFromBody(ep, res.status, res.headers, await readOrFail(ep, call, res, MAX_ERROR_BODY));
    const type = res.headers.get('content-type') ?? '';
    if (/json|html/i.test(type) || !res.body) {
      const text = await readCapped(res, MAX_ERROR_BODY).catch(() => '');
      throw notAStream(ep, type, text);
    }
    try {
      yield* sseBatches(res.body, call.net);
    } catch (e) {
      throw errorFromException(ep, e, call.st);
    }
  } finally {
    call.end();
  }
}

function notAStream(ep: Endpoint, type: string, text: string): ProviderError {
  // Some servers answer an error with status 200 and a JSON body.
  if (/json/i.test(type) && /"error"/.test(text)) return errorFromBody(ep, 500, new Headers(), text);
  return new ProviderError({
    providerId: ep.providerId,
    code: 'bad_request',
    message: `${originOf(ep.baseUrl)} answered with ${type.split(';')[0] || 'no body'} instead of an event stream.`,
    remediation: `Check ${ep.setting}: it must point at the API${ep.providerId === 'openai' ? ' (usually ending in /v1)' : ''}, not a web page.`,
    retryable: false,
  });
}

/** A request answered with JSON, with the same cancellation, watchdog and error mapping. */
export async function requestJson(
  ep: Endpoint,
  url: string,
  init: RequestInit,
  opts: RequestOptions,
): Promise<unknown> {
  const call = openCall(ep, opts);
  try {
    const res = await call.fetch(url, init);
    const text = await readOrFail(ep, call, res, res.ok ? MAX_JSON_BODY : MAX_ERROR_BODY);
    if (!res.ok) throw errorFromBody(ep, res.status, res.headers, text);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ProviderError({
        providerId: ep.providerId,
        code: 'bad_request',
        message: `${originOf(ep.baseUrl)} did not answer with JSON${/<html/i.test(text) ? ' (it sent a web page)' : ''}.`,
        remediation: `Check ${ep.setting}: it must point at the API${ep.providerId === 'openai' ? ' (usually ending in /v1)' : ' (without /v1)'}.`,
        retryable: false,
      });
    }
  } finally {
    call.end();
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
