// Test helpers: a scriptable raw HTTP server on 127.0.0.1 (for byte-level wire behaviour the
// fake provider does not produce) and a runtime wired to real fetch with recorded retry sleeps.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../../../src/core/ports';
import { ProviderError } from '../../../src/core/providers/errors';
import { createProviderRuntime, secretKeyFor, type ProviderRuntime } from '../../../src/core/providers/registry';
import { DEFAULT_PROVIDER_SETTINGS, type ProviderSettings, type StreamEvent } from '../../../src/core/providers/types';

export interface RawStep {
  /** Bytes to write (strings are UTF-8). */
  write?: string | Buffer;
  /** Pause before the next step. */
  wait?: number;
}

export interface RawScript {
  status?: number;
  headers?: Record<string, string>;
  /** Delay before the status line and headers are sent. */
  headersDelayMs?: number;
  steps: RawStep[];
  /** How the response ends: cleanly, by destroying the socket, or never. */
  end?: 'end' | 'destroy' | 'hang';
}

export interface RawRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  closedEarly: boolean;
  endedAt?: number;
}

export interface RawServer {
  url: string;
  requests: RawRequest[];
  /** Resolves when the n-th request's connection closed. */
  closed(n?: number, timeoutMs?: number): Promise<RawRequest>;
  close(): Promise<void>;
}

/** Serves `script(request, n)` for the n-th request (0-based). */
export async function rawServer(script: (req: RawRequest, n: number) => RawScript): Promise<RawServer> {
  const requests: RawRequest[] = [];
  const waiters = new Set<() => void>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: RawRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        closedEarly: false,
      };
      const n = requests.length;
      requests.push(rec);
      let destroyedByUs = false;
      res.on('close', () => {
        rec.endedAt = Date.now();
        rec.closedEarly = !res.writableEnded && !destroyedByUs;
        for (const w of [...waiters]) w();
      });
      const s = script(rec, n);
      void (async () => {
        if (s.headersDelayMs) await sleep(s.headersDelayMs);
        if (res.destroyed) return;
        res.writeHead(s.status ?? 200, { 'content-type': 'text/event-stream; charset=utf-8', ...s.headers });
        res.flushHeaders();
        for (const step of s.steps) {
          if (res.destroyed) return;
          if (step.write !== undefined) res.write(step.write);
          if (step.wait) await sleep(step.wait);
        }
        if (res.destroyed) return;
        if (s.end === 'destroy') {
          await sleep(10);
          destroyedByUs = true;
          res.socket?.destroy();
        } else if (s.end !== 'hang') {
          res.end();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    closed(n = 0, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const r = requests[n];
          if (r?.endedAt !== undefined) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(r);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`request ${n} did not close within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Splits a string's UTF-8 bytes into chunks of `size` bytes (cutting through characters). */
export function byteChunks(text: string, size: number): Buffer[] {
  const b = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return out;
}

export interface TestRuntime {
  runtime: ProviderRuntime;
  sleeps: number[];
  secrets: Map<string, string>;
  settings: ProviderSettings;
  logs: string[];
}

export function makeRuntime(
  opts: {
    anthropicBaseUrl?: string;
    openaiBaseUrl?: string;
    idleTimeoutMs?: number;
    secrets?: Record<string, string>;
    env?: Record<string, string>;
  } = {},
): TestRuntime {
  const secrets = new Map(Object.entries(opts.secrets ?? {}));
  const sleeps: number[] = [];
  const logs: string[] = [];
  const settings: ProviderSettings = {
    anthropicBaseUrl: opts.anthropicBaseUrl ?? DEFAULT_PROVIDER_SETTINGS.anthropicBaseUrl,
    openaiBaseUrl: opts.openaiBaseUrl ?? DEFAULT_PROVIDER_SETTINGS.openaiBaseUrl,
    idleTimeoutMs: opts.idleTimeoutMs ?? 5000,
  };
  const record =
    (level: string) =>
    (m: unknown, ...rest: unknown[]) =>
      logs.push(`${level} ${String(m)} ${rest.map(String).join(' ')}`);
  const logger: Logger = {
    ...silentLogger,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  const runtime = createProviderRuntime({
    secrets: {
      get: async (k) => secrets.get(k),
      store: async (k, v) => void secrets.set(k, v),
      delete: async (k) => void secrets.delete(k),
    },
    env: opts.env ?? {},
    fetch: (input, init) => fetch(input, init),
    logger,
    settings: () => settings,
    retry: {
      // Retries are counted and their delays recorded, not waited for.
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
    },
  });
  return { runtime, sleeps, secrets, settings, logs };
}

export interface Collected {
  events: StreamEvent[];
  text: string;
  thinking: string;
  error?: ProviderError;
}

/** Consumes a stream fully; a ProviderError is returned with whatever came before it. */
/** A runtime whose two built-in endpoints point at `fake`, each with its (fake) key stored. */
export function keyedRuntime(fake: { anthropicBaseUrl: string; openaiBaseUrl: string }): ProviderRuntime {
  return makeRuntime({
    anthropicBaseUrl: fake.anthropicBaseUrl,
    openaiBaseUrl: fake.openaiBaseUrl,
    secrets: { [secretKeyFor('anthropic')]: ANTHROPIC_KEY, [secretKeyFor('openai')]: OPENAI_KEY },
  }).runtime;
}

export async function collect(
  stream: AsyncIterable<StreamEvent>,
  onEvent?: (e: StreamEvent, i: number) => void,
): Promise<Collected> {
  const events: StreamEvent[] = [];
  let error: ProviderError | undefined;
  try {
    for await (const e of stream) {
      events.push(e);
      onEvent?.(e, events.length - 1);
    }
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    error = e;
  }
  const text = events.map((e) => (e.type === 'text' ? e.text : '')).join('');
  const thinking = events.map((e) => (e.type === 'thinking' ? e.text : '')).join('');
  return { events, text, thinking, error };
}

export const ANTHROPIC_KEY = 'sk-ant-test-valid-0123456789';
export const OPENAI_KEY = 'sk-test-valid-0123456789abcdef';

/** Anthropic SSE for a list of text deltas, as the API frames it. */
export function anthropicSse(deltas: string[], opts: { eol?: string; stop?: boolean } = {}): string {
  const eol = opts.eol ?? '\n';
  const ev = (name: string, data: unknown) => `event: ${name}${eol}data: ${JSON.stringify(data)}${eol}${eol}`;
  let s = ev('message_start', {
    type: 'message_start',
    message: {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      content: [],
      model: 'm',
      usage: { input_tokens: 10, output_tokens: 1 },
    },
  });
  s += ev('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
  for (const t of deltas)
    s += ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t } });
  s += ev('content_block_stop', { type: 'content_block_stop', index: 0 });
  if (opts.stop !== false) {
    s += ev('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 7 },
    });
    s += ev('message_stop', { type: 'message_stop' });
  }
  return s;
}

/** OpenAI SSE for a list of text deltas. */
export function openaiSse(deltas: string[], opts: { eol?: string; finish?: boolean; done?: boolean } = {}): string {
  const eol = opts.eol ?? '\n';
  const chunk = (delta: unknown, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}${eol}${eol}`;
  let s = chunk({ role: 'assistant', content: '' });
  for (const t of deltas) s += chunk({ content: t });
  if (opts.finish !== false) s += chunk({}, 'stop');
  if (opts.done !== false) s += `data: [DONE]${eol}${eol}`;
  return s;
}

/**
 * Streams a `[stall]` request until the idle watchdog fires mid-stream: a busy machine may delay
 * the fake's first bytes past a short timeout, which ends the call before the stream has started
 * (that is not the stall being tested), so the timeout doubles until the text arrived first.
 * Returns the collected stream and the timeout that caught the stall.
 */
export async function collectStall(
  stream: (idleTimeoutMs: number) => AsyncIterable<StreamEvent>,
  from = 200,
): Promise<Collected & { idleTimeoutMs: number }> {
  for (let ms = from; ; ms *= 2) {
    const r = await collect(stream(ms));
    if (r.text.length > 0 || ms >= 60_000) return { ...r, idleTimeoutMs: ms };
  }
}
