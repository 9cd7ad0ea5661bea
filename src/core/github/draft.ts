// The deterministic pull request draft: the same changes and spec always give the same title and
// body, so the draft can be regenerated, compared and tested. Everything that goes in is
// redacted here, before the draft exists anywhere but in memory.
import { isSensitivePath, redactDiff, redactText } from './redactor';
import { t } from '../l10n';

export const TITLE_MAX = 72;
export const PREVIEW_MAX_LINES = 80;
export const PREVIEW_MAX_CHARS = 3000;

export interface ChangedFile {
  path: string;
  /** null for binary files (git prints `-`). */
  insertions: number | null;
  deletions: number | null;
}

export interface Commit {
  subject: string;
  body?: string;
}

export interface DraftInput {
  /** `staged`: the index against HEAD; `commits`: the branch against its base. */
  source: 'staged' | 'commits';
  branch: string;
  base: string;
  /** Oldest first. */
  commits: readonly Commit[];
  files: readonly ChangedFile[];
  diff: string;
  /** Contents of notes/spec.md, when present. */
  spec?: string;
  /** Exact secret values to redact even without a known shape (the user's tokens). */
  known?: readonly string[];
}

export interface Draft {
  title: string;
  body: string;
  titleSource: 'spec' | 'commit' | 'branch' | 'files';
  /** Values replaced by [REDACTED] anywhere in the draft. */
  redactions: number;
  suppressedFiles: string[];
}

const GENERIC_HEADINGS =
  /^(?:spec(?:ification)?|notes?|overview|summary|todo|draft|readme|context|background|table of contents|contents)$/i;
const CONVENTIONAL = /^(?:feat|fix|docs|style|refactor|perf|test|build|ci|chore|revert)(?:\([^)]*\))?!?:\s/i;

/** Strips markdown decoration from one line: heading marks, list marks, emphasis, links, code. */
function plainLine(line: string): string {
  return line
    .replace(/^\s{0,3}#{1,6}\s+/, '')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/, '')
    .replace(/^\s*>\s?/, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|`)(.+?)\1/g, '$2')
    .replace(/\s+#+\s*$/, '')
    .trim();
}

/** Spec lines without front matter and HTML comments. */
function specLines(spec: string): string[] {
  let text = spec.replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?-->/g, '');
  text = text.replace(/^---\n[\s\S]*?\n---\n/, '');
  return text.split('\n');
}

/** The spec's first meaningful line: not blank, not a rule, not a generic heading like "Spec". */
export function specTitleLine(spec: string): string | undefined {
  for (const raw of specLines(spec)) {
    if (/^\s*(?:[-*_=]\s*){3,}$/.test(raw) || /^\s*```/.test(raw)) continue;
    const line = plainLine(raw).replace(/[:.\s]+$/, '');
    if (!line || GENERIC_HEADINGS.test(line)) continue;
    return line;
  }
  return undefined;
}

/** Cuts at a word boundary so the result, ellipsis included, fits `max`. */
export function clampTitle(title: string, max = TITLE_MAX): string {
  const flat = title.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

function lowerFirst(s: string): string {
  // Keep acronyms and proper names such as "API" or "GitHub" as they are.
  return /^[A-Z][a-z]/.test(s) && !/^[A-Z][a-z]+[A-Z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

export function humanizeBranch(branch: string): string | undefined {
  const last = branch.split('/').pop() ?? branch;
  const words = last
    .replace(/^\d+[-_]/, '')
    .split(/[-_.]+/)
    .filter(Boolean);
  if (words.length === 0 || /^(?:main|master|develop|dev|trunk|head|patch|wip|tmp|temp)$/i.test(last)) return undefined;
  const s = words.join(' ');
  return s[0]!.toUpperCase() + s.slice(1);
}

export function draftTitle(input: Pick<DraftInput, 'spec' | 'commits' | 'branch' | 'files'>): {
  title: string;
  source: Draft['titleSource'];
} {
  const fromSpec = input.spec ? specTitleLine(input.spec) : undefined;
  if (fromSpec) {
    const title = CONVENTIONAL.test(fromSpec) ? fromSpec : `feat: ${lowerFirst(fromSpec)}`;
    return { title: clampTitle(title), source: 'spec' };
  }
  if (input.commits.length === 1) return { title: clampTitle(input.commits[0]!.subject), source: 'commit' };
  const fromBranch = humanizeBranch(input.branch);
  if (fromBranch) return { title: clampTitle(fromBranch), source: 'branch' };
  const latest = input.commits[input.commits.length - 1];
  if (latest) return { title: clampTitle(latest.subject), source: 'commit' };
  const files = input.files;
  const title = files.length === 1 ? `Update ${files[0]!.path}` : `Update ${files.length} files`;
  return { title: clampTitle(title), source: 'files' };
}

/** The first paragraph of the spec after its title line, flattened, at most ~400 characters. */
function specSummary(spec: string, titleLine: string | undefined): string | undefined {
  const lines = specLines(spec);
  let seenTitle = !titleLine;
  const para: string[] = [];
  for (const raw of lines) {
    const line = plainLine(raw);
    if (!seenTitle) {
      if (line.replace(/[:.\s]+$/, '') === titleLine) seenTitle = true;
      continue;
    }
    if (/^\s*#/.test(raw) || /^\s*```/.test(raw)) {
      if (para.length) break;
      continue;
    }
    if (!line) {
      if (para.length) break;
      continue;
    }
    para.push(line);
  }
  const text = para.join(' ').trim();
  if (!text) return undefined;
  return text.length > 400 ? `${text.slice(0, 399).replace(/\s+\S*$/, '')}…` : text;
}

/** Code fence long enough that nothing inside can close it. */
function fenceFor(content: string): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

export function diffPreview(diff: string): { text: string; truncated: boolean; totalLines: number } {
  const lines = diff.replace(/\n+$/, '').split('\n');
  const kept: string[] = [];
  let chars = 0;
  for (const line of lines) {
    if (kept.length >= PREVIEW_MAX_LINES || chars + line.length + 1 > PREVIEW_MAX_CHARS) break;
    kept.push(line);
    chars += line.length + 1;
  }
  return { text: kept.join('\n'), truncated: kept.length < lines.length, totalLines: lines.length };
}

const stat = (n: number | null): string => (n === null ? 'binary' : String(n));

export function buildDraft(input: DraftInput): Draft {
  const known = input.known ?? [];
  let redactions = 0;
  const clean = (s: string): string => {
    const r = redactText(s, known);
    redactions += r.count;
    return r.text;
  };
  const spec = input.spec?.trim() ? clean(input.spec) : undefined;
  const commits = input.commits.map((c) => ({ subject: clean(c.subject), body: c.body ? clean(c.body) : undefined }));
  const { title, source } = draftTitle({ spec, commits, branch: input.branch, files: input.files });

  const diff = redactDiff(input.diff, known);
  redactions += diff.redactions;
  const suppressed = [
    ...new Set([...diff.suppressed, ...input.files.filter((f) => isSensitivePath(f.path)).map((f) => f.path)]),
  ];

  const ins = input.files.reduce((n, f) => n + (f.insertions ?? 0), 0);
  const del = input.files.reduce((n, f) => n + (f.deletions ?? 0), 0);
  const what =
    input.source === 'staged' ? 'Staged changes' : `${commits.length} commit${commits.length === 1 ? '' : 's'}`;
  const scope = `${what} on \`${input.branch}\` against \`${input.base}\`: ${input.files.length} file${input.files.length === 1 ? '' : 's'}, +${ins} / -${del}.`;

  const summary: string[] = [];
  const fromSpec = spec ? specSummary(spec, specTitleLine(spec)) : undefined;
  if (fromSpec) summary.push(fromSpec, '');
  summary.push(scope);
  if (commits.length > 0) {
    summary.push('');
    for (const c of commits.slice(0, 10)) summary.push(`- ${c.subject}`);
    if (commits.length > 10) summary.push(`- …and ${commits.length - 10} more`);
  }

  const specContext: string[] = [];
  if (spec) {
    const whole = spec.replace(/\r\n?/g, '\n').trim();
    const excerpt = whole.split('\n').slice(0, 20).join('\n').slice(0, 1200).trimEnd();
    specContext.push(...excerpt.split('\n').map((l) => (l ? `> ${l}` : '>')));
    if (excerpt.length < whole.length) specContext.push('>', '> …');
    specContext.push('', '_From `notes/spec.md`._');
  } else {
    specContext.push('_No `notes/spec.md` in this repository._');
  }

  const changes = [`${input.files.length} file${input.files.length === 1 ? '' : 's'} changed, +${ins} / -${del}`, ''];
  for (const f of input.files) {
    const path = clean(f.path);
    const counts = f.insertions === null ? 'binary' : `+${stat(f.insertions)} / -${stat(f.deletions)}`;
    changes.push(
      `- \`${path}\` (${counts})${suppressed.includes(f.path) ? ' (diff suppressed: may contain secrets)' : ''}`,
    );
  }

  const preview = diffPreview(diff.diff);
  const fence = fenceFor(preview.text);
  const previewBlock = preview.text ? [`${fence}diff`, preview.text, fence] : ['_No textual diff._'];
  if (preview.truncated)
    previewBlock.push(
      '',
      `_Preview truncated: ${preview.text.split('\n').length} of ${preview.totalLines} lines shown._`,
    );

  const verification = [
    '- [ ] Builds and tests pass locally',
    '- [ ] Reviewed the diff for unintended changes and secrets',
  ];
  if (spec) verification.push('- [ ] Behaviour matches `notes/spec.md`');
  verification.push('- [ ] Docs updated where behaviour changed');

  const body = [
    '## Summary',
    '',
    ...summary,
    '',
    '## Spec Context',
    '',
    ...specContext,
    '',
    '## Changes',
    '',
    ...changes,
    '',
    '## Diff Preview',
    '',
    ...previewBlock,
    '',
    '## Verification',
    '',
    ...verification,
    '',
  ].join('\n');
  return { title, body, titleSource: source, redactions, suppressedFiles: suppressed };
}

/** The draft document: first non-empty line is the title (a leading `# ` is dropped), the rest the body. */
export function parseDraftDocument(
  text: string,
): { ok: true; title: string; body: string } | { ok: false; message: string } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return { ok: false, message: t('The draft is empty: its first line is the pull request title.') };
  const title = lines[first]!.replace(/^\s{0,3}#{1,6}\s+/, '').trim();
  if (!title)
    return { ok: false, message: t('The first line of the draft is the pull request title, and it is empty.') };
  if (title.length > 256)
    return { ok: false, message: t('The title is {0} characters long; GitHub accepts at most 256.', title.length) };
  const body = lines
    .slice(first + 1)
    .join('\n')
    .trim();
  return { ok: true, title, body };
}

export function renderDraftDocument(title: string, body: string): string {
  return `${title}\n\n${body.trimEnd()}\n`;
}
