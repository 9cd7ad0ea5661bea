// HTTP error responses → ProviderError. Both providers' error JSON is understood, plus the
// shapes OpenAI-compatible servers use (`{"error": "text"}`, `{"message": …}`, `{"detail": …}`).
// Messages are short and say what happened; remediations say what to do. The provider's own
// message is quoted only where it helps, scrubbed of anything key-shaped and cut short.
import { redactSecrets } from '../redact';
import { ProviderError, type ProviderErrorCode } from './errors';
import type { Endpoint } from './requestEndpoint';
import { t } from '../l10n';

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
      message: /<html|<!doctype/i.test(text)
        ? plain
          ? t('an HTML page ("{0}")', plain.slice(0, 80))
          : t('an HTML page')
        : str(plain),
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

// Read when a message is made, not at import: the translator is installed at activation.
const setKeyCommand = () => t("'Kata Cloud: Set API Key…'");

function authRemediation(ep: Endpoint): string {
  switch (ep.authSource) {
    case 'env':
      return t('Fix {0}, or run {1} to store a key (a stored key takes precedence).', ep.envVar ?? '', setKeyCommand());
    case 'candidate':
      return t('Check the key and try again; it was not saved.');
    case 'none':
      return ep.envVar
        ? t('Run {0} for {1}, or set {2}.', setKeyCommand(), ep.endpointLabel, ep.envVar)
        : t('Run {0} for {1}.', setKeyCommand(), ep.endpointLabel);
    default:
      return t('Run {0} and enter a valid {1} key.', setKeyCommand(), ep.endpointLabel);
  }
}

function rejectedKey(ep: Endpoint): string {
  const L = ep.label;
  if (ep.authSource === 'env') return t('{0} rejected the API key from {1} (401).', L, ep.envVar ?? '');
  if (ep.authSource === 'secret') return t('{0} rejected the API key stored in VS Code (401).', L);
  return t('{0} rejected the API key (401).', L);
}

export function errorFromBody(ep: Endpoint, status: number, headers: Headers, text: string): ProviderError {
  const body = parseErrorBody(text);
  const providerType = body.type ?? body.code;
  const said = quote(ep, body.message);
  // The provider's words after a colon, or nothing: `said ? t('…: {1}') : t('…')` per message.
  const withSaid = (plain: string, quoted: string) => (said ? quoted : plain);
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

  if (status === 401) {
    // The provider's text is left out: OpenAI's echoes part of the key.
    if (ep.authSource === 'none')
      return make('invalid_auth', t('{0} needs an API key, and none was sent (401).', L), authRemediation(ep), false);
    return make('invalid_auth', rejectedKey(ep), authRemediation(ep), false);
  }
  if (status === 403) {
    if (body.code === 'model_not_found' || /model/i.test(body.message ?? '')) {
      return make(
        'bad_request',
        withSaid(
          t('{0} refused access to this model (403)', L),
          t('{0} refused access to this model (403): {1}', L, said),
        ),
        t('Pick another model, or enable this one for your project or workspace in the provider console.'),
        false,
      );
    }
    return make(
      'invalid_auth',
      withSaid(
        t('{0} refused the request: the key lacks permission (403)', L),
        t('{0} refused the request: the key lacks permission (403): {1}', L, said),
      ),
      t(
        "Check the key's permissions (organization, project or workspace) in the provider console, or run {0} with another key.",
        setKeyCommand(),
      ),
      false,
    );
  }
  if (status === 404) {
    return make(
      'bad_request',
      withSaid(
        t('Model not found or wrong base URL (404 from {0})', origin),
        t('Model not found or wrong base URL (404 from {0}): {1}', origin, said),
      ),
      t(
        'Pick a model from the Models view (Refresh it), and check that {0} is the API root, {1}.',
        ep.setting,
        ep.apiRoot,
      ),
      false,
    );
  }
  if (status === 402 || body.code === 'insufficient_quota' || body.type === 'billing_error') {
    return make(
      'bad_request',
      withSaid(
        t('{0} declined the request for billing reasons ({1})', L, status),
        t('{0} declined the request for billing reasons ({1}): {2}', L, status, said),
      ),
      t('Check your plan, credits and billing details in the provider console.'),
      false,
    );
  }
  if (status === 429) {
    const after = retryAfterMs(headers);
    return make(
      'rate_limited',
      after !== undefined
        ? t('{0} is limiting the request rate (429). Try again in {1} s.', L, Math.max(1, Math.ceil(after / 1000)))
        : t('{0} is limiting the request rate (429).', L),
      t(
        'Wait a moment and retry; if it keeps happening, lower your usage or raise your rate limits in the provider console.',
      ),
      true,
      { retryAfterMs: after },
    );
  }
  if (status === 400 || status === 413 || status === 422) {
    const remediation =
      status === 413 || /too long|too large|context length|maximum context/i.test(body.message ?? '')
        ? t('Shorten the conversation or attachments, or pick a model with a larger context window.')
        : t('Adjust the request (model, length, parameters) and try again.');
    return make(
      'bad_request',
      withSaid(t('{0} refused the request ({1})', L, status), t('{0} refused the request ({1}): {2}', L, status, said)),
      remediation,
      false,
    );
  }
  if (status === 408 || status >= 500) {
    const after = retryAfterMs(headers);
    return make(
      'provider_unavailable',
      unavailableMessage(L, status, status === 529 ? '' : said, providerType),
      ep.custom ? t('Try again in a moment, and check the server at {0}.', origin) : t('Try again in a moment.'),
      true,
      { retryAfterMs: after },
    );
  }
  return make(
    'unexpected_error',
    withSaid(t('{0} answered HTTP {1}', L, status), t('{0} answered HTTP {1}: {2}', L, status, said)),
    t('Try again; if it persists, check {0} and open the log.', ep.setting),
    true,
  );
}

/** A 408 or 5xx: what happened to the server, with its own words when they help. */
function unavailableMessage(L: string, status: number, said: string, providerType: string | undefined): string {
  if (status === 529 || providerType === 'overloaded_error')
    return said ? t('{0} is overloaded ({1}): {2}', L, status, said) : t('{0} is overloaded ({1}).', L, status);
  if (status === 503)
    return said ? t('{0} is unavailable ({1}): {2}', L, status, said) : t('{0} is unavailable ({1}).', L, status);
  if (status === 502 || status === 504)
    return said
      ? t('{0} had a gateway error ({1}): {2}', L, status, said)
      : t('{0} had a gateway error ({1}).', L, status);
  if (status === 408)
    return said ? t('{0} timed out ({1}): {2}', L, status, said) : t('{0} timed out ({1}).', L, status);
  return said ? t('{0} had a server error ({1}): {2}', L, status, said) : t('{0} had a server error ({1}).', L, status);
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
    message: streamErrorMessage(ep.label, body.type, said),
    autoRetry: base.autoRetry,
  });
}

function streamErrorMessage(label: string, type: string | undefined, said: string): string {
  if (type)
    return said
      ? t('{0} sent an error in the stream ({1}): {2}', label, type, said)
      : t('{0} sent an error in the stream ({1}).', label, type);
  return said ? t('{0} sent an error in the stream: {1}', label, said) : t('{0} sent an error in the stream.', label);
}
