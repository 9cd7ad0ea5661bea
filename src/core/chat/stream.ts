// Finds the stable prefix of a streaming Markdown answer with markdown-it's own block parser, so
// the blocks a streamed answer is cut into render to exactly what markdown-it makes of the whole
// text. Only the unfinished tail is parsed (block structure only, no inline work); every
// top-level block but the last one of the tail's complete lines is final:
// - a block ends because of the line that starts the next one, and no block rule looks further
//   ahead than that line plus one (a table's delimiter row), which the last block then contains;
// - the incomplete last line is never parsed (`> a` then `---` is a rule, `---x` a lazy line);
// - reference definitions apply to the whole document: a block rendered before a definition it
//   may use arrived is rendered again (`ReferenceTracker`).
// The tail is re-parsed only when a line completes, and once it is large only after it has grown
// by half, so the parsing cost of a whole answer stays linear however it is cut.
import type { MarkdownIt } from 'markdown-it';

/** Tails up to this size are re-parsed whenever a line completes. */
const EAGER_TAIL = 32_000;
/** Past this size the tail is no longer parsed at all while streaming: it ends as one block. */
export const UNPARSED_TAIL = 2 * 1024 * 1024;

export interface StreamBlock {
  /** The block's source, normalized as markdown-it normalizes (LF line ends, no NUL). */
  src: string;
  /** Type of its first top-level token (`paragraph_open`, `fence`, `table_open`…), or `text` when not parsed. */
  kind: string;
}

/** markdown-it's reference environment (`env.references`), shared by every block of one answer. */
export type MarkdownEnv = Record<string, unknown> & { references?: Record<string, { href: string; title: string }> };

export class MarkdownStream {
  /** Text after the last finished block. */
  private tail = '';
  /** A trailing CR is held back: it may be the first half of a CRLF. */
  private cr = false;
  /** Length of the complete-line part of `tail` when it was last parsed. */
  private parsedLines = 0;
  private lastKindValue = 'text';

  /** Appends text; returns the blocks it finished, in order. */
  push(text: string): StreamBlock[] {
    if (!text) return [];
    let s = (this.cr ? '\r' : '') + text;
    this.cr = s.endsWith('\r');
    if (this.cr) s = s.slice(0, -1);
    s = normalize(s);
    this.tail += s;
    if (!s.includes('\n')) return [];
    const complete = this.tail.lastIndexOf('\n') + 1;
    if (complete > UNPARSED_TAIL) return [];
    if (complete > EAGER_TAIL && complete < this.parsedLines * 1.5) return [];
    return this.split(complete, false);
  }

  /** Ends the stream: everything left is finished. */
  end(): StreamBlock[] {
    if (this.cr) this.tail += '\n';
    this.cr = false;
    // Past the parse limit the rest is one block: markdown-it renders it the same either way.
    const out = this.tail.length > UNPARSED_TAIL ? [] : this.split(this.tail.length, true);
    if (this.tail) out.push({ src: this.tail, kind: out.length ? 'text' : this.lastKindValue });
    this.tail = '';
    this.parsedLines = 0;
    this.lastKindValue = 'text';
    return out.filter((b) => b.src !== '');
  }

  /** The unfinished text (its last block, and blocks not yet split off). */
  get open(): string {
    return this.tail;
  }

  /** Type of the tail's last top-level token at the last parse. */
  get lastKind(): string {
    return this.lastKindValue;
  }

  constructor(private readonly md: MarkdownIt) {}

  /** Splits off every top-level block of `tail[0, end)` but the last (all of them when `all`). */
  private split(end: number, all: boolean): StreamBlock[] {
    const src = this.tail.slice(0, end);
    const tokens: ReturnType<MarkdownIt['parse']> = [];
    const md = this.md;
    const state = new md.block.State(src, md, {}, tokens);
    md.block.tokenize(state, state.line, state.lineMax);
    // A block's text starts where the previous block ends: the lines between two blocks (blank
    // lines, reference definitions) go with the later one, because a definition's extent (a
    // title continued on the next lines) is only known once the next block has started.
    const starts: Array<{ offset: number; line: number; kind: string }> = [];
    const defEnds = new Set<number>();
    let prevEnd = 0;
    for (const t of tokens) {
      if (!t.map) continue;
      if (t.type === 'reference_definition') defEnds.add(t.map[1]);
      else if (t.level === 0) {
        starts.push({ offset: state.bMarks[prevEnd], line: t.map[0], kind: t.type });
        prevEnd = t.map[1];
      }
    }
    const out: StreamBlock[] = [];
    if (starts.length === 0) {
      this.parsedLines = end;
      return out;
    }
    let keep = all ? starts.length : starts.length - 1;
    // A definition that ends right where the next block starts (inside a list item or a quote)
    // may still take that line as the rest of its title: the block before it is not final yet.
    if (!all) for (let i = 1; i <= keep; i++) if (defEnds.has(starts[i].line)) keep = i - 1;
    for (let i = 0; i < keep; i++) {
      const to = i + 1 < starts.length ? starts[i + 1].offset : end;
      out.push({ src: src.slice(starts[i].offset, to), kind: starts[i].kind });
    }
    const cut = all ? end : starts[keep].offset;
    this.lastKindValue = all ? 'text' : starts[keep].kind;
    this.tail = this.tail.slice(cut);
    this.parsedLines = end - cut;
    return out;
  }
}

/** markdown-it's own normalization (core rule `normalize`), applied as text arrives. */
function normalize(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}

/** Normalized reference labels (markdown-it's `normalizeReference`) a block defines or may use. */
function foldLabel(s: string): string {
  return s.trim().replace(/\s+/g, ' ').toLowerCase().toUpperCase();
}

/**
 * Tracks reference definitions across the blocks of one answer. `define` is called after a
 * block is parsed with `env`; it returns the labels that block added. A block rendered earlier
 * must be rendered again when a new label may occur in it (`mayUse`).
 */
export class ReferenceTracker {
  readonly env: MarkdownEnv = {};
  private readonly known = new Set<string>();

  /** Labels added to `env` since the last call. */
  added(): string[] {
    const refs = this.env.references;
    if (!refs) return [];
    const keys = Object.keys(refs);
    if (keys.length === this.known.size) return [];
    const fresh = keys.filter((k) => !this.known.has(k));
    for (const k of fresh) this.known.add(k);
    return fresh;
  }

  /** Whether a block's source may refer to one of `labels` (a cheap superset test). */
  static mayUse(src: string, labels: readonly string[]): boolean {
    if (!src.includes('[')) return false;
    const folded = foldLabel(src);
    return labels.some((l) => folded.includes(l));
  }

  /** A scratch environment that sees every definition so far but keeps its own additions. */
  scratch(): MarkdownEnv {
    return {
      references: Object.create(this.env.references ?? null) as Record<string, { href: string; title: string }>,
    };
  }
}

/** One finished block and its HTML. */
export interface RenderedBlock extends StreamBlock {
  html: string;
}

/**
 * The whole pipeline without a DOM: blocks rendered as they finish, stale ones rendered again
 * when a later reference definition reaches them. The view does the same work in slices; this
 * is its reference and what the equivalence test runs.
 */
export function renderStream(
  md: MarkdownIt,
  deltas: Iterable<string>,
  render: (src: string, env: MarkdownEnv) => string = (src, env) =>
    md.renderer.render(md.parse(src, env), md.options, env),
): RenderedBlock[] {
  const stream = new MarkdownStream(md);
  const refs = new ReferenceTracker();
  const done: RenderedBlock[] = [];
  const commit = (blocks: StreamBlock[]) => {
    for (const b of blocks) done.push({ ...b, html: render(b.src, refs.env) });
    const added = refs.added();
    if (added.length)
      for (const old of done) if (ReferenceTracker.mayUse(old.src, added)) old.html = render(old.src, refs.env);
  };
  for (const d of deltas) commit(stream.push(d));
  commit(stream.end());
  return done;
}
