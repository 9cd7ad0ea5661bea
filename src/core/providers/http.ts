// The HTTP side shared by both adapters: the endpoint of a request (from the settings, never
// printing the key), a request answered with an event stream or with JSON, and the refusal of
// an answer that is neither (see call.ts for cancellation, the watchdog and network errors).
import type { FetchLike, Logger } from '../ports';
import { errorFromException, openCall, readCapped, readOrFail, type RequestOptions } from './call';
import { ProviderError } from './errors';
import { errorFromBody, originOf } from './httpErrors';
import { sseReads, type SseSink } from './sse';
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
  /** The setting that holds the base URL (the endpoint list, or an older base-URL setting). */
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

const MAX_ERROR_BODY = 64 * 1024;
// OpenRouter's model list alone is over a megabyte.
const MAX_JSON_BODY = 32 * 1024 * 1024;

/**
 * Sends one request and, on a 2xx event stream, hands its events to `sink`, yielding after each
 * network read that completed some. Throws ProviderError for every failure. Leaving the loop
 * early aborts the request (and closes the socket); so does the caller's signal, at any point,
 * also before the first byte.
 */
export async function* requestSse(
  ep: Endpoint,
  url: string,
  init: RequestInit,
  opts: RequestOptions,
  sink: SseSink,
): AsyncGenerator<void, void, undefined> {
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
      yield* sseReads(res.body, sink, call.net);
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
