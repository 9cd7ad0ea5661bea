// Incremental Markdown rendering of one answer. The stable-prefix finder (core/chat/stream.ts)
// splits finished blocks off markdown-it's own block tokens; each finished block is rendered
// once, as a job of the panel's work queue (schedule.ts), and never parsed again. The open tail
// is re-rendered per frame while it is small, and shown as plain text once it is large.
// Size limits keep every job short: a block too large to format in one step is shown as plain
// text with "Show all" (a table is formatted in slices of rows instead).
import { createMarkdown, renderBlock } from '../core/chat/markdown';
import { MarkdownStream, ReferenceTracker, type StreamBlock } from '../core/chat/stream';
import { formatSize, h } from './dom';
import { enqueue } from './schedule';

const md = createMarkdown();

/** The open tail is formatted per frame up to this size, then shown as plain text until it ends. */
const LIVE_LIMIT = 16_000;
/** Finished blocks up to this size are formatted in one job. */
const MARKDOWN_LIMIT = 64_000;
/** Code blocks need no inline parsing: formatted in one job up to this size. */
const CODE_LIMIT = 1_000_000;
/** Table rows formatted per job. */
const TABLE_ROWS = 200;
/** Plain text shown before "Show all", and the size of each piece "Show all" adds. */
const PREVIEW = 32_000;
/** The end of a large open block shown while it streams. */
const LIVE_PREVIEW = 8_000;
/** Text fed per job when a saved answer is rendered. */
const FEED = 32_000;

export function renderMarkdownHtml(text: string): string {
  return md.render(text);
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
  private readonly stream = new MarkdownStream(md);
  private readonly refs = new ReferenceTracker();
  /** Finished blocks that may use a reference defined later (rendered again when one is). */
  private readonly mayRefer: Done[] = [];
  private readonly live: HTMLElement;
  private liveQueued = false;
  private livePlain: Text | undefined;
  private ended = false;
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
    for (const b of this.stream.push(text)) this.commit(b);
    if (this.streaming && !this.liveQueued) {
      this.liveQueued = true;
      enqueue(() => this.updateLive());
    }
  }

  /** The stream ended: what is left is finished as it is. */
  finish(): void {
    if (this.ended) return;
    this.ended = true;
    for (const b of this.stream.end()) this.commit(b);
    this.live.remove();
  }

  private commit(b: StreamBlock): void {
    const el = h('div', { class: 'md-block' });
    this.root.insertBefore(el, this.live);
    enqueue(() => this.render(el, b));
  }

  private render(el: HTMLElement, b: StreamBlock): void {
    const code = b.kind === 'fence' || b.kind === 'code_block';
    if (b.src.length <= MARKDOWN_LIMIT || (code && b.src.length <= CODE_LIMIT)) {
      const r = renderBlock(md, b.src, this.refs.env);
      if ('html' in r) el.replaceChildren(fragmentOf(r.html));
      else el.replaceChildren(plainBlock(b.src), note('it is nested too deeply to format'));
      if (b.src.length <= MARKDOWN_LIMIT && b.src.includes('[')) this.mayRefer.push({ src: b.src, el });
      this.referencesChanged();
    } else if (b.kind === 'table_open' && /^(?:[ \t]*\n)*[ \t]*\|?[^\n]*\|/.test(b.src)) {
      // Blank lines before the table are all that may precede it here (anything else: plain).
      this.renderTable(el, b.src.replace(/^(?:[ \t]*\n)+/, ''));
    } else {
      showPlain(el, b.src);
    }
    this.onBlock?.(el);
  }

  /** A definition that arrived after a block that may use it: that block is rendered again. */
  private referencesChanged(): void {
    const added = this.refs.added();
    if (!added.length) return;
    for (const d of this.mayRefer)
      if (ReferenceTracker.mayUse(d.src, added))
        enqueue(() => {
          const r = renderBlock(md, d.src, this.refs.env);
          if ('html' in r) d.el.replaceChildren(fragmentOf(r.html));
        });
  }

  /** A large table: the header once, then its rows in slices, each its own job. */
  private renderTable(el: HTMLElement, src: string): void {
    const lines = src.split('\n');
    const head = `${lines[0]}\n${lines[1]}\n`;
    let tbody: HTMLElement | undefined;
    for (let i = 2; i < lines.length || i === 2; i += TABLE_ROWS) {
      const rows = lines.slice(i, i + TABLE_ROWS).join('\n');
      enqueue(() => {
        const frag = fragmentOf(md.render(head + rows, this.refs.env));
        const table = frag.querySelector('table');
        if (!table) return;
        if (!tbody) {
          tbody = table.querySelector('tbody') ?? table.appendChild(document.createElement('tbody'));
          el.replaceChildren(table);
        } else {
          const more = table.querySelector('tbody');
          if (more) tbody.append(...Array.from(more.children));
        }
      });
    }
  }

  private updateLive(): void {
    this.liveQueued = false;
    if (this.ended) return;
    const text = this.stream.open;
    if (text.length <= LIVE_LIMIT) {
      this.livePlain = undefined;
      const r = renderBlock(md, text, this.refs.scratch());
      if ('html' in r) this.live.innerHTML = r.html;
      else this.live.replaceChildren(plainBlock(text));
      return;
    }
    // A large open block: its end, where the text arrives, as plain text (constant cost per frame).
    if (!this.livePlain) {
      const pre = plainBlock('');
      this.livePlain = pre.firstChild as Text;
      this.live.replaceChildren(
        h('p', { class: 'md-note', text: 'A long block is streaming: its end is shown until it is complete.' }),
        pre,
      );
    }
    this.livePlain.data = text.slice(-LIVE_PREVIEW);
  }
}

function plainBlock(text: string): HTMLPreElement {
  return h('pre', { class: 'md-plain' }, document.createTextNode(text));
}

function note(why: string): HTMLElement {
  return h('p', { class: 'md-note', text: `Shown as plain text: ${why}.` });
}

/** A block too large to format: its start as plain text, and "Show all" for the rest. */
function showPlain(el: HTMLElement, src: string): void {
  const more = h('button', {
    type: 'button',
    class: 'secondary show-all',
    text: `Show all (${formatSize(src.length)})`,
  });
  const msg = h(
    'p',
    { class: 'md-note' },
    `Shown as plain text: this block is ${formatSize(src.length)}, too large to format. `,
    more,
  );
  el.replaceChildren(plainBlock(src.slice(0, PREVIEW)), msg);
  more.addEventListener('click', () => {
    more.disabled = true;
    msg.firstChild!.textContent = `Shown as plain text: this block is ${formatSize(src.length)}, too large to format.`;
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
