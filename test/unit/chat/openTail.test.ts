// A long chat opens from the end of its transcript: the last page comes from its last lines only,
// and the whole conversation follows, read a slice at a time. What the first page shows must be
// what the whole file says, whatever the transcript holds (retries, renames, model changes, bad
// lines, a torn end), and nothing written meanwhile may be lost.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replay, type ChatEvent, type Conversation } from '../../../src/core/chat/conversation';
import { pageBefore, PAGE_ENTRIES } from '../../../src/core/chat/paging';
import { ChatSession } from '../../../src/core/chat/session';
import { ChatStore, LONG_TRANSCRIPT_CHARS } from '../../../src/core/chat/store';
import {
  eventLines,
  headerLine,
  parseTranscript,
  parseTranscriptInSlices,
  parseTranscriptTail,
} from '../../../src/core/chat/transcript';
import { silentLogger, type Logger } from '../../../src/core/ports';
import { RecordStore } from '../../../src/core/state/record';

const haiku = { providerId: 'anthropic', modelId: 'claude-haiku-4-5' } as const;
const gpt = { providerId: 'openai', modelId: 'gpt-4o' } as const;

/** A chat of `turns` prompts and answers, with the events a real one collects along the way. */
function history(turns: number, answerChars = 200): ChatEvent[] {
  const out: ChatEvent[] = [{ type: 'title', title: 'First title' }];
  for (let i = 0; i < turns; i++) {
    const model = i % 7 === 0 ? gpt : haiku;
    out.push({ type: 'user', entry: { kind: 'user', id: `u${i}`, text: `Question ${i}`, attachments: [], at: i } });
    if (i === 3) out.push({ type: 'model', model: gpt });
    if (i === 5) out.push({ type: 'title', title: 'Renamed' });
    out.push({ type: 'answerStart', id: `a${i}`, replyTo: `u${i}`, model, at: i });
    // Every fifth answer was retried: the first try is removed and answered again.
    if (i % 5 === 4) {
      out.push({ type: 'answerDelta', id: `a${i}`, text: 'first try' });
      out.push({ type: 'answerEnd', id: `a${i}`, status: 'stopped' });
      out.push({ type: 'remove', id: `a${i}` });
      out.push({ type: 'answerStart', id: `r${i}`, replyTo: `u${i}`, model, at: i });
      out.push({ type: 'answerDelta', id: `r${i}`, text: `Retried ${i}. ${'x'.repeat(answerChars)}` });
      out.push({ type: 'answerEnd', id: `r${i}`, status: 'done' });
      continue;
    }
    out.push({ type: 'answerDelta', id: `a${i}`, text: `Answer ${i}, part one. ` });
    out.push({ type: 'answerDelta', id: `a${i}`, text: `Part two. ${'y'.repeat(answerChars)}` });
    out.push({ type: 'answerEnd', id: `a${i}`, status: 'done', usage: { inputTokens: 10, outputTokens: 20 } });
  }
  return out;
}

const transcript = (events: ChatEvent[]) => headerLine({ id: 'long', createdAt: 1 }) + eventLines(events);
const lastPage = (c: Conversation) => pageBefore(c.entries, c.entries.length);

describe('the end of a transcript', () => {
  it('gives the same last page, title and model as the whole file', () => {
    const text = transcript(history(300));
    const whole = replay(parseTranscript(text).events);
    const tail = parseTranscriptTail(text, PAGE_ENTRIES)!;
    expect(tail.length).toBeLessThan(parseTranscript(text).events.length / 3);
    const first = replay(tail);
    expect(lastPage(first)).toEqual(lastPage(whole));
    expect(lastPage(first).hasEarlier).toBe(true);
    expect(first.title).toBe('Renamed');
    expect(first.model).toEqual(gpt);
  });

  it('starts at a prompt, so the first answer it holds is not dropped for want of its question', () => {
    const tail = parseTranscriptTail(transcript(history(100)), 10)!;
    const events = tail.filter((e) => e.type !== 'title' && e.type !== 'model');
    expect(events[0].type).toBe('user');
    expect(replay(tail).entries.length).toBeGreaterThan(10);
  });

  it('skips unreadable lines and a torn end, as the whole read does', () => {
    const lines = transcript(history(120)).split('\n');
    lines.splice(lines.length - 30, 0, 'not json', '{"type":"answerDelta"}');
    const text = `${lines.join('\n')}{"type":"answerDel`;
    const whole = replay(parseTranscript(text).events);
    expect(lastPage(replay(parseTranscriptTail(text, PAGE_ENTRIES)!))).toEqual(lastPage(whole));
  });

  it('is the whole file for a short chat (nothing to gain)', () => {
    expect(parseTranscriptTail(transcript(history(10)), PAGE_ENTRIES)).toBeUndefined();
    expect(parseTranscriptTail('', PAGE_ENTRIES)).toBeUndefined();
  });

  it('read in slices, gives what one read gives', async () => {
    const text = `${transcript(history(200))}not json\n{"type":"answerDel`;
    let pauses = 0;
    const sliced = await parseTranscriptInSlices(text, async () => void pauses++, 100);
    expect(sliced).toEqual(parseTranscript(text));
    expect(pauses).toBeGreaterThan(10);
  });
});

describe('ChatStore.open', () => {
  let dir: string;
  let log: Logger & { warnings: string[] };
  const store = () =>
    new ChatStore(fs, dir, new RecordStore({ get: () => undefined, update: async () => undefined }, silentLogger), log);

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kata-open-'));
    const warnings: string[] = [];
    log = { ...silentLogger, warn: (m: unknown) => void warnings.push(String(m)), warnings };
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('opens a long chat from its end, then holds the whole of it, as load() reads it', async () => {
    const events = history(1200, 900);
    await fs.writeFile(path.join(dir, 'long.jsonl'), `${transcript(events)}torn`);
    expect((await fs.stat(path.join(dir, 'long.jsonl'))).size).toBeGreaterThan(LONG_TRANSCRIPT_CHARS);
    const { first, rest } = await store().open('long', PAGE_ENTRIES);
    expect(rest).toBeDefined();
    expect(first.entries.length).toBeLessThan(200);
    const whole = await store().load('long');
    expect(lastPage(first)).toEqual(lastPage(whole));
    expect(await rest).toEqual(whole);
    expect(log.warnings.join('\n')).toMatch(/torn last line/);
  });

  it('a message sent once the rest is read starts on a line of its own after a torn end', async () => {
    await fs.writeFile(path.join(dir, 'long.jsonl'), `${transcript(history(1200, 900))}{"type":"answerDel`);
    const s = store();
    const { rest } = await s.open('long', PAGE_ENTRIES);
    await rest;
    await s.append('long', [{ type: 'title', title: 'After the open' }]);
    const again = await store().load('long');
    expect(again.title).toBe('After the open');
    expect(again.entries).toHaveLength(1200 * 2);
  });

  it('reads a short chat whole at once', async () => {
    await fs.writeFile(path.join(dir, 'short.jsonl'), transcript(history(20)));
    const { first, rest } = await store().open('short', PAGE_ENTRIES);
    expect(rest).toBeUndefined();
    expect(first.entries).toHaveLength(40);
  });

  it('a missing file is an empty chat', async () => {
    expect(await store().open('nothing', PAGE_ENTRIES)).toEqual({ first: { entries: [] } });
  });
});

describe('ChatSession.adopt', () => {
  const session = (c: Conversation) =>
    new ChatSession(
      {
        id: 'long',
        store: {} as ChatStore,
        provider: () => {
          throw new Error('no requests here');
        },
        settings: () => ({ systemPrompt: '', maxOutputTokens: 1000, temperature: null, contextTokenLimit: 100_000 }),
        log: silentLogger,
        clock: { now: () => 0 },
        newId: () => 'id',
        post: () => undefined,
      },
      c,
    );

  it('takes the whole conversation; the last page is unchanged, so nothing is posted again', () => {
    const text = transcript(history(300));
    const s = session(replay(parseTranscriptTail(text, PAGE_ENTRIES)!));
    const whole = replay(parseTranscript(text).events);
    expect(s.adopt(whole)).toBe(false);
    expect(s.snapshot().entries).toHaveLength(whole.entries.length);
    expect(s.earlierMessage(whole.entries[1].id)).toMatchObject({ type: 'earlier', hasEarlier: false });
  });

  it('keeps a title given while the rest was read, and says when the last page differs', () => {
    const s = session(replay(history(50).slice(-40)));
    s.setTitle('Renamed meanwhile');
    expect(s.adopt(replay(history(50)))).toBe(true);
    expect(s.title).toBe('Renamed meanwhile');
  });
});
