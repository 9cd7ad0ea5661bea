// One open chat: its conversation, pending attachments and the answer being streamed. It turns
// provider stream events into protocol messages (text batched into one delta per ~16 ms, never
// the whole history) and into transcript events (batched per second, so a crash loses at most
// a second of text).
import type { Clock, Logger } from '../ports';
import type { ChatRequest, ProviderAdapter, ProviderId, RetryWait } from '../providers/types';
import { acceptsTemperature } from '../providers/descriptors';
import { readAnswer } from './answerStream';
import { buildContext, estimateContextTokens } from './context';
import {
  lastAnswerModel,
  reduce,
  streamingAnswer,
  titleFromPrompt,
  type ChatEvent,
  type Conversation,
} from './conversation';
import {
  LIMITS,
  sameModel,
  toAttachmentView,
  toEntryView,
  type Attachment,
  type ModelRef,
  type UserEntry,
} from './model';
import type { HostMessage, ModelOption } from './protocol';
import type { ChatStore } from './store';
import { pageBefore } from './paging';
import { chatStrings } from './strings';
import { errorMessage } from '../errorMessage';
import { t } from '../l10n';

export interface ChatSettings {
  systemPrompt: string;
  maxOutputTokens: number;
  /** Null: the provider's default. */
  temperature: number | null;
  contextTokenLimit: number;
}

export interface ChatSessionDeps {
  id: string;
  store: ChatStore;
  provider(id: ProviderId): ProviderAdapter;
  settings(): ChatSettings;
  log: Logger;
  clock: Clock;
  newId(): string;
  /** Delivers a message to the webview (dropped by the panel while the webview is not loaded). */
  post(m: HostMessage): void;
  batchMs?: number;
  persistMs?: number;
}

interface Streaming {
  answerId: string;
  controller: AbortController;
  startedAt: number;
  stoppedByUser: boolean;
  pending: string;
  unsaved: string;
  flushTimer?: ReturnType<typeof setTimeout>;
  persistTimer?: ReturnType<typeof setTimeout>;
  done: Promise<void>;
}

export class ChatSession {
  private conversation: Conversation;
  private attachments: Attachment[] = [];
  private selected: ModelRef | undefined;
  private streaming: Streaming | undefined;
  private saveError = false;

  constructor(
    private readonly deps: ChatSessionDeps,
    initial: Conversation,
    defaultModel?: ModelRef,
  ) {
    this.conversation = initial;
    this.selected = initial.model ?? lastAnswerModel(initial) ?? defaultModel;
  }

  get id(): string {
    return this.deps.id;
  }
  get busy(): boolean {
    return this.streaming !== undefined;
  }
  get model(): ModelRef | undefined {
    return this.selected;
  }
  get title(): string {
    return this.conversation.title ?? t('New chat');
  }
  snapshot(): Conversation {
    return this.conversation;
  }
  /**
   * The whole conversation of a chat opened from its transcript's end (ChatStore.open), before
   * anything was sent: the title stays the newer one (a rename while it was read). True when
   * the last page differs from the one shown from the end (a transcript edited by hand).
   */
  adopt(full: Conversation): boolean {
    const lastPage = () => JSON.stringify(pageBefore(this.conversation.entries, this.conversation.entries.length));
    const shown = lastPage();
    this.conversation = { ...full, title: this.conversation.title ?? full.title };
    return lastPage() !== shown;
  }

  /** Everything the webview needs after it (re)loads: the last page, models, attachments. */
  initMessage(models: ModelOption[]): HostMessage {
    const { entries, hasEarlier } = pageBefore(this.conversation.entries, this.conversation.entries.length);
    return {
      type: 'init',
      chatId: this.deps.id,
      title: this.title,
      models,
      selected: this.selected ?? null,
      entries,
      hasEarlier,
      attachments: this.attachments.map(toAttachmentView),
      contextTokens: this.contextTokens(),
      contextTokenLimit: this.deps.settings().contextTokenLimit,
      strings: chatStrings(),
    };
  }

  earlierMessage(beforeId: string): HostMessage | undefined {
    const idx = this.conversation.entries.findIndex((e) => e.id === beforeId);
    if (idx < 0) return undefined;
    const { entries, hasEarlier } = pageBefore(this.conversation.entries, idx);
    return { type: 'earlier', entries, hasEarlier };
  }

  /** The title was changed (and saved) elsewhere. */
  setTitle(title: string): void {
    this.conversation = reduce(this.conversation, { type: 'title', title });
  }

  selectModel(m: ModelRef): void {
    this.selected = m;
  }

  contextTokens(): number {
    return estimateContextTokens(this.conversation.entries, this.attachments, this.deps.settings().systemPrompt);
  }

  addAttachment(a: Attachment): { ok: true } | { ok: false; reason: string } {
    if (this.attachments.length >= LIMITS.attachmentsPerMessage)
      return {
        ok: false,
        reason: t('A message can carry at most {0} attachments; remove one first.', LIMITS.attachmentsPerMessage),
      };
    // Attaching the same selection or file twice replaces the earlier copy.
    this.attachments = [...this.attachments.filter((x) => x.label !== a.label), a];
    this.postAttachments();
    return { ok: true };
  }

  removeAttachment(id: string): void {
    this.attachments = this.attachments.filter((a) => a.id !== id);
    this.postAttachments();
  }

  postAttachments(): void {
    this.deps.post({
      type: 'attachments',
      items: this.attachments.map(toAttachmentView),
      contextTokens: this.contextTokens(),
      contextTokenLimit: this.deps.settings().contextTokenLimit,
    });
  }

  /** Applies events to the conversation and saves them. */
  private apply(events: ChatEvent[], updateIndex: boolean): Promise<void> {
    for (const ev of events) this.conversation = reduce(this.conversation, ev);
    return this.save(events, updateIndex);
  }

  private save(events: ChatEvent[], updateIndex: boolean): Promise<void> {
    const summary = updateIndex
      ? { title: this.title, model: this.selected ?? null, messages: this.conversation.entries.length }
      : undefined;
    return this.deps.store.append(this.deps.id, events, summary).then(
      () => {
        this.saveError = false;
      },
      (e: unknown) => {
        this.deps.log.error(`Could not save chat ${this.deps.id}: ${errorMessage(e)}`);
        if (!this.saveError)
          this.deps.post({
            type: 'notice',
            level: 'error',
            text: t(
              'This chat could not be saved to disk (see the Kata Cloud log). The conversation continues in this window.',
            ),
          });
        this.saveError = true;
      },
    );
  }

  /** Sends a prompt with the pending attachments. Resolves when the answer has finished. */
  async send(text: string, model: ModelRef): Promise<void> {
    if (this.streaming) {
      this.deps.post({
        type: 'notice',
        level: 'warning',
        text: t('An answer is still streaming: stop it (Esc) before sending another prompt.'),
      });
      return;
    }
    if (!text.trim()) return;
    this.selected = model;
    const history = this.conversation.entries;
    const built = buildContext({
      history,
      prompt: { text, attachments: this.attachments },
      system: this.deps.settings().systemPrompt,
      limit: this.deps.settings().contextTokenLimit,
    });
    const user: UserEntry = {
      kind: 'user',
      id: this.deps.newId(),
      text,
      attachments: this.attachments,
      at: this.deps.clock.now(),
      ...(built.notice ? { contextNotice: built.notice } : {}),
    };
    const events: ChatEvent[] = [];
    if (!this.conversation.title) events.push({ type: 'title', title: titleFromPrompt(text) });
    if (!sameModel(this.conversation.model, model)) events.push({ type: 'model', model });
    events.push({ type: 'user', entry: user });
    void this.apply(events, true);
    if (events[0].type === 'title') this.deps.post({ type: 'title', title: this.title });
    this.deps.post({ type: 'entry', entry: toEntryView(user) });
    this.attachments = [];
    this.postAttachments();
    if (built.notice) this.deps.post({ type: 'notice', level: 'warning', text: built.notice });
    await this.answer(user, model, built.messages, built.system);
  }

  /** Replaces a failed, stopped or interrupted last answer with a new one. */
  async retry(answerId: string): Promise<void> {
    if (this.streaming) return;
    const entries = this.conversation.entries;
    const last = entries[entries.length - 1];
    if (!last || last.kind !== 'assistant' || last.id !== answerId) {
      this.deps.post({ type: 'notice', level: 'info', text: t('Only the last answer can be retried.') });
      return;
    }
    const userIdx = entries.findIndex((e) => e.id === last.replyTo);
    const user = entries[userIdx];
    if (!user || user.kind !== 'user') return;
    void this.apply([{ type: 'remove', id: answerId }], true);
    this.deps.post({ type: 'remove', entryId: answerId });
    const model = this.selected ?? last.model;
    const built = buildContext({
      history: entries.slice(0, userIdx),
      prompt: user,
      system: this.deps.settings().systemPrompt,
      limit: this.deps.settings().contextTokenLimit,
    });
    if (built.notice) this.deps.post({ type: 'notice', level: 'warning', text: built.notice });
    await this.answer(user, model, built.messages, built.system);
  }

  /** Aborts the streaming answer at once (the HTTP request is closed); its text is kept. */
  stop(): void {
    if (!this.streaming) return;
    this.streaming.stoppedByUser = true;
    this.streaming.controller.abort();
  }

  /** Stops streaming and waits for the answer to be saved (panel closed, window closing). */
  async dispose(): Promise<void> {
    const s = this.streaming;
    if (!s) return;
    s.stoppedByUser = true;
    s.controller.abort();
    await s.done;
  }

  private async answer(
    user: UserEntry,
    model: ModelRef,
    messages: ChatRequest['messages'],
    system: string | undefined,
  ): Promise<void> {
    const settings = this.deps.settings();
    const answerId = this.deps.newId();
    const startedAt = this.deps.clock.now();
    let finish!: () => void;
    const s: Streaming = {
      answerId,
      controller: new AbortController(),
      startedAt,
      stoppedByUser: false,
      pending: '',
      unsaved: '',
      done: new Promise((r) => (finish = r)),
    };
    this.streaming = s;
    void this.apply([{ type: 'answerStart', id: answerId, replyTo: user.id, model, at: startedAt }], true);
    this.deps.post({ type: 'entry', entry: toEntryView(streamingAnswer(this.conversation)!) });

    const request: ChatRequest = {
      model: model.modelId,
      messages,
      ...(system ? { system } : {}),
      maxTokens: settings.maxOutputTokens,
      ...(settings.temperature !== null && acceptsTemperature(model) ? { temperature: settings.temperature } : {}),
    };
    const onRetryWait = (w: RetryWait) =>
      this.deps.post({ type: 'retryWait', answerId, ...w, delayMs: Math.round(w.delayMs) });
    const events = this.deps.provider(model.providerId).stream(request, { signal: s.controller.signal, onRetryWait });
    const { status, usage, stopReason, error } = await readAnswer(events, {
      text: (t) => this.queueDelta(s, t),
      refusal: (t) => this.refusal(s, t),
      abort: () => s.controller.abort(),
      stoppedByUser: () => s.stoppedByUser,
      log: this.deps.log,
      chatId: this.deps.id,
    });
    this.flush(s);
    clearTimeout(s.persistTimer);
    const durationMs = Math.max(0, Math.round(this.deps.clock.now() - startedAt));
    const end: ChatEvent = {
      type: 'answerEnd',
      id: answerId,
      status,
      durationMs,
      ...(usage ? { usage } : {}),
      ...(stopReason ? { stopReason } : {}),
      ...(error ? { error } : {}),
    };
    // The text is in the conversation already (flush applied it); the file still needs its tail.
    this.conversation = reduce(this.conversation, end);
    const saved = this.save(
      [...(s.unsaved ? [{ type: 'answerDelta' as const, id: answerId, text: s.unsaved }] : []), end],
      true,
    );
    s.unsaved = '';
    this.streaming = undefined;
    const { type: _t, id: _i, ...rest } = end;
    this.deps.post({ type: 'answerEnd', answerId, ...rest });
    this.postAttachments();
    await saved;
    finish();
  }

  /** A refusal is short and rare: it goes out and to disk at once, after the text before it. */
  private refusal(s: Streaming, text: string): void {
    this.flush(s);
    const ev: ChatEvent = { type: 'answerRefusal', id: s.answerId, text };
    this.conversation = reduce(this.conversation, ev);
    this.deps.post({ type: 'refusal', answerId: s.answerId, text });
    const unsaved = s.unsaved ? [{ type: 'answerDelta' as const, id: s.answerId, text: s.unsaved }] : [];
    s.unsaved = '';
    void this.deps.store
      .append(this.deps.id, [...unsaved, ev])
      .catch((e: unknown) => this.deps.log.error(`Could not save chat ${this.deps.id}: ${errorMessage(e)}`));
  }

  private queueDelta(s: Streaming, text: string): void {
    s.pending += text;
    s.unsaved += text;
    s.flushTimer ??= setTimeout(() => this.flush(s), this.deps.batchMs ?? 16);
    s.persistTimer ??= setTimeout(() => this.persist(s), this.deps.persistMs ?? 1000);
  }

  private flush(s: Streaming): void {
    clearTimeout(s.flushTimer);
    s.flushTimer = undefined;
    if (!s.pending) return;
    const text = s.pending;
    s.pending = '';
    this.conversation = reduce(this.conversation, { type: 'answerDelta', id: s.answerId, text });
    this.deps.post({ type: 'delta', answerId: s.answerId, text });
  }

  private persist(s: Streaming): void {
    s.persistTimer = undefined;
    if (!s.unsaved || this.streaming !== s) return;
    const text = s.unsaved;
    s.unsaved = '';
    // The conversation already has this text (flush applied it): only the file needs it.
    void this.deps.store
      .append(this.deps.id, [{ type: 'answerDelta', id: s.answerId, text }])
      .catch((e: unknown) => this.deps.log.error(`Could not save chat ${this.deps.id}: ${errorMessage(e)}`));
  }
}
