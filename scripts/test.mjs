#!/usr/bin/env node
// npm test: every check, in order — prepare Chromium and the real host, typecheck, lint, unit
// tests, the VSIX build, the real-host suites (in-host integration and end-to-end scenarios in
// code-server + Chromium), then `npm start` as a user runs it.
// Each stage runs even when an earlier one failed, so one run shows everything that is wrong.
// Ends with one line "N passed, M failed" over unit tests and real-host scenarios (a failing
// typecheck, lint or package stage counts as one failure).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = 'test-results';
fs.mkdirSync(path.join(root, results), { recursive: true });

/** Runs a command with inherited output, also capturing stdout; resolves with code and text. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

const stages = [];
let passed = 0;
let failed = 0;
async function stage(name, cmd, args, count) {
  console.log(`\n==> ${name}`);
  const t = Date.now();
  const r = await run(cmd, args);
  const c = count ? count(r) : undefined;
  if (c) {
    passed += c.passed;
    failed += c.failed;
  } else if (r.code !== 0) {
    failed += 1;
  }
  const ok = r.code === 0 && (!c || c.failed === 0);
  stages.push(
    `${ok ? 'ok  ' : 'FAIL'} ${name}${c ? ` (${c.passed} passed, ${c.failed} failed)` : ''} — ${((Date.now() - t) / 1000).toFixed(0)} s`,
  );
}

const unitJson = path.join(root, results, 'unit.json');
fs.rmSync(unitJson, { force: true });
// Chromium (browser tests of the webview, e2e) and the real VS Code host: installed once into
// the cache folder, a no-op afterwards.
const hostDir = process.env.KATA_REAL_HOST_DIR || path.join(os.homedir(), '.cache', 'kata-cloud', 'real-host');
await stage('prepare Chromium and the real VS Code host (once)', 'bash', ['test/realhost/setup.sh', hostDir]);
await stage('typecheck', 'npm', ['run', '--silent', 'typecheck']);
await stage('lint', 'npm', ['run', '--silent', 'lint']);
await stage(
  'unit tests (vitest)',
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${unitJson}`],
  (r) => {
    try {
      const j = JSON.parse(fs.readFileSync(unitJson, 'utf8'));
      return { passed: j.numPassedTests, failed: j.numFailedTests + (r.code !== 0 && j.numFailedTests === 0 ? 1 : 0) };
    } catch {
      return { passed: 0, failed: 1 };
    }
  },
);
await stage('package (VSIX)', 'npm', ['run', '--silent', 'package']);
await stage('real host (integration + e2e)', 'node', ['test/realhost/run.mjs'], (r) => {
  const m = [...r.out.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  return m
    ? { passed: Number(m[1]), failed: Number(m[2]) + (r.code !== 0 && m[2] === '0' ? 1 : 0) }
    : { passed: 0, failed: 1 };
});

// The README's other command: `npm start` serves VS Code with the extension and stops cleanly.
await stage(
  'npm start (URL answers, extension installed, stops on Ctrl+C and on kill -TERM)',
  'node',
  ['scripts/check-start.mjs'],
  (r) => {
    const m = /^start: (\d+) passed, (\d+) failed$/m.exec(r.out);
    return m
      ? { passed: Number(m[1]), failed: Number(m[2]) + (r.code !== 0 && m[2] === '0' ? 1 : 0) }
      : { passed: 0, failed: 1 };
  },
);

console.log(`\n==> summary\n${stages.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
