// A fake Anthropic + OpenAI server on 127.0.0.1 speaking the real wire formats (SSE framing,
// error JSON, headers). What it answers is steered by directives in the last user message, so
// UI tests can drive it by what a user types: [slow] [stall] [error:NNN] [error:NNN:K]
// [retry-after:S] (on an [error:…] reply) [midstream-error] [cut] [cut-before-text] [die]
// [die-before-text] [big] [thinking] [tool] [max_tokens], tool calls [tools]
// [tool-noindex] [tool-noid] [tool-repeat] [tool-badjson] [bigtool] (see providerTools.mjs),
// [refusal]. A turn of tool results is answered with a line per result. Besides /anthropic and
// /openai it serves /ollama/v1: a second OpenAI-compatible endpoint that takes no key.
//
//   import { startProviderServer } from './test/fakes/providerServer.mjs';
//   node test/fakes/providerServer.mjs [--port N] [--log]
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import {
  bigAnswer,
  bigDeltas,
  echoAnswer,
  parseDirectives,
  REFUSAL_TEXT,
  slowTail,
  splitDeltas,
  THINKING_TEXT,
  tokens,
} from './providerContent.mjs';
import { lastToolResults, toolPlan, toolRequestProblem, toolResultsAnswer } from './providerTools.mjs';
import { anthropicError, openaiError, anthropicStream, openaiStream } from './providerWire.mjs';

export const DEFAULT_KEYS = { anthropic: 'sk-ant-test-valid-0123456789', openai: 'sk-test-valid-0123456789abcdef' };

export const DEFAULT_MODELS = {
  anthropic: [
    { type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' },
    { type: 'model', id: 'claude-opus-4-1', display_name: 'Claude Opus 4.1', created_at: '2025-08-05T00:00:00Z' },
    { type: 'model', id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5', created_at: '2025-10-15T00:00:00Z' },
  ],
  openai: [
    { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' },
    { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' },
    { id: 'o3-mini', object: 'model', created: 1737146383, owned_by: 'system' },
  ],
  // A local server in the shape Ollama's OpenAI-compatible API lists its models.
  ollama: [
    { id: 'llama3.2:3b', object: 'model', created: 1727654400, owned_by: 'library' },
    { id: 'qwen2.5-coder:7b', object: 'model', created: 1731369600, owned_by: 'library' },
  ],
};

/**
 * @typedef {{ method: string, path: string, provider: 'anthropic' | 'openai' | 'other', headers: Record<string, string | string[] | undefined>, body: any, closedEarly: boolean, serverDestroyed: boolean, status?: number, startedAt: number, endedAt?: number }} RecordedRequest
 * @typedef {{
 *   port?: number,
 *   keys?: { anthropic?: string[], openai?: string[] },
 *   allowNoKey?: boolean,
 *   models?: { anthropic?: object[], openai?: object[] },
 *   anthropicPageSize?: number,
 *   deltaDelayMs?: number,
 *   slowDelayMs?: number,
 *   strictModels?: boolean,
 *   rejectStreamOptions?: boolean,
 *   log?: boolean,
 * }} ProviderServerOptions
 *
 * keys: extra valid keys (the defaults stay valid). allowNoKey: the OpenAI side accepts requests
 * without a key (like Ollama); when keys.openai is [] it accepts any key too.
 * anthropicPageSize: default `limit` of Anthropic /v1/models (2, so pagination is exercised).
 * deltaDelayMs: pause between writes of a normal answer (5). slowDelayMs: for [slow] (150).
 * strictModels: unknown model ids get the provider's 404. rejectStreamOptions: the OpenAI side
 * answers 400 to `stream_options` like some compatible servers do.
 */

/** @param {ProviderServerOptions} [options] */
export async function startProviderServer(options = {}) {
  const keys = {
    anthropic: [DEFAULT_KEYS.anthropic, ...(options.keys?.anthropic ?? [])],
    openai:
      options.keys?.openai && options.keys.openai.length === 0 && options.allowNoKey
        ? []
        : [DEFAULT_KEYS.openai, ...(options.keys?.openai ?? [])],
  };
  const models = {
    anthropic: options.models?.anthropic ?? DEFAULT_MODELS.anthropic,
    openai: options.models?.openai ?? DEFAULT_MODELS.openai,
    ollama: options.models?.ollama ?? DEFAULT_MODELS.ollama,
  };
  const cfg = {
    pageSize: options.anthropicPageSize ?? 2,
    deltaDelayMs: options.deltaDelayMs ?? 5,
    slowDelayMs: options.slowDelayMs ?? 150,
  };
  /** @type {RecordedRequest[]} */
  const requests = [];
  /** @type {Set<() => void>} */
  const watchers = new Set();
  const notify = () => {
    for (const w of [...watchers]) w();
  };
  /** Failures served so far per `[error:NNN:K]` prompt, so the K+1th attempt succeeds. */
  const errorCounts = new Map();
  let defaultReply = /** @type {string | undefined} */ (undefined);

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        /* kept as text */
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const provider = url.pathname.startsWith('/anthropic/')
        ? 'anthropic'
        : url.pathname.startsWith('/openai/')
          ? 'openai'
          : url.pathname.startsWith('/ollama/')
            ? 'ollama'
            : 'other';
      /** @type {RecordedRequest} */
      const rec = {
        method: req.method ?? 'GET',
        path: url.pathname + url.search,
        provider,
        headers: req.headers,
        body,
        closedEarly: false,
        serverDestroyed: false,
        startedAt: Date.now(),
      };
      requests.push(rec);
      res.on('close', () => {
        rec.endedAt = Date.now();
        rec.closedEarly = !res.writableEnded && !rec.serverDestroyed;
        rec.status = res.statusCode;
        if (options.log)
          console.error(
            `[fake-provider] ${rec.method} ${rec.path} -> ${res.statusCode}${rec.closedEarly ? ' (client closed)' : ''}`,
          );
        notify();
      });
      notify();
      const ctx = {
        req,
        res,
        url,
        body,
        rec,
        keys,
        models,
        cfg,
        options,
        errorCounts,
        defaultReply: () => defaultReply,
      };
      const p =
        provider === 'anthropic'
          ? handleAnthropic(ctx)
          : provider === 'openai'
            ? handleOpenAI(ctx)
            : provider === 'ollama'
              ? // A second, keyless OpenAI-compatible server on the same port, like a local Ollama.
                handleOpenAI({
                  ...ctx,
                  prefix: '/ollama',
                  models: { ...ctx.models, openai: ctx.models.ollama },
                  keys: { ...ctx.keys, openai: [] },
                  options: { ...ctx.options, allowNoKey: true },
                })
              : notFound(res);
      Promise.resolve(p).catch((e) => {
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end(String(e));
        } else res.destroy();
      });
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined));
  });
  const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://127.0.0.1:${addr.port}`;

  /**
   * @param {(r: RecordedRequest) => boolean} pred
   * @param {(r: RecordedRequest) => boolean} done
   * @param {number} timeoutMs
   * @param {string} what
   * @returns {Promise<RecordedRequest>}
   */
  function waitFor(pred, done, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const r = requests.find((x) => pred(x) && done(x));
        if (r) {
          cleanup();
          resolve(r);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `fake provider: no request ${what} within ${timeoutMs} ms (saw: ${requests.map((r) => `${r.method} ${r.path}`).join(', ') || 'none'})`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        watchers.delete(check);
      };
      watchers.add(check);
      check();
    });
  }

  return {
    port: addr.port,
    url,
    anthropicBaseUrl: `${url}/anthropic`,
    openaiBaseUrl: `${url}/openai/v1`,
    ollamaBaseUrl: `${url}/ollama/v1`,
    keys: { anthropic: keys.anthropic[0], openai: DEFAULT_KEYS.openai },
    requests,
    /** Replaces the text of plain (directive-free) answers; undefined restores the echo answer. */
    setDefaultReply(/** @type {string | undefined} */ text) {
      defaultReply = text;
    },
    /** Resolves with the first request matching `pred` (already seen or still to come). */
    waitForRequest(/** @type {(r: RecordedRequest) => boolean} */ pred = () => true, timeoutMs = 5000) {
      return waitFor(pred, () => true, timeoutMs, 'matching');
    },
    /** Resolves when a matching request's connection has closed (see `closedEarly`). */
    waitForClose(/** @type {(r: RecordedRequest) => boolean} */ pred = () => true, timeoutMs = 5000) {
      return waitFor(pred, (r) => r.endedAt !== undefined, timeoutMs, 'closed');
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: 'not found: use /anthropic/v1/..., /openai/v1/... or /ollama/v1/...' }));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const reqId = (prefix) => `${prefix}${randomBytes(12).toString('hex')}`;

/** Text of the last user message (string content or text blocks/parts). */
function lastUserText(messages) {
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content))
      return m.content
        .filter((b) => b?.type === 'text')
        .map((b) => b.text)
        .join('\n');
  }
  return '';
}

/** Decides what the answer is and whether to fail first. */
function plan(ctx, provider, model) {
  const results = lastToolResults(ctx.body, provider);
  // After tool results the answer reports them; the directives of the first prompt are done.
  const text = results.length > 0 ? '' : lastUserText(ctx.body?.messages);
  const d = parseDirectives(text);
  let error;
  if (d.directives.has('error') && d.errorStatus) {
    if (d.errorTimes === undefined) error = d.errorStatus;
    else {
      const n = ctx.errorCounts.get(text) ?? 0;
      if (n < d.errorTimes) {
        ctx.errorCounts.set(text, n + 1);
        error = d.errorStatus;
      }
    }
  }
  const has = (x) => d.directives.has(x);
  let answer = has('big')
    ? bigAnswer()
    : d.directives.size === 0 && ctx.defaultReply() !== undefined
      ? ctx.defaultReply()
      : echoAnswer(d.prompt, provider, model);
  const tp = toolPlan(has);
  if (results.length > 0) answer = toolResultsAnswer(results);
  else if (has('refusal')) answer = REFUSAL_TEXT;
  else if (has('bigtool')) answer = 'Writing the file.';
  if (has('slow')) answer += slowTail();
  const deltas = has('big') && !has('slow') ? bigDeltas() : splitDeltas(answer, 8);
  return {
    error,
    retryAfter: d.retryAfter,
    deltas,
    inputTokens: tokens(JSON.stringify(ctx.body?.messages ?? '')),
    outputTokens: tokens(answer),
    thinking: has('thinking') ? splitDeltas(THINKING_TEXT, 12) : undefined,
    ...tp,
    refusal: has('refusal'),
    big: (has('big') || has('bigtool')) && d.directives.size === 1,
    stop: has('max_tokens') ? 'max_tokens' : tp.tools ? 'tool_use' : has('refusal') ? 'refusal' : 'end_turn',
    // How the stream ends or misbehaves.
    mode: has('stall')
      ? 'stall'
      : has('cut-before-text')
        ? 'cut-before-text'
        : has('die-before-text')
          ? 'die-before-text'
          : has('midstream-error')
            ? 'midstream-error'
            : has('cut')
              ? 'cut'
              : has('die')
                ? 'die'
                : 'normal',
    // [big] goes as fast as the socket takes it (it is the benchmark's answer); [slow] crawls.
    pacing: has('slow')
      ? { every: 1, ms: ctx.cfg.slowDelayMs }
      : has('big') || has('bigtool')
        ? { every: 64, ms: 0 }
        : { every: 1, ms: ctx.cfg.deltaDelayMs },
  };
}

/**
 * Writes SSE frames with the plan's pacing and misbehaviour. Stops as soon as the client is gone.
 * @param {any} ctx
 * @param {{ frames: string[], contentStart: number, terminalFrom: number, errorFrame: string }} wire
 */
async function writeStream(ctx, p, wire) {
  const { res, rec } = ctx;
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  const { frames, contentStart, terminalFrom } = wire;
  // Misbehaving modes stop a few content frames in.
  // With tool calls, [cut] ends the connection inside the first call's arguments.
  const stopAt =
    p.mode === 'normal'
      ? frames.length
      : p.mode === 'cut-before-text'
        ? contentStart
        : p.mode === 'cut' && wire.toolCutAt !== undefined
          ? wire.toolCutAt
          : Math.min(contentStart + 3, terminalFrom);
  let batch = '';
  for (let i = 0; i < stopAt && !closed; i++) {
    batch += frames[i];
    const pace = i >= contentStart && i < terminalFrom;
    if (!pace || (i - contentStart + 1) % p.pacing.every === 0 || i === stopAt - 1) {
      res.write(batch);
      batch = '';
      if (pace && i < stopAt - 1) {
        if (p.pacing.ms > 0) await sleep(p.pacing.ms);
        else await new Promise((r) => setImmediate(r));
      }
    }
  }
  if (closed) return;
  switch (p.mode) {
    case 'normal':
    case 'cut':
    case 'cut-before-text':
      res.end();
      return;
    case 'midstream-error':
      res.end(wire.errorFrame);
      return;
    case 'die':
      await sleep(20);
      rec.serverDestroyed = true;
      res.socket?.destroy();
      return;
    case 'stall':
      // Leave the connection open; the client's watchdog or Stop has to end it.
      return;
  }
}

/** A plain [big] answer is the benchmark's: encoding it once keeps server time out of the figures. */
const wireCache = new Map();
function cachedWire(key, make) {
  let w = wireCache.get(key);
  if (!w) {
    w = make();
    wireCache.set(key, w);
  }
  return w;
}

function sseHeaders(extra) {
  return {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...extra,
  };
}

function sendJson(res, status, headers, json) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(json));
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

/** The connection drops before the status line: the client sees a reset, not an HTTP answer. */
function dieBeforeFirstByte(ctx) {
  ctx.rec.serverDestroyed = true;
  ctx.res.socket?.destroy();
}

function anthropicFail(res, status, message, retryAfter) {
  const h = anthropicHeaders();
  const { body, headers } = anthropicError(status, h['request-id'], message);
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  sendJson(res, status, { ...h, ...headers }, body);
}

async function handleAnthropic(ctx) {
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

async function handleOpenAI(ctx) {
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

// ----- standalone -----

// No top-level await: the in-host suite bundles this file as CommonJS (where this block never runs).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 0;
  void startProviderServer({ port, log: process.argv.includes('--log') }).then((s) => {
    console.log(`anthropicBaseUrl=${s.anthropicBaseUrl} openaiBaseUrl=${s.openaiBaseUrl}`);
    console.log(`keys: anthropic=${DEFAULT_KEYS.anthropic} openai=${DEFAULT_KEYS.openai}`);
    const stop = () => {
      void s.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
