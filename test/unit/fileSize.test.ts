import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// A file a newcomer can read in one sitting: no source or test file over 400 lines. Split a
// file along its responsibilities when it grows past this, rather than widening lines.
const MAX_LINES = 400;
const SOURCE = /\.(ts|mts|mjs|js|css)$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('file size', () => {
  it(`keeps every file in src/ and test/ at ${MAX_LINES} lines or fewer`, () => {
    const files = [...walk('src'), ...walk('test')].filter((f) => SOURCE.test(f));
    expect(files.length).toBeGreaterThan(100);
    const over = files
      .map((f) => ({ f, lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ f, lines }) => `${f}: ${lines}`);
    expect(over).toEqual([]);
  });
});
