// The conversation list: one article per entry, the streaming answer updated once per animation
// frame with whatever deltas arrived, older pages prepended on demand (only the last page is
// rendered when a chat opens, so a 1,000-message chat opens as fast as a short one).
import { answerFacts } from '../core/chat/export';
import type { AssistantEntry, EntryView, ErrorInfo, UserEntryView } from '../core/chat/model';
import type { HostMessage } from '../core/chat/protocol';
import { formatSize, h, icon } from './dom';
import { MarkdownView, renderStatic } from './markdownView';
import { clearQueue } from './schedule';

type AnswerEnd = Extract<HostMessage, { type: 'answerEnd' }>;

interface Streaming {
  id: string;
  entry: AssistantEntry;
  view: MarkdownView;
  article: HTMLElement;
  pending: string;
  /** Joined from the deltas; never read whole while streaming (a 10 MiB rope would be copied). */
  text: string;
  /** No visible character yet. */
  blank: boolean;
  /** The user pressed Stop: later deltas are not shown. */
  frozen: boolean;
  refusal: string;
}

export interface ListEvents {
  retry(answerId: string): void;
  setApiKey(providerId?: string): void;
  loadEarlier(beforeId: string): void;
  announce(text: string): void;
}

const STATUS_TEXT: Record<string, [icon: string, text: string]> = {
  stopped: ['debug-stop', 'Stopped'],
  interrupted: ['warning', 'Interrupted'],
  error: ['error', 'Failed'],
};

/** Plain text (never Markdown) in its own box, so a refusal cannot pass for an answer. */
function refusalBox(text: string): HTMLElement {
  return h(
    'div',
    { class: 'refusal', role: 'note', 'aria-label': 'The model refused' },
    h('p', { class: 'refusal-title' }, icon('circle-slash'), ' Refused'),
    h('p', { class: 'refusal-text', text }),
  );
}

export class ConversationList {
  readonly scroller: HTMLElement;
  private readonly items: HTMLElement;
  private readonly earlier: HTMLButtonElement;
  private streaming: Streaming | undefined;
  private frame = 0;
  private announceBuf = '';
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private loadingEarlier = false;
  /** Follow new text at the bottom; turned off when the user scrolls up, on again at the bottom. */
  private stick = true;
  private scrollFrame = 0;

  constructor(private readonly events: ListEvents) {
    this.earlier = h(
      'button',
      { type: 'button', class: 'load-earlier', hidden: true },
      icon('fold-up'),
      ' Load earlier messages',
    );
    this.earlier.addEventListener('click', () => this.requestEarlier());
    this.items = h('div', { class: 'entries' });
    // A new chat says what to do; CSS shows it only while the loaded chat has no entries.
    const hint = h(
      'div',
      { class: 'empty-hint' },
      h('p', { text: 'Ask anything: the answer streams here as Markdown, and Esc stops it.' }),
      h('p', {
        text: 'For context, attach a file or notes/spec.md with the buttons under the prompt, or select code in an editor and run Ask About Selection.',
      }),
    );
    this.scroller = h(
      'main',
      { class: 'log', 'aria-label': 'Conversation', tabindex: '-1' },
      this.earlier,
      this.items,
      hint,
    );
    // Scrolling to the top loads the previous page.
    // Entries off screen are laid out lazily (content-visibility), so heights settle after a
    // scroll: keep following the end while the list grows, if the user is at the end.
    new ResizeObserver(() => this.scrollToBottom()).observe(this.items);
    // Only the user stops the following: a wheel or key up, or dragging the scroll bar away from
    // the end. Our own scrolls (and lazily laid-out entries settling) never do.
    let dragging = false;
    this.scroller.addEventListener(
      'wheel',
      (e) => {
        if (e.deltaY < 0) this.stick = false;
      },
      { passive: true },
    );
    this.scroller.addEventListener('keydown', (e) => {
      if (e.key === 'PageUp' || e.key === 'ArrowUp' || e.key === 'Home') this.stick = false;
    });
    this.scroller.addEventListener('pointerdown', () => (dragging = true));
    window.addEventListener('pointerup', () => (dragging = false));
    this.scroller.addEventListener('scroll', () => {
      // Layout is fresh in a scroll handler: reading it here costs nothing extra, unlike in a delta.
      if (dragging) this.stick = this.atBottom();
      else if (!this.stick && this.atBottom()) this.stick = true;
      if (this.scroller.scrollTop < 80 && !this.earlier.hidden) this.requestEarlier();
    });
  }

  private requestEarlier(): void {
    const first = this.items.firstElementChild as HTMLElement | null;
    if (this.loadingEarlier || !first?.dataset.id) return;
    this.loadingEarlier = true;
    this.events.loadEarlier(first.dataset.id);
  }

  reset(entries: EntryView[], hasEarlier: boolean): void {
    cancelAnimationFrame(this.frame);
    this.streaming = undefined;
    // Rendering queued for the entries being replaced is dropped.
    clearQueue();
    this.items.replaceChildren(...entries.map((e) => this.render(e)));
    this.scroller.classList.add('loaded');
    this.stick = true;
    this.earlier.hidden = !hasEarlier;
    this.loadingEarlier = false;
    this.scrollToBottom();
  }

  prepend(entries: EntryView[], hasEarlier: boolean): void {
    const before = this.scroller.scrollHeight;
    this.items.prepend(...entries.map((e) => this.render(e)));
    this.earlier.hidden = !hasEarlier;
    this.loadingEarlier = false;
    // Keep what the user was looking at in place.
    this.scroller.scrollTop += this.scroller.scrollHeight - before;
  }

  get size(): number {
    return this.items.childElementCount;
  }

  /** Adds an entry, or replaces the one with the same id. */
  upsert(e: EntryView): void {
    const el = this.render(e);
    const old = this.find(e.id);
    if (old) old.replaceWith(el);
    else this.items.append(el);
    if (e.kind === 'user') this.stick = true;
    this.scrollToBottom();
  }

  remove(id: string): void {
    if (this.streaming?.id === id) this.streaming = undefined;
    this.find(id)?.remove();
  }

  delta(answerId: string, text: string): void {
    const s = this.streaming;
    if (!s || s.id !== answerId || s.frozen) return;
    s.pending += text;
    // Deltas are batched per animation frame: however many arrive, the DOM is touched once.
    this.frame ||= requestAnimationFrame(() => this.flush());
  }

  /** Stop was pressed: what arrived so far is shown now, nothing after it. */
  freeze(): void {
    const s = this.streaming;
    if (!s) return;
    this.flush();
    s.frozen = true;
  }

  /** The model declined: its words go in a refusal box, never into the answer's Markdown. */
  refusal(answerId: string, text: string): void {
    const s = this.streaming;
    if (!s || s.id !== answerId) return;
    this.flush();
    s.refusal += text;
    const box = s.article.querySelector('.refusal');
    if (box) box.querySelector('.refusal-text')!.textContent = s.refusal;
    else s.article.querySelector('.md')!.after(refusalBox(s.refusal));
    this.scrollToBottom();
  }

  /** Applies pending deltas now (also called by the frame callback). */
  flush(): void {
    this.frame = 0;
    const s = this.streaming;
    if (!s || !s.pending) return;
    const text = s.pending;
    s.pending = '';
    s.text += text;
    if (s.blank && /\S/.test(text)) s.blank = false;
    s.view.append(text);
    this.scrollToBottom();
  }

  end(m: AnswerEnd): void {
    const s = this.streaming;
    if (!s || s.id !== m.answerId) return;
    this.flush();
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    s.view.finish();
    this.streaming = undefined;
    s.article.classList.remove('streaming');
    s.article.setAttribute('aria-busy', 'false');
    const { type: _type, answerId: _id, ...facts } = m;
    this.decorateAnswer(
      s.article,
      { ...s.entry, ...facts, text: s.text, ...(s.refusal ? { refusal: s.refusal } : {}) },
      s.blank,
    );
    this.flushAnnouncement();
    const status =
      m.status === 'done'
        ? 'Answer complete.'
        : m.status === 'stopped'
          ? 'Answer stopped.'
          : m.status === 'interrupted'
            ? 'Answer interrupted.'
            : `Request failed: ${m.error?.message ?? ''}`;
    this.events.announce(status);
  }

  /** Text of the streaming answer so far (for tests and the bench). */
  get streamingText(): string {
    return this.streaming ? this.streaming.text + this.streaming.pending : '';
  }

  private find(id: string): HTMLElement | null {
    for (const el of Array.from(this.items.children) as HTMLElement[]) if (el.dataset.id === id) return el;
    return null;
  }

  private atBottom(): boolean {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < 48;
  }

  /** Scrolls to the end in the next frame (if following), so a delta never forces a layout of its own. */
  private scrollToBottom(): void {
    if (!this.stick || this.scrollFrame) return;
    this.scrollFrame = requestAnimationFrame(() => {
      this.scrollFrame = 0;
      if (this.stick) this.scroller.scrollTop = this.scroller.scrollHeight;
    });
  }

  private render(e: EntryView): HTMLElement {
    return e.kind === 'user' ? this.renderUser(e) : this.renderAnswer(e);
  }

  private renderUser(e: UserEntryView): HTMLElement {
    const chips = e.attachments.length
      ? h(
          'ul',
          { class: 'chips sent', 'aria-label': 'Attachments' },
          ...e.attachments.map((a) =>
            h(
              'li',
              { class: 'chip', title: a.label },
              icon(a.kind === 'selection' ? 'selection' : a.kind === 'spec' ? 'notebook' : 'file'),
              h('span', { class: 'chip-label', text: a.label }),
              h('span', { class: 'chip-size', text: formatSize(a.chars) }),
            ),
          ),
        )
      : null;
    const notice = e.contextNotice
      ? h('p', { class: 'context-notice', role: 'note' }, icon('warning'), ` ${e.contextNotice}`)
      : null;
    return h(
      'article',
      { class: 'entry user', 'data-id': e.id, 'aria-label': 'You' },
      h('div', { class: 'who' }, icon('account'), ' You'),
      chips,
      h('div', { class: 'prompt-text', text: e.text }),
      notice,
    );
  }

  private renderAnswer(e: AssistantEntry): HTMLElement {
    const body = h('div', { class: 'md' });
    const article = h(
      'article',
      { class: 'entry assistant', 'data-id': e.id, 'aria-label': 'Answer' },
      h('div', { class: 'who' }, icon('sparkle'), ` ${e.model.modelId}`),
      body,
    );
    if (e.status === 'streaming') {
      if (this.streaming) this.end({ type: 'answerEnd', answerId: this.streaming.id, status: 'interrupted' });
      const view = new MarkdownView(body);
      view.onBlock = (el) => this.queueAnnouncement(el.textContent ?? '');
      view.append(e.text);
      article.classList.add('streaming');
      article.setAttribute('aria-busy', 'true');
      article.append(h('div', { class: 'typing', 'aria-hidden': 'true' }, icon('loading'), ' Generating…'));
      if (e.refusal) body.after(refusalBox(e.refusal));
      this.streaming = {
        id: e.id,
        entry: e,
        view,
        article,
        pending: '',
        text: e.text,
        blank: !/\S/.test(e.text),
        frozen: false,
        refusal: e.refusal ?? '',
      };
      this.events.announce('Generating an answer.');
      return article;
    }
    renderStatic(body, e.text);
    if (e.refusal) body.after(refusalBox(e.refusal));
    this.decorateAnswer(article, e);
    return article;
  }

  private decorateAnswer(article: HTMLElement, e: AssistantEntry, blank = !/\S/.test(e.text)): void {
    article.querySelector('.typing')?.remove();
    article.dataset.status = e.status;
    if (blank && !e.error && !e.refusal)
      article.querySelector('.md')?.append(h('p', { class: 'empty', text: '(no text)' }));
    const st = STATUS_TEXT[e.status];
    // With an error box, the box says how the answer ended: no second status line.
    if (st && !e.error)
      article.append(
        h(
          'p',
          { class: `status status-${e.status}` },
          icon(st[0]),
          ` ${st[1]}`,
          e.status !== 'stopped'
            ? ''
            : e.text || e.refusal
              ? ' — the partial answer is kept.'
              : ' — nothing was received.',
        ),
      );
    if (e.error) article.append(this.errorBox(e, e.error));
    else if (e.status === 'stopped' || e.status === 'interrupted')
      article.append(h('div', { class: 'actions' }, this.retryButton(e.id)));
    article.append(h('footer', { class: 'facts', text: answerFacts(e) }));
  }

  private errorBox(e: AssistantEntry, err: ErrorInfo): HTMLElement {
    const title = e.status === 'interrupted' ? 'Interrupted: ' : '';
    const box = h(
      'div',
      { class: `error-box status-${e.status}`, role: 'alert' },
      h(
        'p',
        { class: 'error-message' },
        icon(e.status === 'interrupted' ? 'warning' : 'error'),
        ` ${title}${err.message}`,
      ),
      h('p', { class: 'error-remediation', text: err.remediation }),
    );
    const actions = h('div', { class: 'actions' });
    if (err.action === 'setApiKey') {
      const b = h('button', { type: 'button', class: 'secondary' }, icon('key'), ' Set API Key…');
      b.addEventListener('click', () => this.events.setApiKey(err.providerId));
      actions.append(b);
    }
    actions.append(this.retryButton(e.id));
    box.append(actions);
    return box;
  }

  private retryButton(id: string): HTMLButtonElement {
    const b = h('button', { type: 'button', class: 'retry' }, icon('refresh'), ' Retry');
    b.addEventListener('click', () => this.events.retry(id));
    return b;
  }

  private queueAnnouncement(text: string): void {
    // One announcement carries at most ~1,000 characters: more is not read out anyway.
    if (this.announceBuf.length >= 1000) return;
    const t = text.slice(0, 1000).replace(/\s+/g, ' ').trim();
    if (!t) return;
    this.announceBuf = this.announceBuf ? `${this.announceBuf} ${t}` : t;
    this.announceTimer ??= setTimeout(() => this.flushAnnouncement(), 1500);
  }

  private flushAnnouncement(): void {
    clearTimeout(this.announceTimer);
    this.announceTimer = undefined;
    if (this.announceBuf) this.events.announce(this.announceBuf.slice(0, 1000));
    this.announceBuf = '';
  }
}
