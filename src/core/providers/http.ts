// The HTTP side shared by both wire clients: a request answered with an event stream or with
// JSON, and the refusal of an answer that is neither (see call.ts for cancellation, the watchdog and network errors).
import { errorFromException, openCall, readCapped, readOrFail, type RequestOptions } from './call';
import { ProviderError } from './errors';
import { t } from '../l10n';
import { errorFromBody, originOf } from './httpErrors';
import { sseReads, type SseSink } from './sse';
import type { Endpoint } from './requestEndpoint';

export type { AdapterDeps, Endpoint } from './requestEndpoint';

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
    message: type.split(';')[0]
      ? t('{0} answered with {1} instead of an event stream.', originOf(ep.baseUrl), type.split(';')[0])
      : t('{0} answered with no body instead of an event stream.', originOf(ep.baseUrl)),
    remediation: t('Check {0}: it must point at the API ({1}), not a web page.', ep.setting, ep.apiRoot),
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
        message: /<html/i.test(text)
          ? t('{0} did not answer with JSON (it sent a web page).', originOf(ep.baseUrl))
          : t('{0} did not answer with JSON.', originOf(ep.baseUrl)),
        remediation: t('Check {0}: it must point at the API ({1}).', ep.setting, ep.apiRoot),
        retryable: false,
      });
    }
  } finally {
    call.end();
  }
}
