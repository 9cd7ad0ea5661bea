// The prompt for "Draft with AI". The model sees only redacted material: the diff after file
// suppression and value masking, the redacted spec and commit subjects. Its answer is redacted
// again before it reaches the draft document.
import { redactDiff, redactText } from './redactor';
import type { DraftInput } from './draft';
import { TITLE_MAX } from './draft';

const DIFF_BUDGET = 12_000;
const SPEC_BUDGET = 4_000;

export const AI_SYSTEM = [
  'You write GitHub pull request descriptions from a diff.',
  `Answer with the title on the first line (at most ${TITLE_MAX} characters, a conventional commit prefix such as "feat:" or "fix:", no quotes, no leading #), then one empty line, then the body in GitHub Markdown.`,
  'The body has the sections "## Summary" (what changes and why, 2-5 sentences), "## Changes" (a bullet per notable change) and "## Verification" (a checklist of how a reviewer can check it).',
  'Describe only what the diff and the spec support. Never include secrets; text shown as [REDACTED] or as a suppressed diff must stay that way.',
].join(' ');

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… (${text.length - max} more characters not shown)`;
}

export function aiDraftPrompt(input: DraftInput): { system: string; user: string } {
  const known = input.known ?? [];
  const diff = redactDiff(input.diff, known).diff;
  const spec = input.spec?.trim() ? redactText(input.spec, known).text : undefined;
  const files = input.files
    .map((f) => `- ${redactText(f.path, known).text} (+${f.insertions ?? 'bin'} / -${f.deletions ?? 'bin'})`)
    .join('\n');
  const commits = input.commits.map((c) => `- ${redactText(c.subject, known).text}`).join('\n');
  const parts = [
    `Branch \`${input.branch}\` into \`${input.base}\` (${input.source === 'staged' ? 'staged changes' : 'commits on the branch'}).`,
    commits ? `Commits:\n${commits}` : '',
    `Files:\n${files || '(none)'}`,
    spec ? `The project's spec (notes/spec.md):\n<spec>\n${clip(spec, SPEC_BUDGET)}\n</spec>` : '',
    `Diff:\n<diff>\n${clip(diff, DIFF_BUDGET)}\n</diff>`,
  ];
  return { system: AI_SYSTEM, user: parts.filter(Boolean).join('\n\n') };
}

/** Cleans a model answer into a draft document: no code fence around it, title first, redacted. */
export function cleanAiDraft(answer: string, known: readonly string[] = []): string {
  let text = answer.replace(/\r\n?/g, '\n').trim();
  const fenced = /^```(?:markdown|md)?\n([\s\S]*?)\n```$/.exec(text);
  if (fenced) text = fenced[1]!.trim();
  const lines = text.split('\n');
  lines[0] = (lines[0] ?? '')
    .replace(/^#{1,6}\s+/, '')
    .replace(/^(?:\*\*)?title:\s*/i, '')
    .replace(/\*\*$/, '')
    .replace(/^["'](.*)["']$/, '$1');
  return `${redactText(lines.join('\n'), known).text.trimEnd()}\n`;
}
