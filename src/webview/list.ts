// The conversation list: one article per entry, the streaming answer updated once per animation
// frame with whatever deltas arrived, older pages prepended on demand (only the last page is
// rendered when a chat opens), and only the pages near the viewport kept in the DOM (pages.ts).
import type { AssistantEntry, EntryView } from '../core/chat/model';
import type { HostMessage } from '../core/chat/protocol';
import { h, icon } from './dom';
import { answerFrame, decorateAnswer, refusalBox, renderUser, type EntryActions } from './entries';
import { setScrollRoot } from './groups';
import { MarkdownView, renderStatic } from './markdownView';
import { Pages } from './pages';
import { clearQueue } from './schedule';
import { S, fill } from './strings';

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

export interface ListEvents extends EntryActions {
  loadEarlier(beforeId: string): void;
  announce(text: string): void;
}

/** Quiet time after a scroll to the end before looking again whether it is still the end. */
const SETTLE_MS = 150;

export class ConversationList {
  readonly scroller: HTMLElement;
  private readonly pages: Pages;
  private readonly earlier: HTMLButtonElement;
  private streaming: Streaming | undefined;
  private frame = 0;
  private announceBuf = '';
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private loadingEarlier = false;
  /** Follow new text at the bottom; turned off when the user scrolls up, on again at the bottom. */
  private stick = true;
  private scrollFrame = 0;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly events: ListEvents) {
    const s = S();
    this.earlier = h(
      'button',
      { type: 'button', class: 'load-earlier', hidden: true },
      icon('fold-up'),
      ` ${s.loadEarlier}`,
    );
    this.earlier.addEventListener('click', () => this.requestEarlier());
    // A new chat says what to do; CSS shows it only while the loaded chat has no entries.
    const hint = h('div', { class: 'empty-hint' }, h('p', { text: s.emptyHint }), h('p', { text: s.emptyHintContext }));
    this.scroller = h('main', { class: 'log', 'aria-label': s.conversation, tabindex: '-1' });
    setScrollRoot(this.scroller);
    this.pages = new Pages(
      this.scroller,
      (e) => this.render(e),
      (el) => el.contains(document.activeElement) || (!!this.streaming && el.contains(this.streaming.article)),
    );
    this.scroller.append(this.earlier, this.pages.root, hint);
    // Scrolling to the top loads the previous page.
    // Entries off screen are laid out lazily (content-visibility), so heights settle after a
    // scroll: keep following the end while the list grows, if the user is at the end. The log's
    // own height changes too (a shorter panel, a taller composer): the end stays in view then.
    const follow = new ResizeObserver(() => this.scrollToBottom());
    follow.observe(this.pages.root);
    follow.observe(this.scroller);
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
    const first = this.pages.firstId;
    if (this.loadingEarlier || !first) return;
    this.loadingEarlier = true;
    this.events.loadEarlier(first);
  }

  reset(entries: EntryView[], hasEarlier: boolean): void {
    cancelAnimationFrame(this.frame);
    this.streaming = undefined;
    // Rendering queued for the entries being replaced is dropped.
    clearQueue();
    this.pages.reset(entries);
    this.scroller.classList.add('loaded');
    this.stick = true;
    this.earlier.hidden = !hasEarlier;
    this.loadingEarlier = false;
    this.scrollToBottom();
  }

  prepend(entries: EntryView[], hasEarlier: boolean): void {
    const before = this.scroller.scrollHeight;
    this.pages.prepend(entries);
    this.earlier.hidden = !hasEarlier;
    this.loadingEarlier = false;
    // Keep what the user was looking at in place.
    this.scroller.scrollTop += this.scroller.scrollHeight - before;
  }

  /** Entries held, and pages whose elements are in the DOM (for tests and the bench). */
  get size(): number {
    return this.pages.count;
  }
  get renderedPages(): number {
    return this.pages.rendered;
  }
  get firstId(): string | undefined {
    return this.pages.firstId;
  }

  /** Adds an entry, or replaces the one with the same id. */
  upsert(e: EntryView): void {
    this.pages.upsert(e);
    if (e.kind === 'user') this.stick = true;
    this.scrollToBottom();
  }

  remove(id: string): void {
    if (this.streaming?.id === id) this.streaming = undefined;
    this.pages.remove(id);
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
    s.view.freeze();
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
    decorateAnswer(
      this.events,
      s.article,
      { ...s.entry, ...facts, text: s.text, ...(s.refusal ? { refusal: s.refusal } : {}) },
      s.blank,
    );
    this.flushAnnouncement();
    const words = S();
    const status =
      m.status === 'done'
        ? words.answerComplete
        : m.status === 'stopped'
          ? words.answerStopped
          : m.status === 'interrupted'
            ? words.answerInterrupted
            : fill(words.requestFailed, m.error?.message ?? '');
    this.events.announce(status);
  }

  /** Text of the streaming answer so far (for tests and the bench). */
  get streamingText(): string {
    return this.streaming ? this.streaming.text + this.streaming.pending : '';
  }

  private atEnd(): boolean {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < 1;
  }

  private atBottom(): boolean {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < 48;
  }

  /**
   * Scrolls to the end in the next frame (if following), so a delta never forces a layout of its
   * own; once the scrolling has been quiet for a moment, looks again. Seen on a busy machine: the
   * log stayed 14 px short of its end for good while following, with no frame pending, so the
   * resize observer had not reported the last growth (most likely entries laid out in the frame
   * of the scroll itself). The second look is one layout read, not one per frame.
   */
  private scrollToBottom(): void {
    if (!this.stick || this.scrollFrame) return;
    this.scrollFrame = requestAnimationFrame(() => {
      this.scrollFrame = 0;
      if (!this.stick || this.atEnd()) return;
      this.scroller.scrollTop = this.scroller.scrollHeight;
      const held = this.scroller.scrollTop;
      clearTimeout(this.settleTimer);
      // Only if nothing scrolled since (find in the page, a focused entry): that position stays.
      this.settleTimer = setTimeout(() => this.scroller.scrollTop === held && this.scrollToBottom(), SETTLE_MS);
    });
  }

  private render(e: EntryView): HTMLElement {
    return e.kind === 'user' ? renderUser(e) : this.renderAnswer(e);
  }

  private renderAnswer(e: AssistantEntry): HTMLElement {
    const { article, body } = answerFrame(e);
    if (e.status === 'streaming') {
      if (this.streaming) this.end({ type: 'answerEnd', answerId: this.streaming.id, status: 'interrupted' });
      const view = new MarkdownView(body);
      view.onBlock = (el) => this.queueAnnouncement(el.textContent ?? '');
      view.append(e.text);
      article.classList.add('streaming');
      article.setAttribute('aria-busy', 'true');
      article.append(h('div', { class: 'typing', 'aria-hidden': 'true' }, icon('loading'), ` ${S().generating}`));
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
      this.events.announce(S().generatingAnswer);
      return article;
    }
    renderStatic(body, e.text);
    if (e.refusal) body.after(refusalBox(e.refusal));
    decorateAnswer(this.events, article, e);
    return article;
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
