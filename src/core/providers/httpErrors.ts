// HTTP error responses → ProviderError. Both providers' error JSON is understood, plus the
// shapes OpenAI-compatible servers use (`{"error": "text"}`, `{"message": …}`, `{"detail": …}`).
// Messages are short and say what happened; remediations say what to do. The provider's own
// message is quoted only where it helps, scrubbed of anything key-shaped and cut short.
import { redactSecrets } from '../redact';
import { ProviderError, type ProviderErrorCode } from './errors';
import type { Endpoint } from './requestEndpoint';

export interface ProviderErrorBody {
  type?: string;
  code?: string;
  message?: string;
}

export const originOf = (url: string): string => {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** Reads `{type:"error",error:{type,message}}`, `{error:{message,type,code}}` and looser shapes. */
export function parseErrorBody(text: string): ProviderErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const plain = text
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    return {
      message: /<html|<!doctype/i.test(text) ? `an HTML page${plain ? ` ("${plain.slice(0, 80)}")` : ''}` : str(plain),
    };
  }
  if (!json || typeof json !== 'object') return {};
  const o = json as Record<string, unknown>;
  const err = o.error;
  if (typeof err === 'string') return { message: err };
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    const code = typeof e.code === 'number' ? String(e.code) : str(e.code);
    return { type: str(e.type), code, message: str(e.message) };
  }
  const detail = o.detail;
  const detailText = typeof detail === 'string' ? detail : Array.isArray(detail) ? JSON.stringify(detail) : undefined;
  return { type: str(o.type), message: str(o.message) ?? detailText };
}

/** `retry-after-ms` (OpenAI), else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs) && secs >= 0) return Math.round(secs * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export function quote(ep: Endpoint, message: string | undefined, max = 240): string {
  if (!message) return '';
  let m = redactSecrets(message, ep.apiKey ? [ep.apiKey] : [])
    .replace(/\s+/g, ' ')
    .trim();
  if (m.length > max) m = `${m.slice(0, max - 1)}…`;
  return m;
}

const setKeyCommand = "'Kata Cloud: Set API Key…'";

function authRemediation(ep: Endpoint): string {
  switch (ep.authSource) {
    case 'env':
      return `Fix ${ep.envVar}, or run ${setKeyCommand} to store a key (a stored key takes precedence).`;
    case 'candidate':
      return `Check the key and try again; it was not saved.`;
    case 'none':
      return `Run ${setKeyCommand} for ${ep.endpointLabel}${ep.envVar ? `, or set ${ep.envVar}` : ''}.`;
    default:
      return `Run ${setKeyCommand} and enter a valid ${ep.endpointLabel} key.`;
  }
}

const sourceNote = (ep: Endpoint): string =>
  ep.authSource === 'env' ? ` from ${ep.envVar}` : ep.authSource === 'secret' ? ' stored in VS Code' : '';

export function errorFromBody(ep: Endpoint, status: number, headers: Headers, text: string): ProviderError {
  const body = parseErrorBody(text);
  const providerType = body.type ?? body.code;
  const said = quote(ep, body.message);
  const colonSaid = said ? `: ${said}` : '';
  const origin = originOf(ep.baseUrl);
  const shouldRetry = headers.get('x-should-retry');
  const make = (
    code: ProviderErrorCode,
    message: string,
    remediation: string,
    retryable: boolean,
    extra: { retryAfterMs?: number } = {},
  ) =>
    new ProviderError({
      providerId: ep.providerId,
      code,
      message,
      remediation,
      retryable,
      status,
      providerType,
      retryAfterMs: extra.retryAfterMs,
      autoRetry: shouldRetry === 'false' ? false : undefined,
    });
  const L = ep.label;
  const urlHint = `the API root, ${ep.apiRoot}`;

  if (status === 401) {
    // The provider's text is left out: OpenAI's echoes part of the key.
    if (ep.authSource === 'none')
      return make('invalid_auth', `${L} needs an API key, and none was sent (401).`, authRemediation(ep), false);
    return make('invalid_auth', `${L} rejected the API key${sourceNote(ep)} (401).`, authRemediation(ep), false);
  }
  if (status === 403) {
    if (body.code === 'model_not_found' || /model/i.test(body.message ?? '')) {
      return make(
        'bad_request',
        `${L} refused access to this model (403)${colonSaid}`,
        'Pick another model, or enable this one for your project or workspace in the provider console.',
        false,
      );
    }
    return make(
      'invalid_auth',
      `${L} refused the request: the key lacks permission (403)${colonSaid}`,
      `Check the key's permissions (organization, project or workspace) in the provider console, or run ${setKeyCommand} with another key.`,
      false,
    );
  }
  if (status === 404) {
    return make(
      'bad_request',
      `Model not found or wrong base URL (404 from ${origin})${colonSaid}`,
      `Pick a model from the Models view (Refresh it), and check that ${ep.setting} is ${urlHint}.`,
      false,
    );
  }
  if (status === 402 || body.code === 'insufficient_quota' || body.type === 'billing_error') {
    return make(
      'bad_request',
      `${L} declined the request for billing reasons (${status})${colonSaid}`,
      'Check your plan, credits and billing details in the provider console.',
      false,
    );
  }
  if (status === 429) {
    const after = retryAfterMs(headers);
    const when = after !== undefined ? ` Try again in ${Math.max(1, Math.ceil(after / 1000))} s.` : '';
    return make(
      'rate_limited',
      `${L} is limiting the request rate (429).${when}`,
      'Wait a moment and retry; if it keeps happening, lower your usage or raise your rate limits in the provider console.',
      true,
      { retryAfterMs: after },
    );
  }
  if (status === 400 || status === 413 || status === 422) {
    const remediation =
      status === 413 || /too long|too large|context length|maximum context/i.test(body.message ?? '')
        ? 'Shorten the conversation or attachments, or pick a model with a larger context window.'
        : 'Adjust the request (model, length, parameters) and try again.';
    return make('bad_request', `${L} refused the request (${status})${colonSaid}`, remediation, false);
  }
  if (status === 408 || status >= 500) {
    const what =
      status === 529 || providerType === 'overloaded_error'
        ? 'is overloaded'
        : status === 503
          ? 'is unavailable'
          : status === 502 || status === 504
            ? 'had a gateway error'
            : status === 408
              ? 'timed out'
              : 'had a server error';
    const after = retryAfterMs(headers);
    return make(
      'provider_unavailable',
      `${L} ${what} (${status})${colonSaid && status !== 529 ? colonSaid : '.'}`,
      ep.custom ? `Try again in a moment, and check the server at ${origin}.` : 'Try again in a moment.',
      true,
      { retryAfterMs: after },
    );
  }
  return make(
    'unexpected_error',
    `${L} answered HTTP ${status}${colonSaid}`,
    `Try again; if it persists, check ${ep.setting} and open the log.`,
    true,
  );
}

/** An `error` object that arrived inside a 200 stream (Anthropic `event: error`, OpenAI `data: {"error":…}`). */
export function errorFromStreamBody(ep: Endpoint, body: ProviderErrorBody): ProviderError {
  const t = `${body.type ?? ''} ${body.code ?? ''}`;
  const status = /overloaded/.test(t)
    ? 529
    : /rate_limit/.test(t)
      ? 429
      : /invalid_request/.test(t)
        ? 400
        : /authentication/.test(t)
          ? 401
          : /permission/.test(t)
            ? 403
            : 500;
  const base = errorFromBody(ep, status, new Headers(), JSON.stringify({ error: body }));
  const said = quote(ep, body.message);
  return new ProviderError({
    ...base.toJSON(),
    status: undefined,
    message: `${ep.label} sent an error in the stream${body.type ? ` (${body.type})` : ''}${said ? `: ${said}` : '.'}`,
    autoRetry: base.autoRetry,
  });
}
