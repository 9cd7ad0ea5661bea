// The import boundaries between host features live in eslint.config.mjs (HOST_FEATURES); this
// keeps that table, the folders under src/host and the table in docs/contributing.md in step.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('host feature boundaries', () => {
  it('gives every feature folder under src/host a row in the lint table and in docs/contributing.md', async () => {
    const config = pathToFileURL(resolve('eslint.config.mjs')).href;
    const { HOST_FEATURES } = (await import(config)) as { HOST_FEATURES: Record<string, string[]> };
    const folders = readdirSync('src/host').filter((f) => statSync(join('src/host', f)).isDirectory());
    expect(Object.keys(HOST_FEATURES).sort()).toEqual(folders.sort());
    for (const allowed of Object.values(HOST_FEATURES)) for (const f of allowed) expect(folders).toContain(f);
    const docs = readFileSync('docs/contributing.md', 'utf8');
    for (const f of folders) {
      const row = docs.split('\n').find((l) => l.startsWith(`| \`src/host/${f}/\``));
      expect(row, f).toBeDefined();
      // The row names each feature the folder may import, and no other.
      const named = folders.filter((other) => other !== f && row!.split('|')[3]!.includes(`\`${other}/\``));
      expect(named.sort(), f).toEqual([...HOST_FEATURES[f]!].sort());
    }
  });
});
