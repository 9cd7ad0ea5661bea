import { describe, expect, it } from 'vitest';
import {
  reduce,
  replay,
  replaySlow,
  streamingAnswer,
  titleFromPrompt,
  emptyConversation,
  type ChatEvent,
} from '../../../src/core/chat/conversation';
import type { UserEntry } from '../../../src/core/chat/model';

const model = { providerId: 'anthropic', modelId: 'm1' } as const;
const user = (id: string, text = 'q'): UserEntry => ({ kind: 'user', id, text, attachments: [], at: 1 });

describe('conversation reducer', () => {
  it('builds an answer from start, deltas and end', () => {
    const c = replay([
      { type: 'user', entry: user('u1', 'hello') },
      { type: 'answerStart', id: 'a1', replyTo: 'u1', model, at: 2 },
      { type: 'answerDelta', id: 'a1', text: 'Hel' },
      { type: 'answerDelta', id: 'a1', text: 'lo!' },
      {
        type: 'answerEnd',
        id: 'a1',
        status: 'done',
        usage: { inputTokens: 3, outputTokens: 2 },
        stopReason: 'end_turn',
        durationMs: 40,
      },
    ]);
    expect(c.entries).toHaveLength(2);
    const a = c.entries[1];
    expect(a).toMatchObject({
      kind: 'assistant',
      text: 'Hello!',
      status: 'done',
      usage: { inputTokens: 3, outputTokens: 2 },
      stopReason: 'end_turn',
      durationMs: 40,
    });
  });

  it('does not mutate the previous state', () => {
    const c1 = reduce(reduce(emptyConversation(), { type: 'user', entry: user('u1') }), {
      type: 'answerStart',
      id: 'a1',
      replyTo: 'u1',
      model,
      at: 2,
    });
    const c2 = reduce(c1, { type: 'answerDelta', id: 'a1', text: 'x' });
    expect(c1.entries[1].text).toBe('');
    expect(c2.entries[1].text).toBe('x');
  });

  it('ignores events that do not fit: unknown ids, deltas after the end, duplicates, answers to nothing', () => {
    const events: ChatEvent[] = [
      { type: 'user', entry: user('u1') },
      { type: 'user', entry: user('u1', 'duplicate') },
      { type: 'answerStart', id: 'a0', replyTo: 'nope', model, at: 2 },
      { type: 'answerDelta', id: 'ghost', text: 'boo' },
      { type: 'answerStart', id: 'a1', replyTo: 'u1', model, at: 2 },
      { type: 'answerDelta', id: 'a1', text: 'ok' },
      { type: 'answerEnd', id: 'a1', status: 'stopped' },
      { type: 'answerDelta', id: 'a1', text: ' late' },
      { type: 'answerEnd', id: 'a1', status: 'done' },
      { type: 'answerDelta', id: 'u1', text: 'into a user entry' },
    ];
    const c = replay(events);
    expect(c.entries.map((e) => e.id)).toEqual(['u1', 'a1']);
    expect(c.entries[0].text).toBe('q');
    expect(c.entries[1]).toMatchObject({ text: 'ok', status: 'stopped' });
  });

  it('marks an answer left streaming by a crash as interrupted on replay', () => {
    const c = replay([
      { type: 'user', entry: user('u1') },
      { type: 'answerStart', id: 'a1', replyTo: 'u1', model, at: 2 },
      { type: 'answerDelta', id: 'a1', text: 'partial' },
    ]);
    expect(streamingAnswer(c)).toBeUndefined();
    expect(c.entries[1]).toMatchObject({ status: 'interrupted', text: 'partial' });
  });

  it('closes an open answer as interrupted when a later prompt follows it in the file', () => {
    const c = replay([
      { type: 'user', entry: user('u1') },
      { type: 'answerStart', id: 'a1', replyTo: 'u1', model, at: 2 },
      { type: 'user', entry: user('u2') },
    ]);
    expect(c.entries[1]).toMatchObject({ status: 'interrupted' });
  });

  it('removes an entry (Retry) and keeps title and model', () => {
    let c = replay([
      { type: 'title', title: 'T' },
      { type: 'model', model },
      { type: 'user', entry: user('u1') },
      { type: 'answerStart', id: 'a1', replyTo: 'u1', model, at: 2 },
      {
        type: 'answerEnd',
        id: 'a1',
        status: 'error',
        error: { code: 'rate_limited', message: 'm', remediation: 'r', retryable: true, actions: ['retry'] },
      },
    ]);
    c = reduce(c, { type: 'remove', id: 'a1' });
    expect(c.entries.map((e) => e.id)).toEqual(['u1']);
    expect(c.title).toBe('T');
    expect(c.model).toEqual(model);
    expect(reduce(c, { type: 'remove', id: 'zzz' })).toBe(c);
  });

  it('titles a chat from its first prompt', () => {
    expect(titleFromPrompt('  Fix the\n  bug  ')).toBe('Fix the bug');
    expect(titleFromPrompt('')).toBe('New chat');
    const long = titleFromPrompt('word '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long.endsWith('…')).toBe(true);
  });

  it('replay (one pass) gives exactly what folding reduce gives, on random event sequences', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let run = 0; run < 200; run++) {
      const events: ChatEvent[] = [];
      const ids = ['u1', 'u2', 'u3', 'a1', 'a2', 'a3', 'a4'];
      for (let k = 0; k < 30; k++) {
        const id = ids[rnd(ids.length)];
        const users = ids.filter((x) => x.startsWith('u'));
        switch (rnd(7)) {
          case 0:
            events.push({ type: 'user', entry: user(users[rnd(users.length)], `q${k}`) });
            break;
          case 1:
            events.push({ type: 'answerStart', id, replyTo: users[rnd(users.length)], model, at: k });
            break;
          case 2:
            events.push({ type: 'answerDelta', id, text: `t${k} ` });
            break;
          case 3:
            events.push({
              type: 'answerEnd',
              id,
              status: (['done', 'stopped', 'interrupted', 'error'] as const)[rnd(4)],
              durationMs: k,
              ...(rnd(2) ? { usage: { outputTokens: k } } : {}),
            });
            break;
          case 4:
            events.push({ type: 'remove', id });
            break;
          case 5:
            events.push({ type: 'title', title: `T${k}` });
            break;
          default:
            events.push({ type: 'answerDelta', id, text: 'x' });
        }
      }
      expect(replay(events), `run ${run}`).toEqual(replaySlow(events));
    }
  });
});
