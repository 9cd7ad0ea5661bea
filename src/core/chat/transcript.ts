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
  const events: ChatEvent[] = [];
  const badLines: number[] = [];
  let header: TranscriptHeader | undefined;
  const tornTail = text.length > 0 && !text.endsWith('\n');
  const lines = text.split('\n');
  // The piece after the last newline is a torn write (or empty): never trusted.
  lines.pop();
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      badLines.push(i + 1);
      return;
    }
    if (i === 0 && !header) {
      const h = transcriptHeaderSchema.safeParse(json);
      if (h.success) {
        header = h.data;
        return;
      }
    }
    const ev = chatEventSchema.safeParse(json);
    if (ev.success) events.push(ev.data);
    else badLines.push(i + 1);
  });
  return { header, events, badLines, tornTail };
}
