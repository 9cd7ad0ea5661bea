// The chat core with real keys in play: a conversation through good answers, every kind of
// failure, Stop, Retry and a wrong key, against the fake provider over real HTTP, with the
// transcripts in a real folder. Afterwards no key may be in the transcript files, the chat index
// (globalState), the log, the messages posted to the webview, the webview's init payload after a
// reload, or the Markdown export.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conversationToMarkdown } from '../../../src/core/chat/export';
import type { ModelRef } from '../../../src/core/chat/model';
import type { HostMessage } from '../../../src/core/chat/protocol';
import { ChatSession, type ChatSettings } from '../../../src/core/chat/session';
import { ChatStore } from '../../../src/core/chat/store';
import { createProviderRuntime } from '../../../src/core/providers/registry';
import { RecordStore } from '../../../src/core/state/record';
import { startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';
import { CapturedKv, canary, captureLogger, expectNoCanary, keyOfHeaders, type CapturedLogger } from './canary';
import { waitUntil } from '../support/waitUntil';

const A = canary('sk-ant-canary-');
const L = canary('local-llm-key-canary-');
const WRONG_L = canary('local-llm-wrong-canary-');
const ALL = [A, L, WRONG_L];

const anthropic: ModelRef = { providerId: 'anthropic', modelId: 'claude-sonnet-4-5' };
const openai: ModelRef = { providerId: 'openai', modelId: 'gpt-4o' };
const settings: ChatSettings = {
  systemPrompt: 'Be brief.',
  maxOutputTokens: 256,
  temperature: 0.3,
  contextTokenLimit: 100_000,
};

let fake: ProviderServer;
let dir: string;
let kv: CapturedKv;
let log: CapturedLogger;
let posted: HostMessage[];
let seq = 0;

beforeAll(async () => {
  fake = await startProviderServer({
    keys: { anthropic: [A.value], openai: [L.value] },
    deltaDelayMs: 1,
    slowDelayMs: 30,
  });
});
afterAll(() => fake.close());
beforeEach(async () => {
  dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'kata-leaks-chat-')), 'chats');
  kv = new CapturedKv();
  log = captureLogger();
  posted = [];
});
afterEach(async () => {
  await fs.rm(path.dirname(dir), { recursive: true, force: true });
});

// Read per request: short only while a [stall] answer runs (its stream never resumes), so a busy
// machine's scheduling delay never passes for a stall on a live stream.
let idleTimeoutMs = 30_000;
function runtime(secrets: Record<string, string>) {
  const map = new Map(Object.entries(secrets));
  return createProviderRuntime({
    secrets: {
      get: async (k) => map.get(k),
      store: async (k, v) => void map.set(k, v),
      delete: async (k) => void map.delete(k),
    },
    env: {},
    fetch: (input, init) => fetch(input, init),
    logger: log,
    settings: () => ({ anthropicBaseUrl: fake.anthropicBaseUrl, openaiBaseUrl: fake.openaiBaseUrl, idleTimeoutMs }),
    retry: { sleep: async () => undefined, random: () => 0.5 },
  });
}

function store() {
  return new ChatStore(fs, dir, new RecordStore(kv, log), log);
}

async function session(id: string, secrets: Record<string, string>) {
  const rt = runtime(secrets);
  const s = store();
  return new ChatSession(
    {
      id,
      store: s,
      provider: (p) => rt.get(p),
      settings: () => settings,
      log,
      clock: { now: () => Date.now() },
      newId: () => `e${++seq}`,
      post: (m) => posted.push(m),
      batchMs: 5,
      persistMs: 20,
    },
    await s.load(id),
    anthropic,
  );
}

/** Every file under the chats folder, concatenated. */
/**
 * Every transcript file, followed by each answer's text joined from its deltas: how the deltas
 * are batched depends on timing, and a key cut across two records must still be found.
 */
async function transcripts(): Promise<string> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const parts = await Promise.all(
    names.map(async (n) => {
      const raw = await fs.readFile(path.join(dir, n), 'utf8');
      const answers = new Map<string, string>();
      for (const line of raw.split('\n')) {
        let rec: { type?: string; id?: string; text?: string };
        try {
          rec = JSON.parse(line);
        } catch {
          continue;
        }
        if (rec.type === 'answerDelta' && rec.id) answers.set(rec.id, (answers.get(rec.id) ?? '') + (rec.text ?? ''));
      }
      return `${n}\n${raw}\n${[...answers.values()].join('\n')}`;
    }),
  );
  return parts.join('\n');
}

async function expectNoKeyAnywhere(chatIds: string[]): Promise<void> {
  const files = await transcripts();
  expect(files.length).toBeGreaterThan(0);
  expectNoCanary(files, ALL, 'a transcript file');
  expectNoCanary(kv.text(), ALL, 'globalState (the chat index)');
  expectNoCanary(log.text(), ALL, 'the log');
  expectNoCanary(JSON.stringify(posted), ALL, 'a message posted to the webview');
  for (const id of chatIds) {
    // What a reloaded panel receives, and what the user exports or copies.
    const reopened = await session(id, {});
    expectNoCanary(JSON.stringify(reopened.initMessage([])), ALL, 'the webview init payload after a reload');
    const md = conversationToMarkdown(reopened.snapshot(), { title: reopened.title, exportedAt: new Date() });
    expect(md).toContain('## Assistant');
    expectNoCanary(md, ALL, 'the Markdown export');
  }
}

const sentWith = (key: string) => fake.requests.filter((r) => r.method === 'POST' && keyOfHeaders(r.headers) === key);

describe('chat: keys stay out of transcripts, index, log, webview and export', () => {
  it('answers, every failure, Stop and Retry, on both providers', async () => {
    const before = fake.requests.length;
    const keys = { 'kata.apiKey.anthropic': A.value, 'kata.apiKey.openai': L.value };
    const statuses: string[] = [];
    const ids: string[] = [];
    // One chat per prompt: a failed prompt stays in the history sent next, and its directive
    // would steer the following answer. A good answer first, in the same chat, adds history.
    const run = async (prompt: string, model: ModelRef) => {
      // A stall gets a short watchdog, doubled (in a fresh chat) while a busy machine delays the
      // first bytes past it: the stall under test is one after text has arrived.
      for (let ms = 300; ; ms *= 2) {
        const id = `chat${ids.length}`;
        ids.push(id);
        const s = await session(id, keys);
        await s.send('hello there', model);
        const mark = posted.length;
        idleTimeoutMs = prompt.includes('[stall]') ? ms : 30_000;
        await s.send(prompt, model);
        idleTimeoutMs = 30_000;
        const texted = posted.slice(mark).some((m) => m.type === 'delta');
        if (prompt.includes('[stall]') && !texted && ms < 60_000) continue;
        const ends = posted
          .filter((m): m is Extract<HostMessage, { type: 'answerEnd' }> => m.type === 'answerEnd')
          .slice(-2);
        statuses.push(ends.map((end) => `${end.status}${end.error ? `/${end.error.code}` : ''}`).join(' '));
        return;
      }
    };
    for (const d of [
      '[error:401]',
      '[error:403]',
      '[error:429]',
      '[error:500]',
      '[error:529]',
      '[midstream-error]',
      '[cut]',
      '[die]',
      '[stall]',
    ])
      await run(`${d} probe`, anthropic);
    for (const d of ['[error:401]', '[error:400]', '[error:404]', '[midstream-error]', '[stall]'])
      await run(`${d} probe`, openai);

    // Stop a slow answer once text has arrived, then Retry it (a fresh chat: failed prompts
    // stay in the history, and their directives would steer the next answer).
    const t = await session('leaky2', { 'kata.apiKey.anthropic': A.value });
    const mark = posted.length;
    const slow = t.send('[slow] count', anthropic);
    await waitUntil(() =>
      /Slow line 1\./.test(
        posted
          .slice(mark)
          .map((m) => (m.type === 'delta' ? m.text : ''))
          .join(''),
      ),
    );
    t.stop();
    await slow;
    const stopped = posted
      .filter((m): m is Extract<HostMessage, { type: 'answerEnd' }> => m.type === 'answerEnd')
      .at(-1)!;
    expect(stopped.status).toBe('stopped');
    const mark2 = posted.length;
    const retried = t.retry(stopped.answerId);
    await waitUntil(() => posted.slice(mark2).some((m) => m.type === 'delta'));
    await t.dispose();
    await retried;

    // Each path was really taken, with the real keys on the wire.
    expect(statuses).toEqual([
      'done error/invalid_auth',
      'done error/invalid_auth',
      'done error/rate_limited',
      'done error/provider_unavailable',
      'done error/provider_unavailable',
      'done interrupted/provider_unavailable',
      'done interrupted/stream_interrupted',
      'done interrupted/stream_interrupted',
      'done interrupted/stream_interrupted',
      'done error/invalid_auth',
      'done error/bad_request',
      'done error/bad_request',
      'done interrupted/provider_unavailable',
      'done interrupted/stream_interrupted',
    ]);
    expect(fake.requests.length).toBeGreaterThan(before);
    expect(sentWith(A.value).length).toBeGreaterThanOrEqual(11);
    expect(sentWith(L.value).length).toBeGreaterThanOrEqual(6);
    await expectNoKeyAnywhere([...ids, 'leaky2']);
  });

  it('a wrong key stored for a custom endpoint: the inline error says what to do, without the key', async () => {
    const s = await session('wrongkey', { 'kata.apiKey.openai': WRONG_L.value });
    await s.send('hello', openai);
    const end = posted.find((m): m is Extract<HostMessage, { type: 'answerEnd' }> => m.type === 'answerEnd')!;
    expect(end.error).toMatchObject({ code: 'invalid_auth', actions: ['setApiKey', 'retry', 'openLog'] });
    expect(sentWith(WRONG_L.value).length).toBe(1);
    await expectNoKeyAnywhere(['wrongkey']);
  });

  it('a key-shaped string written by the model is kept in the transcript but not exported', async () => {
    fake.setDefaultReply(`Your key is ${A.value}, keep it safe.`);
    try {
      const s = await session('echoed', { 'kata.apiKey.anthropic': A.value });
      await s.send('what is my key', anthropic);
      // The transcript is the conversation as it happened (local, like the editor's own files);
      // the export is what leaves the machine.
      expect(await transcripts()).toContain(A.value);
      const md = conversationToMarkdown(s.snapshot());
      expect(md).toContain('Your key is [REDACTED]');
      expectNoCanary(md, [A], 'the Markdown export');
      expectNoCanary(kv.text() + log.text(), [A], 'globalState or the log');
    } finally {
      fake.setDefaultReply(undefined);
    }
  });
});
