// The fake provider's routes: Anthropic (/anthropic/v1/models, /v1/messages) and OpenAI-compatible
// (/openai/v1/models, /v1/chat/completions; /ollama/v1 reuses it without a key). Each checks a
// request the way the real API does (key, required fields, model, tool turns) and answers with
// the real error bodies and headers, or streams the plan of providerPlan.mjs.
import { randomBytes } from 'node:crypto';
import { cachedWire, dieBeforeFirstByte, plan, sendJson, sseHeaders, writeStream } from './providerPlan.mjs';
import { toolRequestProblem } from './providerTools.mjs';
import { anthropicError, openaiError, anthropicStream, openaiStream } from './providerWire.mjs';

const reqId = (prefix) => `${prefix}${randomBytes(12).toString('hex')}`;

export function notFound(res) {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: 'not found: use /anthropic/v1/..., /openai/v1/... or /ollama/v1/...' }));
}

// ----- Anthropic -----

function anthropicHeaders() {
  const reset = new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    'request-id': reqId('req_011C'),
    'anthropic-organization-id': '00000000-0000-4000-8000-000000000000',
    'anthropic-ratelimit-requests-limit': '4000',
    'anthropic-ratelimit-requests-remaining': '3999',
    'anthropic-ratelimit-requests-reset': reset,
    'anthropic-ratelimit-input-tokens-limit': '2000000',
    'anthropic-ratelimit-input-tokens-remaining': '2000000',
    'anthropic-ratelimit-input-tokens-reset': reset,
    'anthropic-ratelimit-output-tokens-limit': '400000',
    'anthropic-ratelimit-output-tokens-remaining': '400000',
    'anthropic-ratelimit-output-tokens-reset': reset,
  };
}

function anthropicFail(res, status, message, retryAfter) {
  const h = anthropicHeaders();
  const { body, headers } = anthropicError(status, h['request-id'], message);
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  sendJson(res, status, { ...h, ...headers }, body);
}

export async function handleAnthropic(ctx) {
  const { req, res, url, keys, models } = ctx;
  const path = url.pathname.slice('/anthropic'.length);
  // Newer official SDKs send the key as a Bearer token; the API takes either.
  const auth = req.headers.authorization;
  const key =
    req.headers['x-api-key'] || (typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined);
  if (typeof key !== 'string' || key === '') return anthropicFail(res, 401, 'x-api-key header is required');
  if (!keys.anthropic.includes(key)) return anthropicFail(res, 401, 'invalid x-api-key');

  if (req.method === 'GET' && path === '/v1/models') {
    const limit = Math.max(
      1,
      Math.min(1000, Number(url.searchParams.get('limit') ?? ctx.cfg.pageSize) || ctx.cfg.pageSize),
    );
    const after = url.searchParams.get('after_id');
    let start = 0;
    if (after) {
      const i = models.anthropic.findIndex((m) => m.id === after);
      if (i < 0) return anthropicFail(res, 400, `after_id: unknown model id '${after}'`);
      start = i + 1;
    }
    const data = models.anthropic.slice(start, start + limit);
    return sendJson(res, 200, anthropicHeaders(), {
      data,
      has_more: start + limit < models.anthropic.length,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
    });
  }
  if (req.method === 'GET' && path.startsWith('/v1/models/')) {
    const m = models.anthropic.find((x) => x.id === decodeURIComponent(path.slice('/v1/models/'.length)));
    return m ? sendJson(res, 200, anthropicHeaders(), m) : anthropicFail(res, 404, `model: ${path.slice(11)}`);
  }
  if (req.method !== 'POST' || path !== '/v1/messages')
    return anthropicFail(res, 404, `Not Found: ${req.method} ${path}`);

  if (!req.headers['anthropic-version']) return anthropicFail(res, 400, 'anthropic-version: header is required');
  const body = ctx.body;
  if (!body || typeof body !== 'object') return anthropicFail(res, 400, 'Request body must be JSON');
  if (typeof body.model !== 'string') return anthropicFail(res, 400, 'model: Field required');
  if (typeof body.max_tokens !== 'number') return anthropicFail(res, 400, 'max_tokens: Field required');
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    return anthropicFail(res, 400, 'messages: Field required');
  if (ctx.options.strictModels && !models.anthropic.some((m) => m.id === body.model))
    return anthropicFail(res, 404, `model: ${body.model}`);

  const toolProblem = toolRequestProblem(body, 'anthropic');
  if (toolProblem) return anthropicFail(res, 400, toolProblem);
  const p = plan(ctx, 'anthropic', body.model);
  if (p.error) return anthropicFail(res, p.error, undefined, p.retryAfter);
  if (p.mode === 'die-before-text') return dieBeforeFirstByte(ctx);
  if (body.stream !== true) return anthropicFail(res, 400, 'the fake provider only streams: set "stream": true');
  res.writeHead(200, sseHeaders(anthropicHeaders()));
  await writeStream(
    ctx,
    p,
    p.big
      ? cachedWire(`a:${body.model}:${!!p.tools}`, () => anthropicStream(p, body.model))
      : anthropicStream(p, body.model),
  );
}

// ----- OpenAI -----

function openaiHeaders() {
  return {
    'x-request-id': reqId('req_'),
    'openai-organization': 'user-fake',
    'openai-processing-ms': '42',
    'openai-version': '2020-10-01',
    'x-ratelimit-limit-requests': '10000',
    'x-ratelimit-remaining-requests': '9999',
    'x-ratelimit-reset-requests': '6ms',
    'x-ratelimit-limit-tokens': '30000000',
    'x-ratelimit-remaining-tokens': '29999000',
    'x-ratelimit-reset-tokens': '2ms',
  };
}

function openaiFail(res, status, extra = {}, retryAfter) {
  const { body, headers, status: realStatus } = openaiError(status, extra);
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  sendJson(res, realStatus, { ...openaiHeaders(), ...headers }, body);
}

export async function handleOpenAI(ctx) {
  const { req, res, url, keys, models, options } = ctx;
  const path = url.pathname.slice((ctx.prefix ?? '/openai').length);
  const auth = req.headers.authorization;
  const key = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
  if (!key) {
    if (!options.allowNoKey) return openaiFail(res, 401, { missingKey: true });
  } else if (keys.openai.length > 0 && !keys.openai.includes(key)) {
    return openaiFail(res, 401, { key });
  }

  if (req.method === 'GET' && path === '/v1/models')
    return sendJson(res, 200, openaiHeaders(), { object: 'list', data: models.openai });
  if (req.method !== 'POST' || path !== '/v1/chat/completions')
    return openaiFail(res, 404, { message: `Invalid URL (${req.method} ${path})`, code: null });

  const body = ctx.body;
  if (!body || typeof body !== 'object')
    return openaiFail(res, 400, { message: 'We could not parse the JSON body of your request.' });
  if (typeof body.model !== 'string')
    return openaiFail(res, 400, {
      message: "Missing required parameter: 'model'.",
      param: 'model',
      code: 'missing_required_parameter',
    });
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    return openaiFail(res, 400, {
      message: "Missing required parameter: 'messages'.",
      param: 'messages',
      code: 'missing_required_parameter',
    });
  if (options.rejectStreamOptions && body.stream_options !== undefined) {
    return openaiFail(res, 400, {
      message: 'Unrecognized request argument supplied: stream_options',
      param: null,
      code: null,
    });
  }
  if (/^o\d/.test(body.model) && body.max_tokens !== undefined) {
    return openaiFail(res, 400, {
      message:
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      param: 'max_tokens',
      code: 'unsupported_parameter',
    });
  }
  if (options.strictModels && !models.openai.some((m) => m.id === body.model))
    return openaiFail(res, 404, { model: body.model });

  const toolProblem = toolRequestProblem(body, 'openai');
  if (toolProblem) return openaiFail(res, 400, { message: toolProblem, param: 'messages', code: null });
  const p = plan(ctx, 'openai', body.model);
  if (p.error) return openaiFail(res, p.error, { model: body.model }, p.retryAfter);
  if (p.mode === 'die-before-text') return dieBeforeFirstByte(ctx);
  if (body.stream !== true)
    return openaiFail(res, 400, { message: 'the fake provider only streams: set "stream": true' });
  res.writeHead(200, sseHeaders(openaiHeaders()));
  const usage = body.stream_options?.include_usage === true;
  await writeStream(
    ctx,
    p,
    p.big
      ? cachedWire(`o:${body.model}:${usage}:${!!p.tools}`, () => openaiStream(p, body.model, usage))
      : openaiStream(p, body.model, usage),
  );
}
