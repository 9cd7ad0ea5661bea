// The chat session against the real provider runtime and the fake provider server (real HTTP
// on 127.0.0.1), with transcripts in a real temp folder.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HostMessage } from '../../../src/core/chat/protocol';
import { conversationToMarkdown } from '../../../src/core/chat/export';
import { toEntryView } from '../../../src/core/chat/model';
import { ChatSession, type ChatSettings } from '../../../src/core/chat/session';
import { ChatStore } from '../../../src/core/chat/store';
import { silentLogger } from '../../../src/core/ports';
import { RecordStore } from '../../../src/core/state/record';
import { bigAnswer, REFUSAL_TEXT } from '../../fakes/providerContent.mjs';
import { startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';
import { ANTHROPIC_KEY, OPENAI_KEY, makeRuntime, type TestRuntime } from '../providers/helpers';
import { waitUntil } from '../support/waitUntil';

let fake: ProviderServer;
let rt: TestRuntime;
let dir: string;
let posted: HostMessage[];
let seq = 0;
const settings: ChatSettings = {
  systemPrompt: 'You are terse.',
  maxOutputTokens: 1024,
  temperature: 0.2,
  contextTokenLimit: 100_000,
};
const anthropic = { providerId: 'anthropic', modelId: 'claude-sonnet-4-5' } as const;
const openai = { providerId: 'openai', modelId: 'gpt-4o' } as const;

function kv() {
  const m = new Map<string, unknown>();
  return { get: (k: string) => m.get(k), update: async (k: string, v: unknown) => void m.set(k, v) };
}
let records: RecordStore;
function makeStore() {
  return new ChatStore(fs, dir, records, silentLogger);
}
async function openSession(id = 'chat1', store = makeStore()) {
  const conv = await store.load(id);
  return new ChatSession(
    {
      id,
      store,
      provider: (p) => rt.runtime.get(p),
      settings: () => settings,
      log: silentLogger,
      clock: { now: () => Date.now() },
      newId: () => `id${++seq}`,
      post: (m) => posted.push(m),
    },
    conv,
    anthropic,
  );
}
const ofType = <T extends HostMessage['type']>(t: T) =>
  posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === t);

beforeAll(async () => {
  fake = await startProviderServer({ deltaDelayMs: 1, slowDelayMs: 40 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'kata-session-')), 'chats');
  records = new RecordStore(kv(), silentLogger);
  posted = [];
  rt = runtime(30_000);
});
// The idle watchdog only bounds a stall: live streams get a timeout no busy machine's scheduling
// delay reaches; the stall test gets a short one (its stream never resumes, so any value works).
function runtime(idleTimeoutMs: number): TestRuntime {
  return makeRuntime({
    anthropicBaseUrl: fake.anthropicBaseUrl,
    openaiBaseUrl: fake.openaiBaseUrl,
    idleTimeoutMs,
    secrets: { 'kata.apiKey.anthropic': ANTHROPIC_KEY, 'kata.apiKey.openai': OPENAI_KEY },
  });
}
afterEach(async () => {
  await fs.rm(path.dirname(dir), { recursive: true, force: true });
});

describe('ChatSession', () => {
  it('streams an answer as batched deltas, records usage and saves the transcript', async () => {
    const s = await openSession();
    await s.send('hello there', anthropic);
    const [user, answer] = ofType('entry').map((m) => m.entry);
    expect(user).toMatchObject({ kind: 'user', text: 'hello there' });
    expect(answer).toMatchObject({ kind: 'assistant', status: 'streaming', text: '', model: anthropic });
    const text = ofType('delta')
      .map((d) => d.text)
      .join('');
    expect(text).toMatch(/^Echo: hello there/);
    const [end] = ofType('answerEnd');
    expect(end).toMatchObject({ status: 'done', stopReason: 'end_turn' });
    expect(end.usage?.outputTokens).toBeGreaterThan(0);
    expect(end.usage?.inputTokens).toBeGreaterThan(0);
    expect(ofType('title')[0].title).toBe('hello there');
    // The request carried the settings.
    const req = fake.requests.filter((r) => r.provider === 'anthropic' && r.method === 'POST').at(-1)!;
    expect(req.body).toMatchObject({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      temperature: 0.2,
      system: 'You are terse.',
    });
    // Saved: a fresh store reads the same conversation.
    const reloaded = await makeStore().load('chat1');
    expect(reloaded.entries.map((e) => e.text)).toEqual(['hello there', text]);
    expect(reloaded.entries[1]).toMatchObject({ status: 'done', stopReason: 'end_turn' });
    const [summary] = await makeStore().list();
    expect(summary).toMatchObject({ id: 'chat1', title: 'hello there', model: anthropic, messages: 2 });
  });

  it('posts about as many bytes as the answer has, never the history per token', async () => {
    const s = await openSession();
    await s.send('first', anthropic);
    posted = [];
    await s.send('[big]', openai);
    const big = bigAnswer();
    const deltas = ofType('delta');
    expect(deltas.map((d) => d.text).join('')).toBe(big);
    const bytes = posted.reduce((n, m) => n + JSON.stringify(m).length, 0);
    const ratio = bytes / big.length;
    expect(ratio).toBeLessThan(1.2);
    expect(deltas.length).toBeLessThan(big.length / 40);
    expect(posted.some((m) => m.type === 'init')).toBe(false);
  });

  it('Stop aborts the HTTP request at once and keeps the partial answer, marked stopped', async () => {
    const s = await openSession();
    const done = s.send('[slow] tell me', anthropic);
    await waitUntil(() => ofType('delta').length >= 2);
    const t0 = Date.now();
    s.stop();
    await done;
    const closed = await fake.waitForClose(
      (r) => r.method === 'POST' && JSON.stringify(r.body).includes('[slow] tell me'),
    );
    expect(closed.closedEarly).toBe(true);
    expect(closed.endedAt!).toBeGreaterThanOrEqual(t0);
    const [end] = ofType('answerEnd');
    expect(end.status).toBe('stopped');
    const saved = (await makeStore().load('chat1')).entries[1];
    expect(saved).toMatchObject({ status: 'stopped' });
    expect(saved.text.length).toBeGreaterThan(0);
    expect(saved.text).toBe(
      ofType('delta')
        .map((d) => d.text)
        .join(''),
    );
  });

  it('a stream cut mid-answer keeps its text, marked interrupted with a retryable error; Retry replaces it', async () => {
    const s = await openSession();
    await s.send('[cut] please', openai);
    const [end] = ofType('answerEnd');
    expect(end.status).toBe('interrupted');
    expect(end.error).toMatchObject({ code: 'stream_interrupted', retryable: true });
    expect(end.error?.remediation.length).toBeGreaterThan(0);
    const answerId = end.answerId;
    posted = [];
    await s.retry(answerId);
    expect(ofType('remove')).toEqual([{ type: 'remove', entryId: answerId }]);
    expect(ofType('answerEnd')[0].status).toBe('interrupted'); // same prompt, same directive
    expect(s.snapshot().entries.filter((e) => e.kind === 'assistant')).toHaveLength(1);
  });

  it('a stream cut before any text says nothing was received, in the chat and in the export', async () => {
    for (const [prompt, model] of [
      ['[cut-before-text] hello', openai],
      ['[cut-before-text] hello again', anthropic],
    ] as const) {
      posted = [];
      const s = await openSession(`cut-${model.providerId}`);
      await s.send(prompt, model);
      const [end] = ofType('answerEnd');
      expect(end.status).toBe('error');
      expect(end.error).toMatchObject({ code: 'stream_interrupted', remediation: 'Nothing was received. Try again.' });
      const exported = conversationToMarkdown(s.snapshot());
      expect(exported).toContain('Nothing was received.');
      expect(exported).not.toMatch(/partial answer/i);
      // After a reload the stored answer says the same.
      const reloaded = await openSession(`cut-${model.providerId}`);
      const init = reloaded.initMessage([]);
      const answer = init.type === 'init' ? init.entries.find((e) => e.kind === 'assistant') : undefined;
      expect(answer?.kind === 'assistant' && answer.error?.remediation).toBe('Nothing was received. Try again.');
    }
  });

  it('a transcript written before this wording is shown and exported honestly', () => {
    const entry = {
      kind: 'assistant' as const,
      id: 'a1',
      replyTo: 'u1',
      model: openai,
      text: '',
      status: 'error' as const,
      at: 0,
      error: {
        code: 'stream_interrupted',
        message: 'The answer ended before it was complete (no finish_reason).',
        remediation: 'The partial answer is kept. Try again.',
        retryable: true,
        actions: ['retry' as const],
      },
    };
    expect(toEntryView(entry)).toMatchObject({ error: { remediation: 'Nothing was received. Try again.' } });
    const md = conversationToMarkdown({ entries: [entry] } as unknown as Parameters<typeof conversationToMarkdown>[0]);
    expect(md).toContain(
      '> **Error:** The answer ended before it was complete (no finish_reason). Nothing was received. Try again.',
    );
    // With text, the partial answer is what it says.
    expect(toEntryView({ ...entry, text: 'Half' })).toMatchObject({
      error: { remediation: 'The partial answer is kept. Try again.' },
    });
  });

  it('a 429 before the first byte posts a retryWait for the streaming answer, then the answer arrives', async () => {
    const s = await openSession();
    await s.send('[error:429:1] [retry-after:2] wait for me', anthropic);
    const [start] = ofType('entry').filter((m) => m.entry.kind === 'assistant');
    expect(ofType('retryWait')).toEqual([
      {
        type: 'retryWait',
        answerId: start.entry.id,
        reason: 'rate_limited',
        status: 429,
        attempt: 1,
        maxRetries: 2,
        delayMs: 2000,
      },
    ]);
    const kinds = posted.map((m) => m.type);
    expect(kinds.indexOf('retryWait')).toBeLessThan(kinds.indexOf('delta'));
    expect(ofType('answerEnd')[0].status).toBe('done');
  });

  it('a stalled stream is stopped by the idle watchdog and marked interrupted', async () => {
    rt = runtime(300);
    const s = await openSession();
    await s.send('[stall] hm', anthropic);
    const [end] = ofType('answerEnd');
    expect(end.status).toBe('interrupted');
    expect(end.error?.code).toBe('stream_interrupted');
    expect(s.snapshot().entries[1].text.length).toBeGreaterThan(0);
  });

  it('an auth error shows inline with Set API Key…, and Retry succeeds once it is fixed', async () => {
    rt.secrets.set('kata.apiKey.openai', 'sk-wrong-key-0000000000000000');
    const s = await openSession();
    await s.send('who am i', openai);
    const [end] = ofType('answerEnd');
    expect(end).toMatchObject({
      status: 'error',
      error: { code: 'invalid_auth', actions: ['setApiKey', 'retry', 'openLog'], providerId: 'openai' },
    });
    rt.secrets.set('kata.apiKey.openai', OPENAI_KEY);
    posted = [];
    await s.retry(end.answerId);
    expect(ofType('answerEnd')[0].status).toBe('done');
    expect(s.snapshot().entries.map((e) => e.kind)).toEqual(['user', 'assistant']);
  });

  it('a missing key is an error with the Set API Key… action', async () => {
    rt.secrets.delete('kata.apiKey.anthropic');
    const s = await openSession();
    await s.send('hi', anthropic);
    expect(ofType('answerEnd')[0]).toMatchObject({
      status: 'error',
      error: { code: 'missing_auth', actions: ['setApiKey', 'retry', 'openLog'] },
    });
  });

  it('sends attachments with the prompt, clears them after, and shows a visible notice when context is cut', async () => {
    const small = { ...settings, contextTokenLimit: 1_000 };
    const store = makeStore();
    const s = new ChatSession(
      {
        id: 'c2',
        store,
        provider: (p) => rt.runtime.get(p),
        settings: () => small,
        log: silentLogger,
        clock: { now: () => Date.now() },
        newId: () => `id${++seq}`,
        post: (m) => posted.push(m),
      },
      await store.load('c2'),
      anthropic,
    );
    expect(s.addAttachment({ id: 'f1', kind: 'file', label: 'big.txt', content: 'z'.repeat(20_000) }).ok).toBe(true);
    const chip = ofType('attachments').at(-1)!;
    expect(chip.items).toEqual([{ id: 'f1', kind: 'file', label: 'big.txt', chars: 20_000, tokens: 5_000 }]);
    expect(chip.contextTokens).toBeGreaterThan(5_000);
    await s.send('summarize', anthropic);
    const notice = ofType('notice').find((n) => /token limit/.test(n.text));
    expect(notice?.text).toMatch(/cut `big\.txt`/);
    const user = ofType('entry')[0].entry;
    expect(user.kind === 'user' && user.contextNotice).toMatch(/cut `big\.txt`/);
    const req = fake.requests.filter((r) => r.method === 'POST').at(-1)!;
    const sent = JSON.stringify(req.body.messages);
    expect(sent).toContain('File `big.txt`');
    expect(sent.length).toBeLessThan(6_000);
    expect(ofType('attachments').at(-1)!.items).toEqual([]);
  });

  it('shows an OpenAI refusal as a refusal, not as answer text, and keeps it in the transcript', async () => {
    const s = await openSession('refuse');
    await s.send('[refusal] do the bad thing', openai);
    expect(ofType('delta')).toEqual([]);
    const refusals = ofType('refusal');
    expect(refusals.map((m) => m.text).join('')).toBe(REFUSAL_TEXT);
    expect(refusals.every((m) => m.answerId === ofType('entry')[1].entry.id)).toBe(true);
    expect(ofType('answerEnd')[0]).toMatchObject({ status: 'done', stopReason: 'stop' });
    const reloaded = await makeStore().load('refuse');
    expect(reloaded.entries[1]).toMatchObject({ kind: 'assistant', text: '', refusal: REFUSAL_TEXT, status: 'done' });
  });

  it('pages long chats: init carries the last page, earlier pages on request', async () => {
    const store = makeStore();
    const events = [];
    for (let i = 0; i < 120; i++) {
      events.push({
        type: 'user' as const,
        entry: { kind: 'user' as const, id: `u${i}`, text: `q${i}`, attachments: [], at: i },
      });
      events.push({ type: 'answerStart' as const, id: `a${i}`, replyTo: `u${i}`, model: anthropic, at: i });
      events.push({ type: 'answerDelta' as const, id: `a${i}`, text: `answer ${i}` });
      events.push({ type: 'answerEnd' as const, id: `a${i}`, status: 'done' as const });
    }
    await store.append('long', events);
    const s = await openSession('long', makeStore());
    const init = s.initMessage([]);
    if (init.type !== 'init') throw new Error('not init');
    expect(init.entries).toHaveLength(40);
    expect(init.entries.at(-1)?.id).toBe('a119');
    expect(init.hasEarlier).toBe(true);
    const earlier = s.earlierMessage(init.entries[0].id);
    if (earlier?.type !== 'earlier') throw new Error('not earlier');
    expect(earlier.entries).toHaveLength(40);
    expect(earlier.entries.at(-1)?.id).toBe('a99');
    expect(earlier.hasEarlier).toBe(true);
  });
});

describe('temperature', () => {
  it('is not sent to OpenAI reasoning models', async () => {
    const { acceptsTemperature } = await import('../../../src/core/providers/descriptors');
    expect(acceptsTemperature({ providerId: 'openai', modelId: 'o3-mini' })).toBe(false);
    expect(acceptsTemperature({ providerId: 'openai', modelId: 'gpt-5-mini' })).toBe(false);
    expect(acceptsTemperature({ providerId: 'openai', modelId: 'gpt-4o' })).toBe(true);
    expect(acceptsTemperature({ providerId: 'anthropic', modelId: 'claude-opus-4-1' })).toBe(true);
  });
});
