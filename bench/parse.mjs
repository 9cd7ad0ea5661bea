// Stream-parse throughput: our Anthropic and OpenAI clients against the official SDKs and two
// floors (reading the bytes; splitting lines + JSON.parse per event), on the same ~200 KB
// streamed answer and on a tool call with ~200 KB of arguments (10–40 characters a delta, both
// wire formats) from the fake provider server in its own process. Not a test: it prints medians
// and ratios.
//
//   node bench/parse.mjs [--iterations 15] [--warmup 3] [--json out.json] [--inproc] [--src other-checkout]
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { bigAnswer, bigToolCall } from '../test/fakes/providerContent.mjs';
import { DEFAULT_KEYS, startProviderServer } from '../test/fakes/providerServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const ITER = Number(arg('iterations', 15));
const WARMUP = Number(arg('warmup', 3));
const JSON_OUT = arg('json', undefined);
// Another checkout's runtime (a before/after comparison in one run of the same script).
const SRC = path.resolve(arg('src', root));

/** Bundles the provider runtime the way the extension ships it (minified, one file). */
async function loadRuntime(dir) {
  const outfile = path.join(dir, 'runtime.mjs');
  await build({
    entryPoints: [path.join(SRC, 'src/core/providers/registry.ts')],
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
  const child = spawn(process.execPath, [path.join(root, 'test/fakes/providerServer.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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
    const settings = {
      anthropicBaseUrl: server.anthropicBaseUrl,
      openaiBaseUrl: server.openaiBaseUrl,
      idleTimeoutMs: 30_000,
    };
    const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
    const runtime = createProviderRuntime({
      secrets: {
        get: async (k) => (k.endsWith('anthropic') ? DEFAULT_KEYS.anthropic : DEFAULT_KEYS.openai),
        store: async () => {},
        delete: async () => {},
      },
      env: {},
      fetch: (u, i) => fetch(u, i),
      logger: silent,
      settings: () => settings,
    });
    const anthropic = new Anthropic({
      apiKey: DEFAULT_KEYS.anthropic,
      baseURL: server.anthropicBaseUrl,
      maxRetries: 0,
    });
    const openai = new OpenAI({ apiKey: DEFAULT_KEYS.openai, baseURL: server.openaiBaseUrl, maxRetries: 0 });
    const text = { messages: [{ role: 'user', content: '[big] benchmark' }], expected: bigAnswer() };
    const tool = { messages: [{ role: 'user', content: '[bigtool] benchmark' }], expected: bigToolCall().input };
    const tools = [
      {
        name: 'write_file',
        description: 'Writes a file.',
        input_schema: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } } },
      },
    ];
    const openaiTools = tools.map((t) => ({
      type: 'function',
      function: { name: t.name, description: t.description, parameters: t.input_schema },
    }));
    const oursTools = tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.input_schema }));
    const anthropicRaw = (messages) => ({
      url: `${server.anthropicBaseUrl}/v1/messages`,
      init: {
        method: 'POST',
        headers: {
          'x-api-key': DEFAULT_KEYS.anthropic,
          'anthropic-version': '2023-06-01',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 64000, stream: true, messages }),
      },
    });
    const openaiRaw = (messages) => ({
      url: `${server.openaiBaseUrl}/chat/completions`,
      init: {
        method: 'POST',
        headers: { authorization: `Bearer ${DEFAULT_KEYS.openai}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', stream: true, stream_options: { include_usage: true }, messages }),
      },
    });
    /** The floor: the same request, bytes read and dropped (server time + transfer). */
    const bytesOnly = (raw) => async () => {
      const { url, init } = raw;
      const res = await fetch(url, init);
      for await (const _chunk of res.body);
      return null;
    };
    /**
     * The parse floor: split the decoded stream into lines, JSON.parse every `data:` line and pick
     * the piece out. No SSE framing rules, no validation, no error handling: the least any client
     * must do.
     */
    const splitParse = (raw, pick) => async () => {
      const { url, init } = raw;
      const res = await fetch(url, init);
      const decoder = new TextDecoder();
      const parts = [];
      let rest = '';
      for await (const chunk of res.body) {
        const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
        rest = lines.pop();
        for (const line of lines) {
          if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
          const piece = pick(JSON.parse(line.slice(6)));
          if (piece) parts.push(piece);
        }
      }
      return parts;
    };
    const anthropicText = (e) =>
      e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? e.delta.text : undefined;
    const anthropicArgs = (e) =>
      e.type === 'content_block_delta' && e.delta.type === 'input_json_delta' ? e.delta.partial_json : undefined;
    const openaiText = (c) => c.choices?.[0]?.delta?.content || undefined;
    const openaiArgs = (c) => c.choices?.[0]?.delta?.tool_calls?.[0]?.function?.arguments || undefined;
    const ours = (provider, kind) => async () => {
      const parts = [];
      const req = {
        model: provider === 'anthropic' ? 'claude-haiku-4-5' : 'gpt-4o',
        messages: kind === 'text' ? text.messages : tool.messages,
        maxTokens: provider === 'anthropic' ? 64000 : undefined,
      };
      if (kind === 'tool') req.tools = oursTools;
      let finished;
      for await (const e of runtime.get(provider).stream(req)) {
        if (kind === 'text' && e.type === 'text') parts.push(e.text);
        else if (kind === 'tool' && e.type === 'tool_call') parts.push(e.argumentsDelta);
        else if (e.type === 'tool_call_end') finished = e;
      }
      if (kind === 'tool' && !finished?.arguments)
        throw new Error(`${provider}: the tool call did not finish with arguments`);
      return parts;
    };

    // Every runner of a group collects the same thing (text or argument fragments) the same way.
    const groups = {
      'text, anthropic wire': {
        expected: text.expected,
        runners: {
          'floor: fetch + read bytes': bytesOnly(anthropicRaw(text.messages)),
          'floor: split lines + JSON.parse': splitParse(anthropicRaw(text.messages), anthropicText),
          ours: ours('anthropic', 'text'),
          'sdk messages.create({stream:true})': async () => {
            const parts = [];
            const stream = await anthropic.messages.create({
              model: 'claude-haiku-4-5',
              max_tokens: 64000,
              messages: text.messages,
              stream: true,
            });
            for await (const e of stream)
              if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') parts.push(e.delta.text);
            return parts;
          },
          'sdk messages.stream()': async () => {
            const parts = [];
            const stream = anthropic.messages.stream({
              model: 'claude-haiku-4-5',
              max_tokens: 64000,
              messages: text.messages,
            });
            for await (const e of stream)
              if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') parts.push(e.delta.text);
            return parts;
          },
        },
      },
      'text, openai wire': {
        expected: text.expected,
        runners: {
          'floor: fetch + read bytes': bytesOnly(openaiRaw(text.messages)),
          'floor: split lines + JSON.parse': splitParse(openaiRaw(text.messages), openaiText),
          ours: ours('openai', 'text'),
          'sdk chat.completions.create({stream:true})': async () => {
            const parts = [];
            const stream = await openai.chat.completions.create({
              model: 'gpt-4o',
              messages: text.messages,
              stream: true,
              stream_options: { include_usage: true },
            });
            for await (const c of stream) {
              const t = c.choices[0]?.delta?.content;
              if (t) parts.push(t);
            }
            return parts;
          },
        },
      },
      'tool call, anthropic wire': {
        expected: tool.expected,
        runners: {
          'floor: fetch + read bytes': bytesOnly(anthropicRaw(tool.messages)),
          'floor: split lines + JSON.parse': splitParse(anthropicRaw(tool.messages), anthropicArgs),
          ours: ours('anthropic', 'tool'),
          'sdk messages.create({stream:true})': async () => {
            const parts = [];
            const stream = await anthropic.messages.create({
              model: 'claude-haiku-4-5',
              max_tokens: 64000,
              messages: tool.messages,
              tools,
              stream: true,
            });
            for await (const e of stream)
              if (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta')
                parts.push(e.delta.partial_json);
            JSON.parse(parts.join(''));
            return parts;
          },
        },
      },
      'tool call, openai wire': {
        expected: tool.expected,
        runners: {
          'floor: fetch + read bytes': bytesOnly(openaiRaw(tool.messages)),
          'floor: split lines + JSON.parse': splitParse(openaiRaw(tool.messages), openaiArgs),
          ours: ours('openai', 'tool'),
          'sdk chat.completions.create({stream:true})': async () => {
            const parts = [];
            const stream = await openai.chat.completions.create({
              model: 'gpt-4o',
              messages: tool.messages,
              tools: openaiTools,
              stream: true,
              stream_options: { include_usage: true },
            });
            for await (const c of stream) {
              const a = c.choices[0]?.delta?.tool_calls?.[0]?.function?.arguments;
              if (a) parts.push(a);
            }
            JSON.parse(parts.join(''));
            return parts;
          },
        },
      },
    };

    const all = Object.entries(groups).flatMap(([g, { expected, runners }]) =>
      Object.entries(runners).map(([n, run]) => ({ name: `${g} · ${n}`, group: g, client: n, expected, run })),
    );
    const times = Object.fromEntries(all.map((r) => [r.name, []]));
    const events = {};
    for (let round = 0; round < WARMUP + ITER; round++) {
      // Rotate the order so no client always runs right after the same other one.
      for (let i = 0; i < all.length; i++) {
        const r = all[(i + round) % all.length];
        const t0 = performance.now();
        const parts = await r.run();
        const ms = performance.now() - t0;
        if (parts && parts.join('') !== r.expected)
          throw new Error(`${r.name}: wrong output (${parts.join('').length} chars, expected ${r.expected.length})`);
        events[r.name] = parts ? parts.length : 1;
        if (round >= WARMUP) times[r.name].push(ms);
      }
    }

    const round1 = (x) => Math.round(x * 10) / 10;
    const round2 = (x) => Math.round(x * 100) / 100;
    const rows = all.map((r) => {
      const med = median(times[r.name]);
      const kb = Buffer.byteLength(r.expected) / 1024;
      return {
        group: r.group,
        client: r.client,
        medianMs: round1(med),
        minMs: round1(Math.min(...times[r.name])),
        MBps: round1(kb / 1024 / (med / 1000)),
        events: events[r.name],
      };
    });
    const med = (g, c) => rows.find((r) => r.group === g && r.client === c).medianMs;
    const ratios = {};
    for (const [g, { runners }] of Object.entries(groups)) {
      const o = med(g, 'ours');
      const bytes = med(g, 'floor: fetch + read bytes');
      const floor = med(g, 'floor: split lines + JSON.parse');
      for (const sdk of Object.keys(runners).filter((n) => n.startsWith('sdk'))) {
        ratios[`${g}: ours vs ${sdk}`] = {
          endToEnd: round2(med(g, sdk) / o),
          aboveBytes: o > bytes ? round2((med(g, sdk) - bytes) / (o - bytes)) : null,
        };
      }
      // Below 1 means slower than the floor; above 1, faster (joining deltas per read saves work).
      ratios[`${g}: ours vs floor (split lines + JSON.parse)`] = {
        endToEnd: round2(floor / o),
        aboveBytes: o > bytes ? round2((floor - bytes) / (o - bytes)) : null,
      };
    }

    console.log(
      `Stream parse: ${Math.round(Buffer.byteLength(text.expected) / 1024)} KB answer / ${Math.round(Buffer.byteLength(tool.expected) / 1024)} KB tool arguments, ${ITER} runs after ${WARMUP} warm-up, server in ${process.argv.includes('--inproc') ? 'process' : 'a child process'}, Node ${process.version}`,
    );
    const w = Math.max(...rows.map((r) => r.client.length));
    for (const g of Object.keys(groups)) {
      console.log(`\n${g}`);
      console.log(
        `  ${'client'.padEnd(w)}  ${'median ms'.padStart(9)}  ${'min ms'.padStart(7)}  ${'MB/s'.padStart(6)}  ${'events'.padStart(6)}`,
      );
      for (const r of rows.filter((x) => x.group === g))
        console.log(
          `  ${r.client.padEnd(w)}  ${r.medianMs.toFixed(1).padStart(9)}  ${r.minMs.toFixed(1).padStart(7)}  ${r.MBps.toFixed(1).padStart(6)}  ${String(r.events).padStart(6)}`,
        );
    }
    console.log('');
    // Client time above reading the bytes means little when the bytes floor is as slow as a client.
    const above = (x) => (x > 0 && Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');
    for (const [k, v] of Object.entries(ratios))
      console.log(
        `${k}: ${v.endToEnd.toFixed(2)}× end to end; ${above(v.aboveBytes)} on client time above reading the bytes`,
      );
    console.log(
      '\nTarget: ours ≥ 2× every SDK end to end. Our clients join the deltas that arrive in one network read into one event (same text, fewer events).',
    );
    if (JSON_OUT) {
      await writeFile(
        JSON_OUT,
        `${JSON.stringify({ node: process.version, iterations: ITER, warmup: WARMUP, rows, ratios }, null, 2)}\n`,
      );
      console.log(`\nwrote ${JSON_OUT}`);
    }
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
