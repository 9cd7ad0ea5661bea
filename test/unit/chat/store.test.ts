import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../../src/core/chat/conversation';
import { CHAT_INDEX, ChatStore } from '../../../src/core/chat/store';
import { headerLine, parseTranscript } from '../../../src/core/chat/transcript';
import type { KeyValueStore, Logger } from '../../../src/core/ports';
import { RecordStore } from '../../../src/core/state/record';

const model = { providerId: 'anthropic', modelId: 'claude-sonnet-4-5' } as const;

function memory(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: (k) => data.get(k),
    update: async (k, v) => void (v === undefined ? data.delete(k) : data.set(k, v)),
  };
}
function logger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const rec = (level: string) => (m: unknown) => lines.push(`${level}: ${String(m)}`);
  return { lines, trace: rec('trace'), debug: rec('debug'), info: rec('info'), warn: rec('warn'), error: rec('error') };
}
const turn = (n: number): ChatEvent[] => [
  { type: 'user', entry: { kind: 'user', id: `u${n}`, text: `question ${n}`, attachments: [], at: 1000 + n } },
  { type: 'answerStart', id: `a${n}`, replyTo: `u${n}`, model, at: 1001 + n },
  { type: 'answerDelta', id: `a${n}`, text: `answer ${n}` },
  { type: 'answerEnd', id: `a${n}`, status: 'done', durationMs: 5 },
];

let dir: string;
let kv: ReturnType<typeof memory>;
let log: ReturnType<typeof logger>;
let now = 5_000;
const clock = { now: () => now++ };
const newStore = () => new ChatStore(fs, dir, new RecordStore(kv, log), log, clock);

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kata-chat-'));
  dir = path.join(dir, 'chats'); // not created yet: the store creates it on first write
  kv = memory();
  log = logger();
});
afterEach(async () => {
  await fs.rm(path.dirname(dir), { recursive: true, force: true });
});

describe('transcript format', () => {
  it('ignores a torn last line and counts unreadable middle lines', () => {
    const good = JSON.stringify({ type: 'title', title: 'ok' });
    const text = `${headerLine({ id: 'c1', createdAt: 1 })}${good}\nnot json\n{"type":"unknown"}\n${good}\n{"type":"answerDel`;
    const p = parseTranscript(text);
    expect(p.header?.id).toBe('c1');
    expect(p.tornTail).toBe(true);
    expect(p.events).toHaveLength(2);
    expect(p.badLines).toEqual([3, 4]);
  });
  it('reads an empty file as nothing', () => {
    expect(parseTranscript('')).toEqual({ header: undefined, events: [], badLines: [], tornTail: false });
  });
});

describe('ChatStore', () => {
  it('writes one JSONL file per chat with a header, and reads it back', async () => {
    const s = newStore();
    await s.append('c1', turn(1), { title: 'First', model, messages: 2 });
    await s.append('c1', turn(2), { messages: 4 });
    const text = await fs.readFile(path.join(dir, 'c1.jsonl'), 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(9);
    expect(JSON.parse(lines[0])).toMatchObject({ kind: 'kata-chat', v: 1, id: 'c1' });
    const c = await newStore().load('c1');
    expect(c.entries.map((e) => e.text)).toEqual(['question 1', 'answer 1', 'question 2', 'answer 2']);
    const [summary] = await s.list();
    expect(summary).toMatchObject({ id: 'c1', title: 'First', model, messages: 4 });
  });

  it('keeps appends to one chat in call order even when not awaited', async () => {
    const s = newStore();
    const ps = [];
    for (let i = 0; i < 30; i++) ps.push(s.append('c1', turn(i)));
    await Promise.all(ps);
    const c = await newStore().load('c1');
    expect(c.entries).toHaveLength(60);
    expect(
      c.entries.filter((e) => e.kind === 'assistant').every((e) => e.kind === 'assistant' && e.status === 'done'),
    ).toBe(true);
  });

  it('survives a torn last line: it is ignored with a log line, and the next append starts a fresh line', async () => {
    const s = newStore();
    await s.append('c1', turn(1), { title: 'T', messages: 2 });
    await fs.appendFile(path.join(dir, 'c1.jsonl'), '{"type":"user","entry":{"kind":"us');
    const s2 = newStore();
    const c = await s2.load('c1');
    expect(c.entries).toHaveLength(2);
    expect(log.lines.some((l) => /torn last line/.test(l))).toBe(true);
    await s2.append('c1', turn(2));
    const c2 = await newStore().load('c1');
    expect(c2.entries.map((e) => e.id)).toEqual(['u1', 'a1', 'u2', 'a2']);
  });

  it('a crash mid-answer leaves an interrupted answer with its saved text', async () => {
    const s = newStore();
    await s.append('c1', turn(1).slice(0, 3));
    const c = await newStore().load('c1');
    expect(c.entries[1]).toMatchObject({ status: 'interrupted', text: 'answer 1' });
  });

  it('rebuilds a corrupt index from the transcript files, with log lines', async () => {
    const s = newStore();
    await s.append('c1', [{ type: 'title', title: 'Alpha' }, ...turn(1)], { title: 'Alpha', model, messages: 2 });
    await s.append('c2', turn(2), { title: 'question 2', model, messages: 2 });
    kv.data.set(CHAT_INDEX.key, { v: 1, data: { chats: 'garbage' } });
    const fresh = newStore();
    const list = await fresh.list();
    expect(list.map((c) => c.id).sort()).toEqual(['c1', 'c2']);
    expect(list.find((c) => c.id === 'c1')).toMatchObject({ title: 'Alpha', model, messages: 2 });
    expect(list.find((c) => c.id === 'c2')).toMatchObject({ title: 'question 2', messages: 2 });
    expect(log.lines.some((l) => /^warn: Stored record "kata.chatIndex" was invalid and has been reset/.test(l))).toBe(
      true,
    );
    expect(log.lines.some((l) => /rebuilt 2 entries from transcript files/.test(l))).toBe(true);
    // The rebuilt index was saved: the next session reads it without a rebuild.
    const before = log.lines.length;
    expect((await newStore().list()).map((c) => c.id).sort()).toEqual(['c1', 'c2']);
    expect(log.lines.slice(before).filter((l) => /rebuilt/.test(l))).toEqual([]);
  });

  it('adds back a chat whose file exists but whose index entry was never saved', async () => {
    await newStore().append('c1', turn(1));
    kv.data.clear();
    const list = await newStore().list();
    expect(list.map((c) => c.id)).toEqual(['c1']);
  });

  it('drops index entries whose file is gone, and ignores stray files', async () => {
    const s = newStore();
    await s.append('c1', turn(1), { messages: 2 });
    await s.append('c2', turn(1), { messages: 2 });
    await fs.rm(path.join(dir, 'c2.jsonl'));
    await fs.writeFile(path.join(dir, 'not a chat.txt'), 'x');
    await fs.writeFile(path.join(dir, '..evil.jsonl'), 'x');
    const list = await newStore().list();
    expect(list.map((c) => c.id)).toEqual(['c1']);
  });

  it('renames and deletes', async () => {
    const s = newStore();
    await s.append('c1', turn(1), { title: 'old', messages: 2 });
    await s.rename('c1', '  New name  ');
    expect((await s.get('c1'))?.title).toBe('New name');
    expect((await newStore().load('c1')).title).toBe('New name');
    await expect(s.rename('c1', '   ')).rejects.toThrow(/cannot be empty/);
    await s.delete('c1');
    expect(await s.list()).toEqual([]);
    await expect(fs.stat(path.join(dir, 'c1.jsonl'))).rejects.toThrow();
  });

  it('refuses ids that could escape the folder', () => {
    expect(() => newStore().pathOf('../x')).toThrow();
  });

  it('loads a chat that has no file as empty', async () => {
    expect((await newStore().load('nothing')).entries).toEqual([]);
  });
});
