// Chats per space: the transcript header remembers the space a chat was started in, the index
// carries it for Chat History, older transcripts (no space) still load, and the history's scope
// and rows follow the space this window shows.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../../src/core/chat/conversation';
import { chatIdFrom, spaceFrom } from '../../../src/core/chat/commandArgs';
import { chatsInScope, historyRow, initialScope, scopeTitle } from '../../../src/core/chat/history';
import { parseHostMessage } from '../../../src/core/chat/protocol';
import { chatStrings } from '../../../src/core/chat/strings';
import { CHAT_INDEX, ChatStore, type ChatSummary } from '../../../src/core/chat/store';
import { headerLine, parseTranscript } from '../../../src/core/chat/transcript';
import type { KeyValueStore, Logger } from '../../../src/core/ports';
import { RecordStore } from '../../../src/core/state/record';

const model = { providerId: 'anthropic', modelId: 'claude-sonnet-4-5' } as const;
const login = { path: '/repos/app.spaces/add-login', name: 'Add the login page' };
const main = { path: '/repos/app', name: 'main checkout' };

const turn = (n: number): ChatEvent[] => [
  { type: 'user', entry: { kind: 'user', id: `u${n}`, text: `question ${n}`, attachments: [], at: 1000 + n } },
  { type: 'answerStart', id: `a${n}`, replyTo: `u${n}`, model, at: 1001 + n },
  { type: 'answerDelta', id: `a${n}`, text: `answer ${n}` },
  { type: 'answerEnd', id: `a${n}`, status: 'done', durationMs: 5 },
];

let dir: string;
let data: Map<string, unknown>;
const kv = (): KeyValueStore => ({
  get: (k) => data.get(k),
  update: async (k, v) => void (v === undefined ? data.delete(k) : data.set(k, v)),
});
const warnings: string[] = [];
const log: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (m) => warnings.push(String(m)),
  error: (m) => warnings.push(String(m)),
};
let now = 10_000;
const newStore = () => new ChatStore(fs, dir, new RecordStore(kv(), log), log, { now: () => now++ });

beforeEach(async () => {
  dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'kata-spacechat-')), 'chats');
  data = new Map();
  warnings.length = 0;
});
afterEach(async () => {
  await fs.rm(path.dirname(dir), { recursive: true, force: true });
});

describe('a chat remembers its space', () => {
  it('writes the space into the transcript header and the history index', async () => {
    const s = newStore();
    expect(await s.bindSpace('c1', login)).toEqual(login);
    await s.append('c1', turn(1), { title: 'Login', model, messages: 2 });
    const header = JSON.parse((await fs.readFile(path.join(dir, 'c1.jsonl'), 'utf8')).split('\n')[0]);
    expect(header).toEqual({ kind: 'kata-chat', v: 1, id: 'c1', createdAt: expect.any(Number), space: login });
    expect((await s.list())[0]).toMatchObject({ id: 'c1', space: login });
    // Another window (a fresh store) reads it back from the file.
    const other = newStore();
    await other.load('c1');
    expect(other.spaceOf('c1')).toEqual(login);
  });

  it('a saved chat keeps the space it was started in; binding it again changes nothing', async () => {
    const s = newStore();
    await s.bindSpace('c1', login);
    await s.append('c1', turn(1), { messages: 2 });
    const other = newStore();
    expect(await other.bindSpace('c1', main)).toEqual(login);
    await other.append('c1', turn(2), { messages: 4 });
    const text = await fs.readFile(path.join(dir, 'c1.jsonl'), 'utf8');
    expect(text.split('\n').filter((l) => l.includes('"kind":"kata-chat"'))).toHaveLength(1);
    expect(parseTranscript(text).header?.space).toEqual(login);
  });

  it('loads a transcript written before chats knew their space, and lists it without one', async () => {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(
      path.join(dir, 'old.jsonl'),
      `{"kind":"kata-chat","v":1,"id":"old","createdAt":5}\n${turn(1)
        .map((e) => JSON.stringify(e))
        .join('\n')}\n`,
    );
    const s = newStore();
    const c = await s.load('old');
    expect(c.entries.map((e) => e.text)).toEqual(['question 1', 'answer 1']);
    expect(s.spaceOf('old')).toBeUndefined();
    const [summary] = await s.list();
    expect(summary.id).toBe('old');
    expect(summary.space).toBeUndefined();
    // An index record saved before the field existed still parses (no reset, no rebuild).
    data.set(CHAT_INDEX.key, { v: 1, data: { chats: [{ ...summary }] } });
    expect(new RecordStore(kv(), log).read(CHAT_INDEX).chats).toHaveLength(1);
  });

  it('a malformed space in a header is dropped, not the chat', () => {
    const bad = `{"kind":"kata-chat","v":1,"id":"c9","createdAt":5,"space":{"path":"","name":7}}\n`;
    const p = parseTranscript(bad + JSON.stringify(turn(1)[0]) + '\n');
    expect(p.header).toEqual({ kind: 'kata-chat', v: 1, id: 'c9', createdAt: 5 });
    expect(p.events).toHaveLength(1);
    expect(p.badLines).toEqual([]);
  });

  it('rebuilds the index from transcripts with each chat space', async () => {
    await fs.mkdir(dir, { recursive: true });
    const body = turn(1)
      .map((e) => JSON.stringify(e))
      .join('\n');
    await fs.writeFile(path.join(dir, 'a.jsonl'), `${headerLine({ id: 'a', createdAt: 1, space: login })}${body}\n`);
    await fs.writeFile(path.join(dir, 'b.jsonl'), `${headerLine({ id: 'b', createdAt: 2 })}${body}\n`);
    const byId = Object.fromEntries((await newStore().list()).map((c) => [c.id, c.space]));
    expect(byId).toEqual({ a: login, b: undefined });
  });

  it('deleting a chat forgets its space', async () => {
    const s = newStore();
    await s.bindSpace('c1', login);
    await s.append('c1', turn(1), { messages: 2 });
    await s.delete('c1');
    expect(s.spaceOf('c1')).toBeUndefined();
    expect(await s.list()).toEqual([]);
  });
});

describe('Chat History scope', () => {
  const chat = (id: string, space?: typeof login): ChatSummary => ({
    id,
    title: `chat ${id}`,
    model,
    createdAt: 1,
    updatedAt: 2,
    messages: 2,
    ...(space ? { space } : {}),
  });
  const chats = [chat('1', login), chat('2', main), chat('3'), chat('4', login)];

  it('opens on this space when it has chats, else on all; the last choice in the window wins', () => {
    expect(initialScope(chats, login.path, undefined)).toBe('space');
    expect(initialScope(chats, login.path, 'all')).toBe('all');
    expect(initialScope(chats, '/repos/app.spaces/other', undefined)).toBe('all');
    expect(initialScope(chats, '/repos/app.spaces/other', 'space')).toBe('all');
    expect(initialScope(chats, undefined, 'space')).toBe('all');
  });

  it('filters to the chats started in this space', () => {
    expect(chatsInScope(chats, 'space', login.path).map((c) => c.id)).toEqual(['1', '4']);
    expect(chatsInScope(chats, 'space', main.path).map((c) => c.id)).toEqual(['2']);
    expect(chatsInScope(chats, 'all', login.path).map((c) => c.id)).toEqual(['1', '2', '3', '4']);
    expect(chatsInScope(chats, 'space', undefined).map((c) => c.id)).toEqual(['1', '2', '3', '4']);
  });

  it("a row names another space's chat by its space, not this space's own", () => {
    expect(historyRow(chats[0], 3, login.path).description).toBe('claude-sonnet-4-5');
    expect(historyRow(chats[1], 3, login.path).description).toBe('claude-sonnet-4-5  $(git-branch) main checkout');
    expect(historyRow(chats[2], 3, login.path).description).toBe('claude-sonnet-4-5');
    expect(historyRow(chats[0], 3, undefined).description).toBe('claude-sonnet-4-5  $(git-branch) Add the login page');
    expect(historyRow(chats[0], 3, login.path).detail).toBe('just now · 2 messages');
    expect(scopeTitle('space', login.name)).toBe('Chat History: Add the login page');
    expect(scopeTitle('all', login.name)).toBe('Chat History: all chats');
  });
});

describe('command arguments and the panel header', () => {
  it('accepts a space only with an absolute path that does not climb', () => {
    expect(spaceFrom({ space: login })).toEqual(login);
    expect(spaceFrom({ space: { path: 'C:\\repos\\app', name: 'x' } })).toEqual({ path: 'C:\\repos\\app', name: 'x' });
    for (const bad of [
      undefined,
      'x',
      { space: { path: 'relative/dir', name: 'x' } },
      { space: { path: '/repos/../etc', name: 'x' } },
      { space: { path: '/repos/app', name: '' } },
      { space: { path: '/repos/a\0b', name: 'x' } },
      { space: '/repos/app' },
    ])
      expect(spaceFrom(bad)).toBeUndefined();
    expect(chatIdFrom({ chatId: 'abc-1' })).toBe('abc-1');
    expect(chatIdFrom({ chatId: '../x' })).toBeUndefined();
  });

  it('the init message carries the space to the header, and still parses without one', () => {
    const init = {
      type: 'init',
      chatId: 'c1',
      title: 'New chat',
      models: [],
      selected: null,
      entries: [],
      hasEarlier: false,
      attachments: [],
      contextTokens: 0,
      contextTokenLimit: 1000,
      strings: chatStrings(),
    };
    expect(parseHostMessage({ ...init, space: login })).toMatchObject({ ok: true, message: { space: login } });
    const without = parseHostMessage(init);
    expect(without).toMatchObject({ ok: true, message: { type: 'init' } });
    expect(without.ok && without.message).not.toHaveProperty('space');
    expect(parseHostMessage({ ...init, space: { path: '/x' } })).toMatchObject({ ok: false });
  });
});
