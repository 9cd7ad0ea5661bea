// Host → webview traffic for one streamed answer: the real ChatSession against the fake
// provider's ~200 KB [big] answer, counting what would be posted to the webview.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PAGE_ENTRIES } from '../src/core/chat/paging';
import { ChatSession } from '../src/core/chat/session';
import { ChatStore } from '../src/core/chat/store';
import { silentLogger } from '../src/core/ports';
import { createProviderRuntime } from '../src/core/providers/registry';
import { RecordStore } from '../src/core/state/record';

export async function measureBytes(fake: {
  anthropicBaseUrl: string;
  openaiBaseUrl: string;
  keys: { anthropic: string };
}): Promise<{ answerChars: number; postedChars: number; messages: number; deltas: number }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kata-bench-'));
  const secrets = new Map([['kata.apiKey.anthropic', fake.keys.anthropic]]);
  const runtime = createProviderRuntime({
    secrets: { get: async (k) => secrets.get(k), store: async () => {}, delete: async () => {} },
    env: {},
    fetch: (u, i) => fetch(u, i),
    logger: silentLogger,
    settings: () => ({
      anthropicBaseUrl: fake.anthropicBaseUrl,
      openaiBaseUrl: fake.openaiBaseUrl,
      idleTimeoutMs: 10_000,
    }),
  });
  const kv = new Map<string, unknown>();
  const store = new ChatStore(
    fs,
    dir,
    new RecordStore({ get: (k) => kv.get(k), update: async (k, v) => void kv.set(k, v) }, silentLogger),
    silentLogger,
  );
  let postedChars = 0;
  let messages = 0;
  let deltas = 0;
  let answerChars = 0;
  let n = 0;
  const session = new ChatSession(
    {
      id: 'bench',
      store,
      provider: (id) => runtime.get(id),
      settings: () => ({ systemPrompt: '', maxOutputTokens: 4096, temperature: null, contextTokenLimit: 100_000 }),
      log: silentLogger,
      clock: { now: () => Date.now() },
      newId: () => `id${++n}`,
      post: (m) => {
        // Counted from the answer's start: the prompt's own echo is not answer traffic.
        if (m.type === 'entry' && m.entry.kind === 'assistant') postedChars = messages = deltas = 0;
        postedChars += JSON.stringify(m).length;
        messages++;
        if (m.type === 'delta') {
          deltas++;
          answerChars += m.text.length;
        }
      },
    },
    { entries: [] },
  );
  await session.send('[big]', { providerId: 'anthropic', modelId: 'claude-sonnet-4-5' });
  await fs.rm(dir, { recursive: true, force: true });
  return { answerChars, postedChars, messages, deltas };
}

/**
 * Opening a long chat on the host side: writes a transcript of `turns` prompt/answer pairs,
 * then times reading it back (parse + replay) and building the webview's `init` message (wall
 * and CPU time of this process). With `allPages`, also the `earlier` messages the host sends as
 * the user scrolls up to the first entry, in order.
 */
export async function measureOpen(
  turns: number,
  answerText: (i: number) => string,
  allPages = false,
): Promise<{
  loadMs: number;
  initMs: number;
  cpuMs: number;
  /** Until the whole conversation is held (0 for a chat read whole at once). */
  restMs: number;
  /** The longest slice of that work without a pause (what it holds the extension host for). */
  restLongestMs: number;
  fileBytes: number;
  init: { entries: Array<{ id: string }> };
  earlier: unknown[];
}> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kata-bench-open-'));
  const kv = new Map<string, unknown>();
  const records = new RecordStore({ get: (k) => kv.get(k), update: async (k, v) => void kv.set(k, v) }, silentLogger);
  const model = { providerId: 'anthropic' as const, modelId: 'claude-sonnet-4-5' };
  const writer = new ChatStore(fs, dir, records, silentLogger);
  const events = [];
  for (let i = 0; i < turns; i++) {
    events.push({
      type: 'user' as const,
      entry: {
        kind: 'user' as const,
        id: `u${i}`,
        text: `Question ${i}: how do I stream Markdown without re-parsing everything?`,
        attachments: [],
        at: i,
      },
    });
    events.push({ type: 'answerStart' as const, id: `a${i}`, replyTo: `u${i}`, model, at: i });
    events.push({ type: 'answerDelta' as const, id: `a${i}`, text: answerText(i) });
    events.push({
      type: 'answerEnd' as const,
      id: `a${i}`,
      status: 'done' as const,
      usage: { inputTokens: 100, outputTokens: 400 },
      stopReason: 'end_turn',
      durationMs: 1200,
    });
  }
  await writer.append('long', [{ type: 'title', title: 'A long chat' }, ...events], {
    title: 'A long chat',
    model,
    messages: turns * 2,
  });
  const fileBytes = (await fs.stat(path.join(dir, 'long.jsonl'))).size;
  const store = new ChatStore(fs, dir, records, silentLogger);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // As the chat panel opens a chat: the last page first, the rest read in the background.
  // The pause between slices of the rest also times each slice: the longest holds the host.
  let sliceAt = 0;
  let restLongestMs = 0;
  const { first, rest } = await store.open('long', PAGE_ENTRIES, async () => {
    if (sliceAt) restLongestMs = Math.max(restLongestMs, performance.now() - sliceAt);
    await new Promise((r) => setTimeout(r, 0));
    sliceAt = performance.now();
  });
  const t1 = performance.now();
  const session = new ChatSession(
    {
      id: 'long',
      store,
      provider: () => {
        throw new Error('no requests in this bench');
      },
      settings: () => ({ systemPrompt: '', maxOutputTokens: 4096, temperature: null, contextTokenLimit: 100_000 }),
      log: silentLogger,
      clock: { now: () => Date.now() },
      newId: () => 'x',
      post: () => {},
    },
    first,
  );
  const init = session.initMessage([{ ...model, label: 'Claude Sonnet 4.5' }]) as {
    entries: Array<{ id: string }>;
    hasEarlier: boolean;
  };
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  // The rest, read a slice at a time after the first page is shown (not part of the open).
  if (rest) session.adopt(await rest);
  restLongestMs = Math.max(restLongestMs, performance.now() - sliceAt);
  const restMs = performance.now() - t2;
  await fs.rm(dir, { recursive: true, force: true });
  const earlier = [];
  for (let page = init; allPages && page.hasEarlier;) {
    page = session.earlierMessage(page.entries[0].id) as typeof init;
    earlier.push(page);
  }
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { loadMs: t1 - t0, initMs: t2 - t1, cpuMs, restMs, restLongestMs, fileBytes, init, earlier };
}
