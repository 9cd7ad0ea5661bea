import { describe, expect, it } from 'vitest';
import { parseTasks, progress, progressLabel, toggleEdit } from '../../../src/core/spec/tasks';
import { specTemplate } from '../../../src/core/spec/template';

const SPEC = [
  '# Spec',
  '',
  '- [ ] top',
  '  - [x] nested done',
  '  - plain nested',
  '    1. [ ] ordered deep',
  '- not a task [ ] here',
  '',
  '```md',
  '- [ ] inside a fence',
  '```',
  '',
  '<!--',
  '- [ ] inside a comment',
  '-->',
  '',
  '    - [ ] indented code',
  '',
  '> - [X] quoted',
  '',
  '* [ ]',
].join('\n');

describe('spec tasks from markdown-it tokens', { timeout: 90000 }, () => {
  it('finds nested, ordered and quoted tasks and nothing in fences, comments or code', () => {
    const t = parseTasks(SPEC);
    expect(t.map((x) => [x.line, x.text, x.done, x.depth])).toEqual([
      [2, 'top', false, 0],
      [3, 'nested done', true, 1],
      [5, 'ordered deep', false, 2],
      [18, 'quoted', true, 0],
      [20, '', false, 0],
    ]);
    expect(progressLabel(progress(t))).toBe('2/5 tasks');
  });

  it('toggles with a one-character edit at the box, and refuses a line that changed', () => {
    const e = toggleEdit(SPEC, 3, 'nested done');
    expect(e).toEqual({ line: 3, column: 5, text: ' ' });
    const lines = SPEC.split('\n');
    expect(lines[3]![e!.column]).toBe('x');
    expect(toggleEdit(SPEC, 2)).toEqual({ line: 2, column: 3, text: 'x' });
    expect(toggleEdit(SPEC, 9)).toBeUndefined();
    expect(toggleEdit(SPEC, 2, 'something else')).toBeUndefined();
  });

  it('seeds a template with the sections and countable tasks', () => {
    const t = specTemplate('Add login');
    for (const h of ['# Add login', '## Goal', '## Tasks', '## Acceptance', '## Verification', '## Notes'])
      expect(t).toContain(h);
    expect(progress(parseTasks(t))).toEqual({ done: 0, total: 3 });
  });
});
