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
import { pathToFileURL } from 'node:url';
import { handleAnthropic, handleOpenAI, notFound } from './providerRoutes.mjs';

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
