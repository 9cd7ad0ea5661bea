// Incremental Markdown rendering of one answer. The stable-prefix finder (core/chat/stream.ts)
// splits finished blocks off markdown-it's own block tokens; each finished block is rendered
// once, as a job of the panel's work queue (schedule.ts), and never parsed again. The open tail
// is re-rendered per frame while it is small, and shown as plain text once it is large.
// Size limits keep every job short: a block too large to format in one step is shown as plain
// text with "Show all" (a large table is formatted in slices of rows, each its own table part).
// Finished blocks go into groups of a few dozen; a group far off screen is parked (groups.ts), one
// just off screen skips style, layout and paint (content-visibility).
import { createMarkdown, renderBlock } from '../core/chat/markdown';
import { MarkdownStream, ReferenceTracker, type StreamBlock } from '../core/chat/stream';
import { formatSize, h } from './dom';
import { Groups } from './groups';
import { drainFor, enqueue } from './schedule';
import { S, fill } from './strings';

let instance: ReturnType<typeof createMarkdown> | undefined;
/** Made on first use: its labels come from the strings table, which the first `init` brings. */
const markdown = (): ReturnType<typeof createMarkdown> => (instance ??= createMarkdown(S()));

/** The open tail is formatted per frame up to this size, then shown as plain text until it ends. */
const LIVE_LIMIT = 16_000;
/** Finished blocks up to this size are formatted in one job. */
const MARKDOWN_LIMIT = 64_000;
/** Code blocks need no inline parsing: formatted in one job up to this size. */
const CODE_LIMIT = 1_000_000;
/** Table rows formatted per job (each slice is its own table part). */
const TABLE_ROWS = 100;
/** A table larger than this is formatted in slices of rows. */
const TABLE_LIMIT = 16_000;
/** Blocks and characters per group. */
const GROUP_BLOCKS = 32;
const GROUP_CHARS = 32_000;
/** Plain text shown before "Show all", and the size of each piece "Show all" adds. */
const PREVIEW = 32_000;
/** The end of a large open block shown while it streams. */
const LIVE_PREVIEW = 8_000;
/** At Stop, queued work for the answer runs at once for at most this long. */
const STOP_DRAIN_MS = 30;
/** Text fed per job when a saved answer is rendered. */
const FEED = 32_000;

export function renderMarkdownHtml(text: string): string {
  return markdown().render(text);
}

function fragmentOf(html: string): DocumentFragment {
  const t = document.createElement('template');
  t.innerHTML = html;
  return t.content;
}

interface Done {
  src: string;
  el: HTMLElement;
}

export class MarkdownView {
  private readonly stream = new MarkdownStream(markdown());
  private readonly refs = new ReferenceTracker();
  /** Finished blocks that may use a reference defined later (rendered again when one is). */
  private readonly mayRefer = new Map<StreamBlock, Done>();
  private readonly live: HTMLElement;
  private liveQueued = false;
  private livePlain: Text | undefined;
  /** The last LIVE_PREVIEW characters received: reading the end of the open text would copy it all. */
  private recent = '';
  private readonly groups = new Groups((el, b, again) => this.render(el, b, again));
  private groupBlocks = 0;
  private groupChars = 0;
  private ended = false;
  private frozen = false;
  /** Called with each finished block's element once it is rendered (for screen readers). */
  onBlock?: (el: Element) => void;

  /** `streaming`: the open tail is shown as it grows (a saved answer needs no live view). */
  constructor(
    readonly root: HTMLElement,
    private readonly streaming = true,
  ) {
    this.live = h('div', { class: 'md-live' });
    root.append(this.live);
  }

  append(text: string): void {
    if (!text || this.ended) return;
    this.recent = text.length >= LIVE_PREVIEW ? text.slice(-LIVE_PREVIEW) : (this.recent + text).slice(-LIVE_PREVIEW);
    for (const b of this.stream.push(text)) this.commit(b);
    if (this.streaming && !this.liveQueued) {
      this.liveQueued = true;
      enqueue(() => this.updateLive());
    }
  }

  /**
   * Stop was pressed: what is on screen now is the answer. Work already queued for it runs now
   * (for at most STOP_DRAIN_MS), and the end of the stream changes nothing more.
   */
  freeze(): void {
    if (this.frozen) return;
    drainFor(STOP_DRAIN_MS);
    this.frozen = true;
  }

  /** The stream ended: what is left is finished as it is (a frozen answer stays as shown). */
  finish(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.frozen) {
      // The open tail stays as it was shown at Stop; a reopened chat formats it in full.
      this.live.classList.add('md-live-stopped');
      return;
    }
    for (const b of this.stream.end()) this.commit(b);
    this.live.remove();
  }

  private commit(b: StreamBlock): void {
    if (!this.groups.open || this.groupBlocks >= GROUP_BLOCKS || this.groupChars >= GROUP_CHARS) {
      const group = h('div', { class: 'md-group' });
      this.root.insertBefore(group, this.live);
      this.groups.start(group);
      this.groupBlocks = this.groupChars = 0;
    }
    this.groupBlocks++;
    this.groupChars += b.src.length;
    this.groups.add(b);
  }

  private render(el: HTMLElement, b: StreamBlock, again: boolean): void {
    const code = b.kind === 'fence' || b.kind === 'code_block';
    const table = b.kind === 'table_open' && /^(?:[ \t]*\n)*[ \t]*\|?[^\n]*\|/.test(b.src);
    if (table && b.src.length > TABLE_LIMIT) {
      // Blank lines before the table are all that may precede it here (anything else: plain).
      this.renderTable(el, b.src.replace(/^(?:[ \t]*\n)+/, ''));
    } else if (b.src.length <= MARKDOWN_LIMIT || (code && b.src.length <= CODE_LIMIT)) {
      const r = renderBlock(markdown(), b.src, this.refs.env);
      if ('html' in r) el.replaceChildren(fragmentOf(r.html));
      else el.replaceChildren(plainBlock(b.src), h('p', { class: 'md-note', text: S().plainNested }));
      // Keyed by block: a block parked and rendered again is updated in its new element.
      if (b.src.length <= MARKDOWN_LIMIT && b.src.includes('[')) this.mayRefer.set(b, { src: b.src, el });
      this.referencesChanged();
    } else {
      showPlain(el, b.src);
    }
    if (!again) this.onBlock?.(el);
  }

  /** A definition that arrived after a block that may use it: that block is rendered again. */
  private referencesChanged(): void {
    const added = this.refs.added();
    if (!added.length) return;
    for (const d of this.mayRefer.values())
      if (ReferenceTracker.mayUse(d.src, added))
        enqueue(() => {
          const r = renderBlock(markdown(), d.src, this.refs.env);
          if ('html' in r) d.el.replaceChildren(fragmentOf(r.html));
        });
  }

  /**
   * A large table: slices of rows, each its own table part with the same fixed column widths
   * (only the first shows the header row), so adding a slice never lays out the rows before it,
   * and parts off screen are skipped (content-visibility).
   */
  private renderTable(el: HTMLElement, src: string): void {
    const lines = src.split('\n');
    while (lines.length > 2 && lines[lines.length - 1].trim() === '') lines.pop();
    const head = `${lines[0]}\n${lines[1]}\n`;
    const rows = lines.length - 2;
    el.classList.add('md-table');
    for (let i = 2; i < lines.length || i === 2; i += TABLE_ROWS) {
      const first = i === 2;
      const slice = lines.slice(i, i + TABLE_ROWS).join('\n');
      enqueue(() => {
        const table = fragmentOf(markdown().render(head + slice, this.refs.env)).querySelector('table');
        if (!table) return;
        table.classList.add('md-table-part');
        if (!first) {
          table.querySelector('thead')?.remove();
          table.setAttribute('aria-label', fill(S().tableContinued, i - 1, Math.min(i - 2 + TABLE_ROWS, rows)));
        }
        el.append(h('div', { class: 'md-part' }, table));
      });
    }
  }

  private updateLive(): void {
    this.liveQueued = false;
    if (this.ended || this.frozen) return;
    const text = this.stream.open;
    if (text.length <= LIVE_LIMIT) {
      this.livePlain = undefined;
      const r = renderBlock(markdown(), text, this.refs.scratch());
      if ('html' in r) this.live.innerHTML = r.html;
      else this.live.replaceChildren(plainBlock(text));
      return;
    }
    // A large open block: its end, where the text arrives, as plain text (constant cost per frame).
    if (!this.livePlain) {
      const pre = plainBlock('');
      this.livePlain = pre.firstChild as Text;
      this.live.replaceChildren(h('p', { class: 'md-note', text: S().longBlockStreaming }), pre);
    }
    this.livePlain.data = this.recent;
  }
}

function plainBlock(text: string): HTMLPreElement {
  return h('pre', { class: 'md-plain' }, document.createTextNode(text));
}

/** A block too large to format: its start as plain text, and "Show all" for the rest. */
function showPlain(el: HTMLElement, src: string): void {
  const s = S();
  const tooLarge = fill(s.plainTooLarge, formatSize(src.length));
  const more = h('button', {
    type: 'button',
    class: 'secondary show-all',
    text: fill(s.showAll, formatSize(src.length)),
  });
  const msg = h('p', { class: 'md-note' }, `${tooLarge} `, more);
  el.replaceChildren(plainBlock(src.slice(0, PREVIEW)), msg);
  more.addEventListener('click', () => {
    more.disabled = true;
    msg.firstChild!.textContent = tooLarge;
    more.remove();
    // The rest in pieces, one job each: pieces off screen are not laid out (content-visibility).
    for (let i = PREVIEW; i < src.length; i += PREVIEW)
      enqueue(() => el.insertBefore(h('pre', { class: 'md-plain md-piece', text: src.slice(i, i + PREVIEW) }), msg));
  });
}

/** Renders a whole (finished) text through the same pipeline, in jobs: reopening never blocks. */
export function renderStatic(root: HTMLElement, text: string): MarkdownView {
  const v = new MarkdownView(root, false);
  for (let i = 0; i < text.length; i += FEED) enqueue(() => v.append(text.slice(i, i + FEED)));
  enqueue(() => v.finish());
  return v;
}
