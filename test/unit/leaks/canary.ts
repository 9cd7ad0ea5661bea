// Canaries and capture points for the leak tests. A canary is a distinctive secret value: if it
// turns up anywhere it should not (an error, a log line, a stored record, a file, a request
// body), the test names the place. Every test also proves the canary was really used on the wire,
// so "not found" cannot come from a canary that never entered the system.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { expect } from 'vitest';
import type { KeyValueStore, Logger } from '../../../src/core/ports';

export interface Canary {
  /** The full secret value. */
  value: string;
  /** Its random part: found alone (or half of it), it means a partial echo (a masked or cut key). */
  tail: string;
}

/** `prefix` + 24 random hex characters; the prefix decides whether it looks like a known key shape. */
export function canary(prefix: string): Canary {
  const tail = randomBytes(12).toString('hex');
  return { value: `${prefix}${tail}`, tail };
}

/** GitHub classic token shape: ghp_ + 36 alphanumerics. */
export function githubTokenCanary(): Canary {
  const tail = randomBytes(18).toString('hex');
  return { value: `ghp_${tail}`, tail };
}

/** Everything an object holds, as a log line or a crash report would print it (own, hidden and cause chains included). */
export function dump(x: unknown): string {
  if (typeof x === 'string') return x;
  return inspect(x, {
    depth: 12,
    showHidden: true,
    maxArrayLength: Infinity,
    maxStringLength: Infinity,
    breakLength: Infinity,
  });
}

/** Fails with the place and a short excerpt when any canary (or its random part) is in `text`. */
export function expectNoCanary(text: string, canaries: readonly Canary[], where: string): void {
  for (const c of canaries) {
    // Halves of the random part catch a key cut short (a quote clipped at N characters) or masked.
    for (const needle of [c.value, c.tail, c.tail.slice(0, 12), c.tail.slice(-12)]) {
      const i = text.indexOf(needle);
      if (i >= 0) {
        const excerpt = text.slice(Math.max(0, i - 80), i + needle.length + 40).replace(/\s+/g, ' ');
        expect.fail(`secret ${c.value.slice(0, 12)}… found in ${where}: "…${excerpt}…"`);
      }
    }
  }
}

/** A Logger that keeps every line, with its arguments printed the way a thorough log would. */
export interface CapturedLogger extends Logger {
  lines: string[];
  text(): string;
}

export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  const rec =
    (level: string) =>
    (m: unknown, ...args: unknown[]) => {
      lines.push(`${level} ${dump(m)}${args.length ? ` ${args.map(dump).join(' ')}` : ''}`);
    };
  return {
    lines,
    text: () => lines.join('\n'),
    trace: rec('trace'),
    debug: rec('debug'),
    info: rec('info'),
    warn: rec('warn'),
    error: rec('error'),
  };
}

/** A globalState stand-in that keeps what was written as JSON (what VS Code would persist). */
export class CapturedKv implements KeyValueStore {
  readonly map = new Map<string, unknown>();
  /** Every value ever written, also those overwritten later. */
  readonly writes: string[] = [];
  get(key: string): unknown {
    return this.map.get(key);
  }
  async update(key: string, value: unknown): Promise<void> {
    const json = value === undefined ? undefined : JSON.stringify(value);
    this.writes.push(`${key}=${json ?? 'undefined'}`);
    if (json === undefined) this.map.delete(key);
    else this.map.set(key, JSON.parse(json));
  }
  text(): string {
    return this.writes.join('\n');
  }
}

/** The key a provider request carried (Anthropic x-api-key, or a Bearer token). */
export function keyOfHeaders(headers: Record<string, string | string[] | undefined>): string | undefined {
  const x = headers['x-api-key'];
  if (typeof x === 'string') return x;
  const auth = headers.authorization;
  return typeof auth === 'string' ? auth.replace(/^(Bearer|token)\s+/i, '') : undefined;
}

export interface EchoRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface EchoReply {
  status: number;
  contentType: string;
  body: string;
}

/**
 * A server that misbehaves the way careless ones do: it puts the key it received into its reply
 * (an error JSON, an HTML page, an SSE event). `reply` gets the key the request carried.
 */
export async function startEchoServer(
  reply: (key: string, req: EchoRequest) => EchoReply,
): Promise<{ url: string; requests: EchoRequest[]; close(): Promise<void> }> {
  const requests: EchoRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: EchoRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(rec);
      const r = reply(keyOfHeaders(req.headers) ?? '', rec);
      res.writeHead(r.status, { 'content-type': r.contentType });
      res.end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
