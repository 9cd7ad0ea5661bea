// Stream-parse throughput: our Anthropic and OpenAI clients against the official SDKs, on the
// same ~200 KB streamed answer (10–40 characters a delta, both wire formats) from the fake
// provider server running in its own process. Not a test: it prints medians and ratios.
//
//   node bench/parse.mjs [--iterations 15] [--warmup 3] [--json out.json] [--inproc]
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { bigAnswer } from '../test/fakes/providerContent.mjs';
import { DEFAULT_KEYS, startProviderServer } from '../test/fakes/providerServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const ITER = Number(arg('iterations', 15));
const WARMUP = Number(arg('warmup', 3));
const JSON_OUT = arg('json', undefined);

/** Bundles the provider runtime the way the extension ships it (minified, one file). */
async function loadRuntime(dir) {
  const outfile = path.join(dir, 'runtime.mjs');
  await build({
    entryPoints: [path.join(root, 'src/core/providers/registry.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    outfile,
    logLevel: 'silent',
  });
  return import(pathToFileURL(outfile).href);
}

/** The fake server in a child process, so serving does not share the client's event loop. */
async function startServer() {
  if (process.argv.includes('--inproc')) {
    const s = await startProviderServer();
    return { anthropicBaseUrl: s.anthropicBaseUrl, openaiBaseUrl: s.openaiBaseUrl, close: () => s.close() };
  }
  const child = spawn(process.execPath, [path.join(root, 'test/fakes/providerServer.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`fake server exited (${code})`)));
  });
  const m = /anthropicBaseUrl=(\S+) openaiBaseUrl=(\S+)/.exec(line);
  if (!m) throw new Error(`unexpected fake server output: ${line}`);
  return {
    anthropicBaseUrl: m[1],
    openaiBaseUrl: m[2],
    close: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kata-bench-'));
  const server = await startServer();
  try {
    const { createProviderRuntime } = await loadRuntime(dir);
    const settings = { anthropicBaseUrl: server.anthropicBaseUrl, openaiBaseUrl: server.openaiBaseUrl, idleTimeoutMs: 30_000 };
    const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
    const runtime = createProviderRuntime({
      secrets: { get: async (k) => (k.endsWith('anthropic') ? DEFAULT_KEYS.anthropic : DEFAULT_KEYS.openai), store: async () => {}, delete: async () => {} },
      env: {},
      fetch: (u, i) => fetch(u, i),
      logger: silent,
      settings: () => settings,
    });
    const anthropic = new Anthropic({ apiKey: DEFAULT_KEYS.anthropic, baseURL: server.anthropicBaseUrl, maxRetries: 0 });
    const openai = new OpenAI({ apiKey: DEFAULT_KEYS.openai, baseURL: server.openaiBaseUrl, maxRetries: 0 });
    const messages = [{ role: 'user', content: '[big] benchmark' }];
    const expected = bigAnswer();

    // Every runner collects the same thing (the text deltas) the same way.
    const runners = {
      // The floor: the same request, bytes read and dropped (server time + transfer).
      'floor: fetch + read bytes (anthropic wire)': async () => {
        const res = await fetch(`${server.anthropicBaseUrl}/v1/messages`, {
          method: 'POST',
          headers: { 'x-api-key': DEFAULT_KEYS.anthropic, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 64000, stream: true, messages }),
        });
        for await (const _chunk of res.body);
        return [expected];
      },
      'floor: fetch + read bytes (openai wire)': async () => {
        const res = await fetch(`${server.openaiBaseUrl}/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${DEFAULT_KEYS.openai}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-4o', stream: true, stream_options: { include_usage: true }, messages }),
        });
        for await (const _chunk of res.body);
        return [expected];
      },
      'anthropic ours': async () => {
        const parts = [];
        for await (const e of runtime.get('anthropic').stream({ model: 'claude-haiku-4-5', messages, maxTokens: 64000 })) if (e.type === 'text') parts.push(e.text);
        return parts;
      },
      'anthropic sdk messages.create({stream:true})': async () => {
        const parts = [];
        const stream = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64000, messages, stream: true });
        for await (const e of stream) if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') parts.push(e.delta.text);
        return parts;
      },
      'anthropic sdk messages.stream()': async () => {
        const parts = [];
        const stream = anthropic.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 64000, messages });
        for await (const e of stream) if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') parts.push(e.delta.text);
        return parts;
      },
      'openai ours': async () => {
        const parts = [];
        for await (const e of runtime.get('openai').stream({ model: 'gpt-4o', messages })) if (e.type === 'text') parts.push(e.text);
        return parts;
      },
      'openai sdk chat.completions.create({stream:true})': async () => {
        const parts = [];
        const stream = await openai.chat.completions.create({ model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } });
        for await (const c of stream) {
          const t = c.choices[0]?.delta?.content;
          if (t) parts.push(t);
        }
        return parts;
      },
    };

    const names = Object.keys(runners);
    const times = Object.fromEntries(names.map((n) => [n, []]));
    const deltas = {};
    for (let round = 0; round < WARMUP + ITER; round++) {
      // Rotate the order so no client always runs right after the same other one.
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (const name of order) {
        const t0 = performance.now();
        const parts = await runners[name]();
        const ms = performance.now() - t0;
        const text = parts.join('');
        if (text !== expected) throw new Error(`${name}: wrong text (${text.length} chars, expected ${expected.length})`);
        deltas[name] = parts.length;
        if (round >= WARMUP) times[name].push(ms);
      }
    }

    const kb = Buffer.byteLength(expected) / 1024;
    const rows = names.map((n) => {
      const med = median(times[n]);
      return { client: n, medianMs: Math.round(med * 10) / 10, minMs: Math.round(Math.min(...times[n]) * 10) / 10, answerMBps: Math.round((kb / 1024 / (med / 1000)) * 10) / 10, textEvents: deltas[n] };
    });
    const byName = Object.fromEntries(rows.map((r) => [r.client, r]));
    const ratio = (ours, sdk) => Math.round((byName[sdk].medianMs / byName[ours].medianMs) * 100) / 100;
    // Client-side cost: time above the floor of the same wire (server + transfer are shared).
    const above = (ours, sdk, floor) => Math.round(((byName[sdk].medianMs - byName[floor].medianMs) / Math.max(0.1, byName[ours].medianMs - byName[floor].medianMs)) * 100) / 100;
    const FA = 'floor: fetch + read bytes (anthropic wire)';
    const FO = 'floor: fetch + read bytes (openai wire)';
    const AS = 'anthropic sdk messages.create({stream:true})';
    const AM = 'anthropic sdk messages.stream()';
    const OS = 'openai sdk chat.completions.create({stream:true})';
    const ratios = {
      'anthropic ours ÷ sdk create(stream)': ratio('anthropic ours', AS),
      'anthropic ours ÷ sdk messages.stream()': ratio('anthropic ours', AM),
      'openai ours ÷ sdk create(stream)': ratio('openai ours', OS),
    };
    const clientSide = {
      'anthropic ours ÷ sdk create(stream)': above('anthropic ours', AS, FA),
      'anthropic ours ÷ sdk messages.stream()': above('anthropic ours', AM, FA),
      'openai ours ÷ sdk create(stream)': above('openai ours', OS, FO),
    };

    console.log(`Stream parse: ${kb.toFixed(0)} KB answer, ${ITER} runs after ${WARMUP} warm-up, server in ${process.argv.includes('--inproc') ? 'process' : 'a child process'}, Node ${process.version}`);
    console.log('');
    const w = Math.max(...names.map((n) => n.length));
    console.log(`${'client'.padEnd(w)}  ${'median ms'.padStart(9)}  ${'min ms'.padStart(7)}  ${'MB/s'.padStart(6)}  ${'text events'.padStart(11)}`);
    for (const r of rows) console.log(`${r.client.padEnd(w)}  ${r.medianMs.toFixed(1).padStart(9)}  ${r.minMs.toFixed(1).padStart(7)}  ${r.answerMBps.toFixed(1).padStart(6)}  ${String(r.textEvents).padStart(11)}`);
    console.log('');
    for (const [k, v] of Object.entries(ratios)) console.log(`throughput ratio ${k}: ${v.toFixed(2)}× end to end (target ≥ 1.5×); ${clientSide[k].toFixed(2)}× on client-side time above the floor`);
    console.log('\nOur clients join the text deltas that arrive in one network read into one event (same text, fewer events: see "text events").');
    if (JSON_OUT) {
      await writeFile(JSON_OUT, `${JSON.stringify({ node: process.version, iterations: ITER, warmup: WARMUP, answerKB: Math.round(kb), rows, ratios, clientSide }, null, 2)}\n`);
      console.log(`\nwrote ${JSON_OUT}`);
    }
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
