#!/usr/bin/env node
// npm run bench: every benchmark in one go. Not a test: it prints figures and ratios against
// peers measured in the same run (the official SDKs for stream parsing).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

let failures = 0;
if (want('size')) {
  if (run('node', ['esbuild.mjs', '--production']) !== 0) process.exit(1);
  console.log('\n== bundle size (production build)');
  for (const [file, budget] of [
    ['dist/extension.js', 400 * 1024],
    ['dist/webview.js', undefined],
  ]) {
    const p = path.join(root, file);
    if (!fs.existsSync(p)) continue;
    const buf = fs.readFileSync(p);
    const gz = zlib.gzipSync(buf).length;
    const line = `${file}: ${(buf.length / 1024).toFixed(1)} KB minified, ${(gz / 1024).toFixed(1)} KB gzip`;
    console.log(
      budget ? `${line} — budget ${(budget / 1024).toFixed(0)} KB (${buf.length <= budget ? 'within' : 'OVER'})` : line,
    );
  }
}
for (const [name, file] of [
  ['parse', 'bench/parse.mjs'],
  ['webview', 'bench/webview.mjs'],
  ['activation', 'bench/activation.mjs'],
  ['spaces', 'bench/spaces.mjs'],
]) {
  if (!want(name) || !fs.existsSync(path.join(root, file))) continue;
  console.log(`\n== ${name} (${file})`);
  if (run('node', [file]) !== 0) {
    failures++;
    console.log(`${name}: failed`);
  }
}
process.exit(failures ? 1 : 0);
