// Transcript files: one append-only JSONL file per chat. The first line is a header, every other
// line one conversation event. Appends are whole lines, so a crash can only leave a torn last
// line; the reader ignores it (and any other line that does not parse) instead of failing.
import { z } from 'zod';
import { chatEventSchema, type ChatEvent } from './conversation';
import { chatSpaceSchema, idSchema, type ChatSpace } from './model';

export const TRANSCRIPT_VERSION = 1;

export { chatSpaceSchema, type ChatSpace };

export const transcriptHeaderSchema = z.object({
  kind: z.literal('kata-chat'),
  v: z.literal(TRANSCRIPT_VERSION),
  id: idSchema,
  createdAt: z.number().int().nonnegative(),
  // Added later, so optional (the version stays 1: older headers read as chats without a space).
  // A malformed space is dropped, not the header: the chat still loads, only unbound.
  space: chatSpaceSchema.optional().catch(undefined),
});
export type TranscriptHeader = z.infer<typeof transcriptHeaderSchema>;

export function headerLine(h: Omit<TranscriptHeader, 'kind' | 'v'>): string {
  const space = h.space ? { space: { path: h.space.path, name: h.space.name } } : {};
  return `${JSON.stringify({ kind: 'kata-chat', v: TRANSCRIPT_VERSION, id: h.id, createdAt: h.createdAt, ...space })}\n`;
}

export function eventLines(events: readonly ChatEvent[]): string {
  return events.map((e) => `${JSON.stringify(e)}\n`).join('');
}

export interface ParsedTranscript {
  header?: TranscriptHeader;
  events: ChatEvent[];
  /** Complete lines that did not parse (logged by the caller, otherwise ignored). */
  badLines: number[];
  /** The file does not end with a newline: its last line was torn by a crash (or is still being written). */
  tornTail: boolean;
}

export function parseTranscript(text: string): ParsedTranscript {
  const out: ParsedTranscript = { events: [], badLines: [], tornTail: text.length > 0 && !text.endsWith('\n') };
  const lines = text.split('\n');
  // The piece after the last newline is a torn write (or empty): never trusted.
  lines.pop();
  parseLines(lines, 0, out);
  return out;
}

/**
 * The same as parseTranscript, a slice of lines at a time with `pause()` between slices, so a
 * long transcript read in the background never holds the extension host for long.
 */
export async function parseTranscriptInSlices(
  text: string,
  pause: () => Promise<void>,
  slice = 2000,
): Promise<ParsedTranscript> {
  const out: ParsedTranscript = { events: [], badLines: [], tornTail: text.length > 0 && !text.endsWith('\n') };
  // Nothing before the first pause: the caller shows the first page meanwhile.
  await pause();
  const lines = text.split('\n');
  lines.pop();
  for (let i = 0; i < lines.length; i += slice) {
    if (i > 0) await pause();
    parseLines(lines.slice(i, i + slice), i, out);
  }
  return out;
}

function parseLines(lines: string[], first: number, out: ParsedTranscript): void {
  lines.forEach((raw, k) => {
    const i = first + k;
    const line = raw.trim();
    if (!line) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      out.badLines.push(i + 1);
      return;
    }
    if (i === 0 && !out.header) {
      const h = transcriptHeaderSchema.safeParse(json);
      if (h.success) {
        out.header = h.data;
        return;
      }
    }
    const ev = chatEventSchema.safeParse(json);
    if (ev.success) out.events.push(ev.data);
    else out.badLines.push(i + 1);
  });
}

/** The header alone (the first line), without reading the events. */
export function parseHeader(text: string): TranscriptHeader | undefined {
  const end = text.indexOf('\n');
  if (end < 0) return undefined;
  try {
    const h = transcriptHeaderSchema.safeParse(JSON.parse(text.slice(0, end)));
    return h.success ? h.data : undefined;
  } catch {
    return undefined;
  }
}

function parseEvent(line: string): ChatEvent | undefined {
  try {
    const ev = chatEventSchema.safeParse(JSON.parse(line));
    return ev.success ? ev.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The end of a transcript, for showing a long chat's last page before the rest is read: complete
 * lines from the last one backwards until they hold more than `entries` prompts and answers and
 * start at a prompt (an answer is only kept after its prompt), preceded by the last title and
 * model events of the part not read (found by their line's start, which this file's writer
 * always gives them). Undefined when that would be the whole file anyway. Replaying it gives the
 * same last entries as replaying the whole file, except in a transcript edited by hand; the
 * caller compares once the whole file is read.
 */
export function parseTranscriptTail(text: string, entries: number): ChatEvent[] | undefined {
  const events: ChatEvent[] = [];
  let count = 0;
  // Complete lines only: the piece after the last newline is torn.
  let end = text.lastIndexOf('\n');
  for (;;) {
    if (end <= 0) return undefined;
    const start = text.lastIndexOf('\n', end - 1) + 1;
    // The first line is the header: the tail would be the whole file.
    if (start === 0) return undefined;
    const ev = parseEvent(text.slice(start, end));
    end = start - 1;
    if (!ev) continue;
    events.push(ev);
    if (ev.type === 'user' || ev.type === 'answerStart') count++;
    else if (ev.type === 'remove') count--;
    if (ev.type === 'user' && count > entries) break;
  }
  const earlier = (['title', 'model'] as const)
    .map((type) => {
      const at = text.lastIndexOf(`\n{"type":"${type}"`, end);
      return at < 0 ? undefined : { at, ev: parseEvent(text.slice(at + 1, text.indexOf('\n', at + 1))) };
    })
    .filter((x): x is { at: number; ev: ChatEvent } => !!x?.ev)
    .sort((a, b) => a.at - b.at)
    .map((x) => x.ev);
  return [...earlier, ...events.reverse()];
}
