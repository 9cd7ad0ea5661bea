import { describe, expect, it } from 'vitest';
import { aiDraftPrompt, cleanAiDraft } from '../../../src/core/github/aiDraft';
import {
  PREVIEW_MAX_CHARS,
  PREVIEW_MAX_LINES,
  TITLE_MAX,
  buildDraft,
  clampTitle,
  diffPreview,
  draftTitle,
  humanizeBranch,
  parseDraftDocument,
  renderDraftDocument,
  specTitleLine,
  type DraftInput,
} from '../../../src/core/github/draft';

const TOKEN = 'ghp_' + 'T0kenValue'.repeat(3) + 'abcdef';

const SPEC = `---
status: draft
---
<!-- internal note -->
# Spec

## Add a dark mode toggle to the settings page

Users want to switch themes without leaving the page. The toggle persists per user.

### Details
- stored in localStorage
`;

const DIFF = [
  'diff --git a/src/settings.ts b/src/settings.ts',
  '--- a/src/settings.ts',
  '+++ b/src/settings.ts',
  '@@ -1 +1,3 @@',
  '+export const theme = "dark";',
  `+const token = "${TOKEN}";`,
  'diff --git a/.env b/.env',
  '+SECRET=hunter2',
].join('\n');

const base: DraftInput = {
  source: 'staged',
  branch: 'feature/dark-mode',
  base: 'main',
  commits: [],
  files: [
    { path: 'src/settings.ts', insertions: 2, deletions: 0 },
    { path: '.env', insertions: 1, deletions: 0 },
    { path: 'logo.png', insertions: null, deletions: null },
  ],
  diff: DIFF,
  spec: SPEC,
};

describe('title', () => {
  it("comes from the spec's first meaningful line, with a feat: prefix", () => {
    expect(specTitleLine(SPEC)).toBe('Add a dark mode toggle to the settings page');
    expect(draftTitle(base)).toEqual({ title: 'feat: add a dark mode toggle to the settings page', source: 'spec' });
  });
  it('keeps an existing conventional prefix and acronyms', () => {
    expect(draftTitle({ ...base, spec: '# fix(ui): broken button' }).title).toBe('fix(ui): broken button');
    expect(draftTitle({ ...base, spec: 'API keys in SecretStorage' }).title).toBe('feat: API keys in SecretStorage');
    expect(draftTitle({ ...base, spec: '**GitHub** sign-in' }).title).toBe('feat: GitHub sign-in');
  });
  it("falls back to one commit's subject, then the branch name, then the files", () => {
    const noSpec = { ...base, spec: undefined };
    expect(draftTitle({ ...noSpec, commits: [{ subject: 'Fix the parser' }] })).toEqual({
      title: 'Fix the parser',
      source: 'commit',
    });
    expect(draftTitle({ ...noSpec, commits: [{ subject: 'a' }, { subject: 'b' }] })).toEqual({
      title: 'Dark mode',
      source: 'branch',
    });
    expect(draftTitle({ ...noSpec, branch: 'main', commits: [{ subject: 'a' }, { subject: 'b' }] })).toEqual({
      title: 'b',
      source: 'commit',
    });
    expect(draftTitle({ ...noSpec, branch: 'wip', files: [{ path: 'a.ts', insertions: 1, deletions: 0 }] })).toEqual({
      title: 'Update a.ts',
      source: 'files',
    });
    expect(humanizeBranch('users/me/123-fix-login_flow')).toBe('Fix login flow');
  });
  it(`is at most ${TITLE_MAX} characters, cut at a word`, () => {
    const long = 'Implement the extremely long feature name that goes on and on well past any reasonable limit';
    const t = draftTitle({ ...base, spec: long }).title;
    expect(t.length).toBeLessThanOrEqual(TITLE_MAX);
    expect(t.endsWith('…')).toBe(true);
    expect(t).toMatch(/^feat: implement the extremely long feature name that goes on and on…$/);
    expect(clampTitle('x'.repeat(100)).length).toBe(TITLE_MAX);
  });
  it('skips generic headings, rules and front matter', () => {
    expect(specTitleLine('# Notes\n\n---\n\n- [ ] Ship the importer')).toBe('Ship the importer');
    expect(specTitleLine('\n\n')).toBeUndefined();
  });
});

describe('buildDraft', () => {
  const d = buildDraft({ ...base, known: [] });

  it('has the five sections in order', () => {
    const order = ['## Summary', '## Spec Context', '## Changes', '## Diff Preview', '## Verification'].map((h) =>
      d.body.indexOf(h),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
  it('summarises from the spec and states the scope', () => {
    expect(d.body).toContain('Users want to switch themes without leaving the page.');
    expect(d.body).toContain('Staged changes on `feature/dark-mode` against `main`: 3 files, +3 / -0.');
  });
  it('lists files with +ins/-del, marks binaries and suppressed files', () => {
    expect(d.body).toContain('- `src/settings.ts` (+2 / -0)');
    expect(d.body).toContain('- `logo.png` (binary)');
    expect(d.body).toContain('- `.env` (+1 / -0) (diff suppressed: may contain secrets)');
    expect(d.body).toContain('3 files changed, +3 / -0');
  });
  it('redacts before anything else sees the text', () => {
    expect(d.body).not.toContain(TOKEN);
    expect(d.body).not.toContain('hunter2');
    expect(d.body).toContain('+const token = "[REDACTED]";');
    expect(d.body).toContain('[diff suppressed: .env may contain secrets]');
    expect(d.redactions).toBe(1);
    expect(d.suppressedFiles).toEqual(['.env']);
  });
  it('quotes the spec as context and has a verification checklist', () => {
    expect(d.body).toContain('> ## Add a dark mode toggle to the settings page');
    expect(d.body).toMatch(/## Verification\n\n- \[ \] /);
    expect(d.body).toContain('- [ ] Behaviour matches `notes/spec.md`');
  });
  it('marks a cut spec excerpt, and only a cut one', () => {
    expect(buildDraft({ ...base, spec: '# Short spec\n' }).body).not.toContain('> …');
    const long = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    expect(buildDraft({ ...base, spec: long }).body).toContain('>\n> …');
  });
  it('is deterministic', () => {
    expect(buildDraft({ ...base })).toEqual(buildDraft({ ...base }));
  });
  it('says so when there is no spec, and lists commits for a branch', () => {
    const b = buildDraft({
      ...base,
      spec: undefined,
      source: 'commits',
      commits: [{ subject: 'one' }, { subject: `two ${TOKEN}` }],
    });
    expect(b.body).toContain('_No `notes/spec.md` in this repository._');
    expect(b.body).toContain('2 commits on `feature/dark-mode`');
    expect(b.body).toContain('- one\n- two [REDACTED]');
    expect(b.body).not.toContain('Behaviour matches');
  });
  it("redacts exact known values (the user's token) even without a shape", () => {
    const b = buildDraft({ ...base, diff: '+x = opaque-known-value-77', known: ['opaque-known-value-77'] });
    expect(b.body).not.toContain('opaque-known-value-77');
  });
  it('uses a fence longer than any backtick run in the diff', () => {
    const b = buildDraft({ ...base, diff: 'diff --git a/a.md b/a.md\n+```js\n+x\n+```' });
    expect(b.body).toContain('````diff\n');
  });
});

describe('diff preview limits', () => {
  it(`keeps at most ${PREVIEW_MAX_LINES} lines`, () => {
    const diff = Array.from({ length: 200 }, (_, i) => `+line ${i}`).join('\n');
    const p = diffPreview(diff);
    expect(p.text.split('\n')).toHaveLength(PREVIEW_MAX_LINES);
    expect(p.truncated).toBe(true);
    const d = buildDraft({ ...base, diff });
    expect(d.body).toContain(`_Preview truncated: ${PREVIEW_MAX_LINES} of 200 lines shown._`);
  });
  it(`keeps at most ${PREVIEW_MAX_CHARS} characters`, () => {
    const diff = Array.from({ length: 40 }, () => `+${'y'.repeat(199)}`).join('\n');
    const p = diffPreview(diff);
    expect(p.text.length).toBeLessThanOrEqual(PREVIEW_MAX_CHARS);
    expect(p.text.split('\n')).toHaveLength(14);
  });
});

describe('draft document', () => {
  it('round-trips: first line is the title', () => {
    const doc = renderDraftDocument('feat: x', '## Summary\n\nBody');
    expect(parseDraftDocument(doc)).toEqual({ ok: true, title: 'feat: x', body: '## Summary\n\nBody' });
    expect(parseDraftDocument('\n\n# A heading title\r\nbody')).toEqual({
      ok: true,
      title: 'A heading title',
      body: 'body',
    });
  });
  it('rejects an empty or overlong title with a clear message', () => {
    expect(parseDraftDocument('   \n')).toMatchObject({ ok: false, message: expect.stringContaining('title') });
    expect(parseDraftDocument('# \nbody')).toMatchObject({ ok: false });
    expect(parseDraftDocument('x'.repeat(300))).toMatchObject({ ok: false, message: expect.stringContaining('256') });
  });
});

describe('AI draft prompt', () => {
  it('carries only redacted material', () => {
    const p = aiDraftPrompt({ ...base, known: ['opaque-known-value-77'], spec: `${SPEC}\nkey opaque-known-value-77` });
    expect(p.user).not.toContain(TOKEN);
    expect(p.user).not.toContain('hunter2');
    expect(p.user).not.toContain('opaque-known-value-77');
    expect(p.user).toContain('[diff suppressed: .env may contain secrets]');
    expect(p.user).toContain('Add a dark mode toggle');
    expect(p.system).toMatch(/title on the first line/);
  });
  it('cleans the answer: no fence, no "Title:", no heading mark, redacted', () => {
    expect(cleanAiDraft('```markdown\n# Title: feat: add x\n\n## Summary\nuses ghp_' + 'a'.repeat(36) + '\n```')).toBe(
      'feat: add x\n\n## Summary\nuses [REDACTED]\n',
    );
    expect(cleanAiDraft('"fix: quoted"\n\nbody')).toBe('fix: quoted\n\nbody\n');
  });
});
