import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorDetail, errorMessage, processErrorMessage } from '../../src/core/errorMessage';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('errorMessage', () => {
  it('says an Error by its message and anything else as text', () => {
    expect(errorMessage(new Error('disk full'))).toBe('disk full');
    expect(errorMessage('plain words')).toBe('plain words');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
  });

  it('logs the stack when there is one, else the message', () => {
    const e = new Error('boom');
    expect(errorDetail(e)).toBe(e.stack);
    expect(errorDetail(e)).toContain('boom');
    const bare = new Error('no stack');
    bare.stack = undefined;
    expect(errorDetail(bare)).toBe('no stack');
    expect(errorDetail({ toString: () => 'odd' })).toBe('odd');
  });

  it("prefers a failed process's stderr and falls back to the message when stderr is empty", () => {
    const withStderr = Object.assign(new Error('Command failed: git push'), { stderr: 'fatal: no upstream' });
    expect(processErrorMessage(withStderr)).toBe('fatal: no upstream');
    expect(processErrorMessage(Object.assign(new Error('Command failed'), { stderr: '' }))).toBe('Command failed');
    expect(processErrorMessage(new Error('plain'))).toBe('plain');
    expect(processErrorMessage('text')).toBe('text');
  });

  it('is the only place under src that turns an unknown throw into text', () => {
    const copies = walk('src')
      .filter((f) => f.endsWith('.ts') && f !== join('src', 'core', 'errorMessage.ts'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${f}:${i + 1}`, line }))
          .filter(({ line }) => /instanceof Error\s*\?|\$\{String\((e|err|error)\)\}/.test(line)),
      )
      .map((c) => c.where);
    expect(copies).toEqual([]);
  });
});
