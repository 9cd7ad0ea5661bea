// The conversation reducer: every change to a chat is an event, and the state is the fold of its
// events. The transcript file is the same event list on disk, so loading a chat is replaying it.
import { z } from 'zod';
import { t } from '../l10n';
import {
  LIMITS,
  answerStatusSchema,
  errorInfoSchema,
  idSchema,
  modelRefSchema,
  usageSchema,
  userEntrySchema,
  type AssistantEntry,
  type Entry,
  type ModelRef,
} from './model';

export const chatEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), entry: userEntrySchema }),
  z.object({
    type: z.literal('answerStart'),
    id: idSchema,
    replyTo: idSchema,
    model: modelRefSchema,
    at: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('answerDelta'), id: idSchema, text: z.string().max(LIMITS.answerChars) }),
  z.object({ type: z.literal('answerRefusal'), id: idSchema, text: z.string().max(LIMITS.answerChars) }),
  z.object({
    type: z.literal('answerEnd'),
    id: idSchema,
    status: answerStatusSchema.exclude(['streaming']),
    usage: usageSchema.optional(),
    stopReason: z.string().max(64).optional(),
    durationMs: z.number().int().nonnegative().optional(),
    error: errorInfoSchema.optional(),
  }),
  /** Drops an entry (an answer replaced by Retry). */
  z.object({ type: z.literal('remove'), id: idSchema }),
  z.object({ type: z.literal('title'), title: z.string().min(1).max(LIMITS.titleChars) }),
  z.object({ type: z.literal('model'), model: modelRefSchema }),
]);
export type ChatEvent = z.infer<typeof chatEventSchema>;

export interface Conversation {
  title?: string;
  model?: ModelRef;
  entries: readonly Entry[];
}

export const emptyConversation = (): Conversation => ({ entries: [] });

/** The answer still streaming, if any (there is at most one, and it is the last entry). */
export function streamingAnswer(c: Conversation): AssistantEntry | undefined {
  const last = c.entries[c.entries.length - 1];
  return last?.kind === 'assistant' && last.status === 'streaming' ? last : undefined;
}

/** The model of the newest answer: what a chat without a chosen model continues with. */
export function lastAnswerModel(c: Conversation): ModelRef | undefined {
  for (let i = c.entries.length - 1; i >= 0; i--) {
    const e = c.entries[i];
    if (e.kind === 'assistant') return e.model;
  }
  return undefined;
}

/** The answer as it ends: its final status and the facts the end event carries. */
function finished(a: AssistantEntry, ev: Extract<ChatEvent, { type: 'answerEnd' }>): AssistantEntry {
  return {
    ...a,
    status: ev.status,
    ...(ev.usage ? { usage: ev.usage } : {}),
    ...(ev.stopReason ? { stopReason: ev.stopReason } : {}),
    ...(ev.durationMs !== undefined ? { durationMs: ev.durationMs } : {}),
    ...(ev.error ? { error: ev.error } : {}),
  };
}

const startedAnswer = (ev: Extract<ChatEvent, { type: 'answerStart' }>): AssistantEntry => ({
  kind: 'assistant',
  id: ev.id,
  replyTo: ev.replyTo,
  text: '',
  status: 'streaming',
  model: ev.model,
  at: ev.at,
});

const withRefusal = (a: AssistantEntry, text: string): AssistantEntry => ({ ...a, refusal: (a.refusal ?? '') + text });

function replaceAnswer(c: Conversation, id: string, f: (a: AssistantEntry) => AssistantEntry): Conversation {
  // Answers being changed are nearly always the last entry: look there first.
  for (let i = c.entries.length - 1; i >= 0; i--) {
    const e = c.entries[i];
    if (e.id === id) {
      if (e.kind !== 'assistant') return c;
      const entries = c.entries.slice();
      entries[i] = f(e);
      return { ...c, entries };
    }
  }
  return c;
}

/**
 * Applies one event. Events that do not fit the state (a delta for an unknown or finished answer,
 * a duplicate id) leave it unchanged: a transcript written by a crashing process may hold them.
 */
export function reduce(c: Conversation, ev: ChatEvent): Conversation {
  switch (ev.type) {
    case 'user': {
      if (c.entries.some((e) => e.id === ev.entry.id)) return c;
      // A prompt sent while an answer streams cannot happen in the UI; if the file says so, the
      // earlier answer was cut off by a crash.
      const open = streamingAnswer(c);
      const base = open ? replaceAnswer(c, open.id, (a) => ({ ...a, status: 'interrupted' })) : c;
      return { ...base, entries: [...base.entries, ev.entry] };
    }
    case 'answerStart': {
      if (c.entries.some((e) => e.id === ev.id)) return c;
      if (!c.entries.some((e) => e.id === ev.replyTo && e.kind === 'user')) return c;
      const open = streamingAnswer(c);
      const base = open ? replaceAnswer(c, open.id, (a) => ({ ...a, status: 'interrupted' })) : c;
      return { ...base, entries: [...base.entries, startedAnswer(ev)] };
    }
    case 'answerDelta':
      return replaceAnswer(c, ev.id, (a) => (a.status === 'streaming' ? { ...a, text: a.text + ev.text } : a));
    case 'answerRefusal':
      return replaceAnswer(c, ev.id, (a) => (a.status === 'streaming' ? withRefusal(a, ev.text) : a));
    case 'answerEnd':
      return replaceAnswer(c, ev.id, (a) => (a.status !== 'streaming' ? a : finished(a, ev)));
    case 'remove':
      return c.entries.some((e) => e.id === ev.id) ? { ...c, entries: c.entries.filter((e) => e.id !== ev.id) } : c;
    case 'title':
      return { ...c, title: ev.title };
    case 'model':
      return { ...c, model: ev.model };
  }
}

/** Folds events with `reduce`, one state per event (the reference semantics of `replay`). */
export function replaySlow(events: Iterable<ChatEvent>): Conversation {
  let c = emptyConversation();
  for (const ev of events) c = reduce(c, ev);
  return closeOpenAnswer(c);
}

function closeOpenAnswer(c: Conversation): Conversation {
  const open = streamingAnswer(c);
  return open ? replaceAnswer(c, open.id, (a) => ({ ...a, status: 'interrupted' })) : c;
}

/**
 * Replays a transcript: the same result as folding `reduce`, in one pass over a mutable list
 * (a 1,000-message chat would otherwise copy its entry list once per event). An answer left
 * streaming (the process died mid-answer) becomes interrupted.
 */
export function replay(events: Iterable<ChatEvent>): Conversation {
  const entries: Entry[] = [];
  const at = new Map<string, number>();
  let title: string | undefined;
  let model: ModelRef | undefined;
  const closeOpen = () => {
    const last = entries[entries.length - 1];
    if (last?.kind === 'assistant' && last.status === 'streaming')
      entries[entries.length - 1] = { ...last, status: 'interrupted' };
  };
  for (const ev of events) {
    switch (ev.type) {
      case 'user':
        if (at.has(ev.entry.id)) break;
        closeOpen();
        at.set(ev.entry.id, entries.length);
        entries.push(ev.entry);
        break;
      case 'answerStart': {
        if (at.has(ev.id)) break;
        const to = at.get(ev.replyTo);
        if (to === undefined || entries[to].kind !== 'user') break;
        closeOpen();
        at.set(ev.id, entries.length);
        entries.push(startedAnswer(ev));
        break;
      }
      case 'answerDelta':
      case 'answerRefusal':
      case 'answerEnd': {
        const i = at.get(ev.id);
        const a = i === undefined ? undefined : entries[i];
        if (i === undefined || !a || a.kind !== 'assistant' || a.status !== 'streaming') break;
        if (ev.type === 'answerDelta') {
          entries[i] = { ...a, text: a.text + ev.text };
        } else if (ev.type === 'answerRefusal') {
          entries[i] = withRefusal(a, ev.text);
        } else {
          entries[i] = finished(a, ev);
        }
        break;
      }
      case 'remove': {
        const i = at.get(ev.id);
        if (i === undefined) break;
        entries.splice(i, 1);
        at.clear();
        entries.forEach((e, k) => at.set(e.id, k));
        break;
      }
      case 'title':
        title = ev.title;
        break;
      case 'model':
        model = ev.model;
        break;
    }
  }
  closeOpen();
  return { ...(title !== undefined ? { title } : {}), ...(model ? { model } : {}), entries };
}

/** A title from the first prompt: one line, trimmed, at most 60 characters. */
export function titleFromPrompt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line) return t('New chat');
  return line.length > 60 ? `${line.slice(0, 57).trimEnd()}…` : line;
}
