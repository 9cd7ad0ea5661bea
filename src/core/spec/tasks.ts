// Tasks of a spec are the list items that markdown-it sees as list items whose text starts with
// "[ ]" or "[x]". Working from tokens (not a regex over lines) is what keeps code fences, HTML
// comments and indented code from producing tasks that are not there.
import MarkdownIt from 'markdown-it';
import { t } from '../l10n';

export interface SpecTask {
  /** 0-based line of the item's text. */
  line: number;
  /** Column of the character inside the brackets (' ' or 'x'). */
  column: number;
  done: boolean;
  text: string;
  /** Nesting depth: 0 for a top-level item. */
  depth: number;
}

// HTML on: comments become html_block tokens and their content is never read as a list.
const md = new MarkdownIt({ html: true });
const BOX = /^\[([ xX])\](?:\s+|$)/;

export function parseTasks(source: string): SpecTask[] {
  const tokens = md.parse(source, {});
  const lines = source.split(/\r?\n|\r/);
  const out: SpecTask[] = [];
  let depth = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') depth++;
    else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') depth--;
    if (t.type !== 'list_item_open') continue;
    // The item's first block must be a paragraph whose inline text starts with the box.
    const p = tokens[i + 1];
    const inline = tokens[i + 2];
    if (p?.type !== 'paragraph_open' || inline?.type !== 'inline' || !inline.map) continue;
    const m = BOX.exec(inline.content);
    if (!m) continue;
    const line = inline.map[0];
    const column = boxColumn(lines[line] ?? '');
    if (column < 0) continue;
    out.push({
      line,
      column,
      done: m[1] !== ' ',
      text: inline.content.slice(m[0].length).split('\n')[0]!.trim(),
      depth: Math.max(0, depth),
    });
  }
  return out;
}

/** Where the box character sits on the item's line (after blockquote and list markers). */
function boxColumn(line: string): number {
  const m = /^((?:[ \t]*>)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[[ xX]\]/.exec(line);
  return m ? m[1]!.length + 1 : -1;
}

export interface TaskProgress {
  done: number;
  total: number;
}

export function progress(tasks: readonly SpecTask[]): TaskProgress {
  return { done: tasks.filter((t) => t.done).length, total: tasks.length };
}

export function progressLabel(p: TaskProgress): string {
  return p.total === 1 ? t('{0}/{1} task', p.done, p.total) : t('{0}/{1} tasks', p.done, p.total);
}

/**
 * The one-character edit that toggles the task on `line`, if the text there is still that task
 * (the file may have changed since the view was drawn).
 */
export function toggleEdit(
  source: string,
  line: number,
  expectText?: string,
): { line: number; column: number; text: string } | undefined {
  const task = parseTasks(source).find((t) => t.line === line);
  if (!task || (expectText !== undefined && task.text !== expectText)) return undefined;
  return { line, column: task.column, text: task.done ? ' ' : 'x' };
}
