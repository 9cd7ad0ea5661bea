// Draft Spec with AI: what is sent to the model (everything redacted: the description, the spec
// already there, the README excerpt), how its answer becomes the spec text, and whether the file
// holds anything of the user's that a replacement would lose.
import { redactWithCount } from '../redact';
import { specTemplate } from './template';

/** Characters of the existing spec and of the README sent as context. */
export const SPEC_CONTEXT_CHARS = 6000;
export const README_CONTEXT_CHARS = 2000;
export const DESCRIPTION_MAX_CHARS = 500;

export const SPEC_SYSTEM = [
  'You write the living spec of one task in a software repository, in Markdown, for the developer',
  'doing the task and the reviewer of its pull request.',
  'Use exactly these sections, in this order: "# <short title>", "## Goal" (one short paragraph),',
  '"## Tasks" (3 to 8 items, each written as "- [ ] ..."), "## Acceptance", "## Verification" (the',
  'commands or steps that prove it works), "## Notes".',
  'Answer with the Markdown only: no preamble, no code fence around it.',
].join(' ');

export interface SpecDraftInput {
  /** The user's one-line description of the task. */
  description: string;
  /** The space's task name, branch and base, as facts for the model. */
  taskName?: string;
  branch?: string;
  base?: string;
  /** The spec already in the file, when the draft is appended to it. */
  existingSpec?: string;
  /** The start of the repository's README. */
  readme?: string;
  /** Exact secrets to hide (the user's provider keys). */
  known?: readonly string[];
}

export interface SpecDraftRequest {
  system: string;
  user: string;
  /** Secrets hidden from what is sent. */
  redactions: number;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}\n[… cut at ${n} characters]` : s);

export function specDraftRequest(input: SpecDraftInput): SpecDraftRequest {
  let redactions = 0;
  const red = (s: string) => {
    const r = redactWithCount(s, input.known ?? []);
    redactions += r.count;
    return r.text;
  };
  const description = red(input.description.trim().replace(/\s+/g, ' ').slice(0, DESCRIPTION_MAX_CHARS));
  const facts = [
    input.taskName && `Space: ${red(input.taskName)}`,
    input.branch && `Branch: ${red(input.branch)}${input.base ? ` (from ${red(input.base)})` : ''}`,
  ].filter(Boolean);
  const parts = [
    `Task: ${description}`,
    facts.length ? facts.join('\n') : '',
    input.readme?.trim()
      ? `The start of the repository's README:\n<readme>\n${red(clip(input.readme.trim(), README_CONTEXT_CHARS))}\n</readme>`
      : '',
    input.existingSpec?.trim()
      ? `The spec already in notes/spec.md (your answer is added below it: do not repeat it, complement it):\n<spec>\n${red(clip(input.existingSpec.trim(), SPEC_CONTEXT_CHARS))}\n</spec>`
      : '',
  ].filter(Boolean);
  return { system: SPEC_SYSTEM, user: parts.join('\n\n'), redactions };
}

/**
 * The answer as spec text, also mid-stream: a code fence the model wrapped it in is dropped
 * (an opening fence before it closes, too), and secrets the model echoed are redacted.
 */
export function cleanSpecDraft(answer: string, known: readonly string[] = []): string {
  let text = answer.replace(/^\s+/, '');
  const open = /^(`{3,}|~{3,})[ \t]*(?:markdown|md)?[ \t]*\n/i.exec(text);
  if (open) {
    text = text.slice(open[0].length);
    const close = new RegExp(`\\n${open[1]}[ \\t]*\\s*$`);
    text = text.replace(close, '\n');
  }
  return redactWithCount(text, known).text;
}

/** How the draft goes into the file. */
export type SpecWriteMode = 'replace' | 'append';

/**
 * Whether the file holds nothing of the user's: missing, blank, or the template New Space or
 * Open Spec seeded (for this task name, or any: the name may have been edited since).
 */
export function isUntouchedSpec(text: string | undefined, taskName?: string): boolean {
  if (text === undefined || !text.trim()) return true;
  const norm = (s: string) => s.replace(/\r\n/g, '\n').trim();
  const body = (s: string) => norm(s).replace(/^# .*\n/, '');
  if (taskName !== undefined && norm(text) === norm(specTemplate(taskName))) return true;
  return body(text) === body(specTemplate('x'));
}

/** What goes between the user's spec and an appended draft. */
export function appendSeparator(existing: string, when: Date): string {
  const lead = existing.endsWith('\n\n') ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
  return `${lead}<!-- Drafted with AI on ${when.toISOString().slice(0, 10)} -->\n\n`;
}
