// Splits a streaming Markdown answer into top-level blocks as it arrives, so each finished block
// is rendered once and never parsed again; only the open (last) block changes while streaming.
// Each delta is scanned once: the cost of a delta does not grow with the answer.
//
// A boundary is placed only where CommonMark guarantees the text before it cannot change
// meaning: before a non-indented line that follows a blank line (outside a fence), before a
// non-indented fence or ATX heading, and after a closing fence or a heading line. Link reference
// definitions apply within their own block only (a known and accepted difference).

export type OpenKind = 'empty' | 'text' | 'fence' | 'table';

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const HEADING = /^#{1,6}(?:[ \t]|$)/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

interface Fence {
  char: string;
  len: number;
}

export class BlockScanner {
  /** Text of the open block (everything after the last finished block). */
  private open = '';
  /** Offset in `open` where the current, not yet complete, line starts. */
  private lineStart = 0;
  private fence: Fence | undefined;
  private sawBlank = false;
  private kind: OpenKind = 'empty';
  private lineCount = 0;
  private firstLine = '';
  private finished: string[] = [];

  /** Appends text; returns the blocks that this text finished, in order. */
  push(text: string): string[] {
    this.finished = [];
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) {
        this.open += text.slice(from);
        break;
      }
      this.open += text.slice(from, nl + 1);
      from = nl + 1;
      this.completeLine();
    }
    return this.finished;
  }

  /** Ends the stream: the open block (if any) is finished as it is. */
  end(): string[] {
    // A last line without its newline is still a line: let it split off like any other.
    const early = this.open.length > this.lineStart ? this.push('\n') : [];
    this.finished = early;
    if (this.open.trim() !== '') this.finished.push(this.open);
    this.reset();
    return this.finished;
  }

  get openText(): string {
    return this.open;
  }

  get openKind(): OpenKind {
    return this.kind;
  }

  /** Info string of the open fence (for its language label). */
  get openFenceInfo(): string {
    const m = FENCE_OPEN.exec(this.firstLine);
    return m ? m[3] : '';
  }

  private reset(): void {
    this.open = '';
    this.lineStart = 0;
    this.fence = undefined;
    this.sawBlank = false;
    this.kind = 'empty';
    this.lineCount = 0;
    this.firstLine = '';
  }

  private finishBefore(offset: number): void {
    const block = this.open.slice(0, offset);
    const rest = this.open.slice(offset);
    if (block.trim() !== '') this.finished.push(block);
    this.reset();
    this.open = rest;
  }

  /** The line that ends at the end of `open` is complete. */
  private completeLine(): void {
    const start = this.lineStart;
    const line = this.open.slice(start, this.open.length - 1).replace(/\r$/, '');
    this.lineStart = this.open.length;

    if (this.fence) {
      if (this.closesFence(line)) {
        this.fence = undefined;
        // A block that is a fence ends with it; a fence inside a list item does not end the list.
        if (this.kind === 'fence') this.finishBefore(this.open.length);
      }
      return;
    }
    if (line.trim() === '') {
      if (this.kind === 'empty') {
        // Leading blank lines belong to nothing: drop them.
        this.open = '';
        this.lineStart = 0;
        return;
      }
      this.sawBlank = true;
      // A blank line ends a table; whatever follows in this block is rendered as plain Markdown.
      if (this.kind === 'table') this.kind = 'text';
      return;
    }
    const flushLeft = !/^[ \t]/.test(line);
    const m = FENCE_OPEN.exec(line);
    const fenceOpen = m !== null && !(m[2][0] === '`' && m[3].includes('`')) ? m : null;
    const heading = flushLeft && HEADING.test(line);
    if (this.kind !== 'empty' && flushLeft && (this.sawBlank || fenceOpen || heading)) {
      this.finishBefore(start);
      this.lineStart = this.open.length;
    }
    this.addLine(line, fenceOpen, heading);
  }

  private addLine(line: string, fenceOpen: RegExpExecArray | null, heading: boolean): void {
    this.sawBlank = false;
    this.lineCount++;
    if (this.kind === 'empty') {
      this.firstLine = line;
      this.kind = fenceOpen ? 'fence' : 'text';
    } else if (
      this.kind === 'text' &&
      this.lineCount === 2 &&
      this.firstLine.includes('|') &&
      TABLE_DELIMITER.test(line)
    ) {
      this.kind = 'table';
    }
    if (fenceOpen) {
      this.fence = { char: fenceOpen[2][0], len: fenceOpen[2].length };
      return;
    }
    if (heading) this.finishBefore(this.open.length);
  }

  private closesFence(line: string): boolean {
    const f = this.fence;
    if (!f) return false;
    const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
    return m !== null && m[1][0] === f.char && m[1].length >= f.len;
  }
}

/** Splits a whole text into blocks the same way a stream would (used for history entries). */
export function splitBlocks(text: string): string[] {
  const s = new BlockScanner();
  return [...s.push(text), ...s.end()];
}
