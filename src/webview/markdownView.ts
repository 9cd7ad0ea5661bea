// Incremental Markdown rendering of one answer. Finished blocks are rendered once and never
// touched again; only the open block at the end is updated, and how depends on what it is:
// a code fence grows by appending text to its <code>, a table by appending rows, anything else
// is re-rendered (it is one paragraph or list, small). A block too large to re-render per frame
// is shown as plain text until it is finished.
import { BlockScanner, type OpenKind } from '../core/chat/blocks';
import { codeBlockHtml, createMarkdown, languageOf, renderBlock } from '../core/chat/markdown';

const md = createMarkdown();

/** Open text blocks larger than this are shown as plain text while they stream. */
const LIVE_MARKDOWN_LIMIT = 64_000;
/** Finished blocks larger than this stay plain text (a 10 MB line is not worth a long freeze). */
const MARKDOWN_LIMIT = 1_000_000;

export function renderMarkdownHtml(text: string): string {
  return md.render(text);
}

function fragmentOf(html: string): DocumentFragment {
  const t = document.createElement('template');
  t.innerHTML = html;
  return t.content;
}

type Live =
  | { kind: 'empty' }
  | { kind: 'text'; plain?: Text }
  | { kind: 'fence'; code: HTMLElement; shown: number }
  | { kind: 'table'; tbody?: HTMLElement; head?: string; consumed: number };

export class MarkdownView {
  private readonly scanner = new BlockScanner();
  private readonly live: HTMLElement;
  private state: Live = { kind: 'empty' };
  /** Called with each finished block's element (for screen-reader announcements). */
  onBlock?: (el: Element) => void;

  constructor(readonly root: HTMLElement) {
    this.live = document.createElement('div');
    this.live.className = 'md-live';
    root.append(this.live);
  }

  append(text: string): void {
    if (!text) return;
    for (const block of this.scanner.push(text)) this.commit(block);
    this.updateLive();
  }

  /** The stream ended: the open block is finished as it is. */
  finish(): void {
    for (const block of this.scanner.end()) this.commit(block);
    this.live.remove();
  }

  private commit(block: string): void {
    this.live.replaceChildren();
    this.state = { kind: 'empty' };
    const el = document.createElement('div');
    el.className = 'md-block';
    const r = block.length > MARKDOWN_LIMIT ? undefined : renderBlock(md, block);
    if (r && 'html' in r) el.append(fragmentOf(r.html));
    else el.append(plainBlock(block), notePlain(r ? 'it is nested too deeply to render' : 'it is over 1 MB'));
    this.root.insertBefore(el, this.live);
    this.onBlock?.(el);
  }

  private updateLive(): void {
    const kind: OpenKind = this.scanner.openKind;
    const text = this.scanner.openText;
    if (kind !== this.state.kind) {
      this.live.replaceChildren();
      this.state =
        kind === 'fence'
          ? this.startFence()
          : kind === 'table'
            ? { kind: 'table', consumed: 0 }
            : kind === 'text'
              ? { kind: 'text' }
              : { kind: 'empty' };
    }
    const s = this.state;
    if (s.kind === 'text') {
      if (text.length > LIVE_MARKDOWN_LIMIT) {
        if (!s.plain) {
          const pre = plainBlock('');
          s.plain = pre.firstChild as Text;
          this.live.replaceChildren(pre);
        }
        s.plain.appendData(text.slice(s.plain.length));
      } else {
        const r = renderBlock(md, text);
        if ('html' in r) this.live.innerHTML = r.html;
        else this.live.replaceChildren(plainBlock(text));
      }
    } else if (s.kind === 'fence') {
      this.growFence(s, text);
    } else if (s.kind === 'table') {
      this.growTable(s, text);
    }
  }

  private startFence(): Live {
    this.live.innerHTML = codeBlockHtml('', languageOf(this.scanner.openFenceInfo));
    const code = this.live.querySelector('code') ?? this.live;
    return { kind: 'fence', code, shown: this.scanner.openText.indexOf('\n') + 1 };
  }

  private growFence(s: Extract<Live, { kind: 'fence' }>, text: string): void {
    if (s.shown === 0) {
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      s.shown = nl + 1;
    }
    // A last line that may become the closing fence is held back until it is complete.
    let end = text.length;
    const lastNl = text.lastIndexOf('\n', end - 1);
    if (/^ {0,3}[`~]/.test(text.slice(lastNl + 1))) end = lastNl + 1;
    if (end > s.shown) {
      s.code.append(text.slice(s.shown, end));
      s.shown = end;
    }
  }

  private growTable(s: Extract<Live, { kind: 'table' }>, text: string): void {
    if (!s.head) {
      const first = text.indexOf('\n');
      const second = first < 0 ? -1 : text.indexOf('\n', first + 1);
      if (second < 0) return;
      s.head = text.slice(0, second + 1);
      this.live.innerHTML = md.render(s.head);
      const table = this.live.querySelector('table');
      if (!table) return;
      s.tbody = table.querySelector('tbody') ?? table.appendChild(document.createElement('tbody'));
      s.consumed = second + 1;
    }
    const lastNl = text.lastIndexOf('\n');
    if (lastNl + 1 <= s.consumed || !s.tbody) return;
    const rows = text.slice(s.consumed, lastNl + 1);
    s.consumed = lastNl + 1;
    const rendered = fragmentOf(md.render(s.head + rows));
    const tbody = rendered.querySelector('tbody');
    if (tbody) s.tbody.append(...Array.from(tbody.children));
  }
}

function plainBlock(text: string): HTMLPreElement {
  const pre = document.createElement('pre');
  pre.className = 'md-plain';
  pre.append(document.createTextNode(text));
  return pre;
}

function notePlain(why: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'md-note';
  p.textContent = `Shown as plain text: ${why}.`;
  return p;
}

/** Renders a whole (finished) text through the same block pipeline. */
export function renderStatic(root: HTMLElement, text: string): MarkdownView {
  const v = new MarkdownView(root);
  v.append(text);
  v.finish();
  return v;
}
