// Saved chats: a transcript file per chat (the source of truth) and a small index record in
// globalState for the history list. The index is only a cache of the files: when it is corrupt
// (reset by the RecordStore) or misses a chat whose file exists, it is rebuilt from the files.
import { z } from 'zod';
import type { Clock, Logger } from '../ports';
import type { RecordSpec, RecordStore } from '../state/record';
import { replay, titleFromPrompt, type ChatEvent, type Conversation } from './conversation';
import { LIMITS, idSchema, modelRefSchema } from './model';
import {
  chatSpaceSchema,
  eventLines,
  headerLine,
  parseHeader,
  parseTranscript,
  parseTranscriptInSlices,
  parseTranscriptTail,
  type ChatSpace,
  type ParsedTranscript,
} from './transcript';
import { errorMessage } from '../errorMessage';
import { t } from '../l10n';

export const chatSummarySchema = z.object({
  id: idSchema,
  title: z.string().max(LIMITS.titleChars),
  model: modelRefSchema.nullable(),
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
  /** Prompts and answers in the chat. */
  messages: z.number().int().nonnegative(),
  /** The space it was started in (from its transcript's header); absent in older entries. */
  space: chatSpaceSchema.optional(),
});
export type ChatSummary = z.infer<typeof chatSummarySchema>;

export const chatIndexSchema = z.object({ chats: z.array(chatSummarySchema).max(20_000) });
export type ChatIndex = z.infer<typeof chatIndexSchema>;

/** From this size a transcript opens from its end first (see ChatStore.open): about 1,000 messages. */
export const LONG_TRANSCRIPT_CHARS = 1_000_000;

export const CHAT_INDEX: RecordSpec<ChatIndex> = {
  key: 'kata.chatIndex',
  version: 1,
  schema: chatIndexSchema,
  fallback: () => ({ chats: [] }),
};

/** The few file operations the store needs (node's fs/promises fits). */
export interface ChatFs {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  appendFile(path: string, data: string, encoding: 'utf8'): Promise<void>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  readdir(path: string): Promise<string[]>;
  rm(path: string, options: { force: true }): Promise<void>;
}

function isNotFound(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'ENOENT';
}

interface FileState {
  exists: boolean;
  /** The file ends in a torn line: the next append starts a fresh line first. */
  needsNewline: boolean;
  queue: Promise<void>;
}

export class ChatStore {
  private readonly files = new Map<string, FileState>();
  /** The space of each chat this store has read or been told about (its header's, once written). */
  private readonly spaces = new Map<string, ChatSpace>();
  private reconciled: Promise<void> | undefined;

  constructor(
    private readonly fs: ChatFs,
    private readonly dir: string,
    private readonly records: RecordStore,
    private readonly log: Logger,
    private readonly clock: Clock = { now: () => Date.now() },
  ) {}

  pathOf(id: string): string {
    return `${this.dir}/${idSchema.parse(id)}.jsonl`;
  }

  /** Chats, most recently updated first. */
  async list(): Promise<ChatSummary[]> {
    await this.reconcile();
    return [...this.records.read(CHAT_INDEX).chats].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async get(id: string): Promise<ChatSummary | undefined> {
    await this.reconcile();
    return this.records.read(CHAT_INDEX).chats.find((c) => c.id === id);
  }

  /** Reads a chat; a missing file is an empty chat. Never throws for bad content. */
  async load(id: string): Promise<Conversation> {
    let text = '';
    try {
      text = await this.fs.readFile(this.pathOf(id), 'utf8');
    } catch (e) {
      if (!isNotFound(e)) throw e;
      this.files.set(id, { exists: false, needsNewline: false, queue: this.files.get(id)?.queue ?? Promise.resolve() });
      return { entries: [] };
    }
    return this.loaded(id, parseTranscript(text));
  }

  /**
   * Opens a chat for display: a long transcript gives its last `entries` prompts and answers
   * first (`first`, from its end only) and the whole conversation later (`rest`, read a slice at a
   * time in the background), so a 10,000-message chat shows as fast as a short one. A short one
   * is read whole (`rest` undefined). Never throws for bad content.
   */
  async open(
    id: string,
    entries: number,
    pause: () => Promise<void> = () => new Promise((r) => setTimeout(r, 0)),
  ): Promise<{ first: Conversation; rest?: Promise<Conversation> }> {
    let text: string;
    try {
      text = await this.fs.readFile(this.pathOf(id), 'utf8');
    } catch (e) {
      if (!isNotFound(e)) throw e;
      return { first: await this.load(id) };
    }
    const tail = text.length >= LONG_TRANSCRIPT_CHARS ? parseTranscriptTail(text, entries) : undefined;
    if (!tail) return { first: this.loaded(id, parseTranscript(text)) };
    // Known now, before the rest is read: the space (from the header) and how to append.
    this.noteSpace(id, parseHeader(text)?.space);
    this.setFile(id, !text.endsWith('\n'));
    return { first: replay(tail), rest: parseTranscriptInSlices(text, pause).then((p) => this.loaded(id, p, false)) };
  }

  private setFile(id: string, tornTail: boolean): void {
    this.files.set(id, { exists: true, needsNewline: tornTail, queue: this.files.get(id)?.queue ?? Promise.resolve() });
  }

  /** Logs what was ignored; `fileState`: remember how the file ends (not when appends may have followed). */
  private loaded(id: string, parsed: ParsedTranscript, fileState = true): Conversation {
    this.noteSpace(id, parsed.header?.space);
    if (parsed.tornTail)
      this.log.warn(
        `Chat ${id}: ignored a torn last line in its transcript (the window probably closed while it was being written).`,
      );
    if (parsed.badLines.length)
      this.log.warn(
        `Chat ${id}: ignored ${parsed.badLines.length} unreadable transcript line(s) (${parsed.badLines.slice(0, 5).join(', ')}).`,
      );
    if (fileState) this.setFile(id, parsed.tornTail);
    return replay(parsed.events);
  }

  /**
   * Binds a chat not yet written to the space it is started in: the header written with its first
   * message carries it. A chat that already has a transcript keeps the space it was started in
   * (none for an older one); the answer is the space the chat has now.
   */
  async bindSpace(id: string, space: ChatSpace | undefined): Promise<ChatSpace | undefined> {
    const state = this.files.get(id);
    if (state) await state.queue;
    if (!state?.exists && space && !(await this.fileExists(id))) this.spaces.set(id, chatSpaceSchema.parse(space));
    return this.spaces.get(id);
  }

  /** The space a chat belongs to, as far as this store has read (load or bindSpace first). */
  spaceOf(id: string): ChatSpace | undefined {
    return this.spaces.get(id);
  }

  private noteSpace(id: string, space: ChatSpace | undefined): void {
    if (space) this.spaces.set(id, space);
    else this.spaces.delete(id);
  }

  private async fileExists(id: string): Promise<boolean> {
    try {
      this.noteSpace(id, parseHeader(await this.fs.readFile(this.pathOf(id), 'utf8'))?.space);
      return true;
    } catch (e) {
      if (!isNotFound(e)) throw e;
      return false;
    }
  }

  /**
   * Appends events to a chat's file (creating it with its header) and updates the index entry.
   * Appends to one chat are written in call order.
   */
  append(
    id: string,
    events: readonly ChatEvent[],
    summary?: Partial<Pick<ChatSummary, 'title' | 'model' | 'messages'>>,
  ): Promise<void> {
    const state = this.files.get(id) ?? { exists: false, needsNewline: false, queue: Promise.resolve() };
    this.files.set(id, state);
    const run = async () => {
      if (!state.exists) {
        // The file may exist without us having read it (another window): never write a second header.
        let existing = false;
        try {
          const text = await this.fs.readFile(this.pathOf(id), 'utf8');
          existing = true;
          state.needsNewline = text.length > 0 && !text.endsWith('\n');
          this.noteSpace(id, parseHeader(text)?.space);
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
        if (!existing) {
          await this.fs.mkdir(this.dir, { recursive: true });
          const space = this.spaces.get(id);
          await this.fs.appendFile(
            this.pathOf(id),
            headerLine({ id, createdAt: this.clock.now(), ...(space ? { space } : {}) }),
            'utf8',
          );
        }
        state.exists = true;
      }
      const data = (state.needsNewline ? '\n' : '') + eventLines(events);
      await this.fs.appendFile(this.pathOf(id), data, 'utf8');
      state.needsNewline = false;
      if (summary) await this.touch(id, summary);
    };
    const p = state.queue.then(run, run);
    state.queue = p.then(
      () => undefined,
      () => undefined,
    );
    return p;
  }

  async rename(id: string, title: string): Promise<void> {
    const clean = title.trim().slice(0, LIMITS.titleChars);
    if (!clean) throw new Error(t('A chat title cannot be empty.'));
    await this.append(id, [{ type: 'title', title: clean }], { title: clean });
  }

  async delete(id: string): Promise<void> {
    const state = this.files.get(id);
    if (state) await state.queue;
    await this.fs.rm(this.pathOf(id), { force: true });
    this.files.delete(id);
    this.spaces.delete(id);
    const index = this.records.read(CHAT_INDEX);
    await this.records.write(CHAT_INDEX, { chats: index.chats.filter((c) => c.id !== id) });
  }

  private async touch(id: string, patch: Partial<Pick<ChatSummary, 'title' | 'model' | 'messages'>>): Promise<void> {
    const now = this.clock.now();
    const index = this.records.read(CHAT_INDEX);
    const prev = index.chats.find((c) => c.id === id);
    const space = this.spaces.get(id) ?? prev?.space;
    const next: ChatSummary = {
      id,
      title: patch.title ?? prev?.title ?? t('New chat'),
      model: patch.model !== undefined ? patch.model : (prev?.model ?? null),
      createdAt: prev?.createdAt ?? now,
      updatedAt: now,
      messages: patch.messages ?? prev?.messages ?? 0,
      ...(space ? { space } : {}),
    };
    await this.records.write(CHAT_INDEX, { chats: [next, ...index.chats.filter((c) => c.id !== id)] });
  }

  /**
   * Makes the index agree with the files once per session: chats whose file exists but which the
   * index misses (a corrupt index was reset, or the window closed before the index was saved)
   * are added back; entries whose file is gone are removed.
   */
  reconcile(): Promise<void> {
    this.reconciled ??= this.doReconcile().catch((e) => {
      this.log.warn(`Could not check the chat index against the transcripts: ${errorMessage(e)}`);
    });
    return this.reconciled;
  }

  private async doReconcile(): Promise<void> {
    let names: string[];
    try {
      names = await this.fs.readdir(this.dir);
    } catch (e) {
      if (isNotFound(e)) names = [];
      else throw e;
    }
    const onDisk = new Set(
      names
        .filter((n) => n.endsWith('.jsonl'))
        .map((n) => n.slice(0, -'.jsonl'.length))
        .filter((id) => idSchema.safeParse(id).success),
    );
    const index = this.records.read(CHAT_INDEX);
    const kept = index.chats.filter((c) => onDisk.has(c.id));
    const known = new Set(kept.map((c) => c.id));
    const recovered: ChatSummary[] = [];
    for (const id of onDisk) {
      if (known.has(id)) continue;
      const s = await this.summarize(id);
      if (s) recovered.push(s);
    }
    if (recovered.length === 0 && kept.length === index.chats.length) return;
    if (recovered.length)
      this.log.info(
        `Chat index: rebuilt ${recovered.length} entr${recovered.length === 1 ? 'y' : 'ies'} from transcript files.`,
      );
    if (kept.length !== index.chats.length)
      this.log.info(
        `Chat index: removed ${index.chats.length - kept.length} entr${index.chats.length - kept.length === 1 ? 'y' : 'ies'} whose transcript is gone.`,
      );
    await this.records.write(CHAT_INDEX, { chats: [...kept, ...recovered] });
  }

  private async summarize(id: string): Promise<ChatSummary | undefined> {
    try {
      const text = await this.fs.readFile(this.pathOf(id), 'utf8');
      const parsed = parseTranscript(text);
      const c = replay(parsed.events);
      const first = c.entries.find((e) => e.kind === 'user');
      const lastModel = [...c.entries].reverse().find((e) => e.kind === 'assistant');
      const createdAt = parsed.header?.createdAt ?? first?.at ?? 0;
      const updatedAt = c.entries.reduce((t, e) => Math.max(t, e.at), createdAt);
      return {
        id,
        title: c.title ?? (first ? titleFromPrompt(first.text) : t('New chat')),
        model: c.model ?? (lastModel?.kind === 'assistant' ? lastModel.model : null),
        createdAt,
        updatedAt,
        messages: c.entries.length,
        ...(parsed.header?.space ? { space: parsed.header.space } : {}),
      };
    } catch (e) {
      this.log.warn(`Chat index: could not read transcript ${id}: ${errorMessage(e)}`);
      return undefined;
    }
  }
}
