// The Spaces view refresh on a repository with 20 worktrees, each with changes (a modified
// tracked file, an untracked one, some with commits ahead of the base): git processes spawned per
// refresh and wall time, against a naive peer measured in the same run (one worktree after the
// other: status, then an ahead/behind count). Also: a burst of 100 file events (a user typing
// and saving in a hurry) through the scheduler costs how many refreshes. Not a test: it prints.
//
//   node bench/spaces.mjs [--worktrees 20] [--iterations 5] [--files 300]
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('worktrees', 20);
const ITER = arg('iterations', 5);
const FILES = arg('files', 300);
const BUDGET_MS = 1000;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'kata-bench-spaces-'));
const git = (cwd, ...args) => execFileSync('git', args, { cwd, stdio: 'pipe' }).toString();

async function load() {
  const entry = path.join(tmp, 'entry.ts');
  writeFileSync(
    entry,
    [
      `export { SpacesRepo } from ${JSON.stringify(path.join(root, 'src/core/spaces/repo.ts'))};`,
      `export { execGit } from ${JSON.stringify(path.join(root, 'src/core/spaces/git.ts'))};`,
      `export { SpaceMetaStore } from ${JSON.stringify(path.join(root, 'src/core/spaces/meta.ts'))};`,
      `export { RefreshScheduler } from ${JSON.stringify(path.join(root, 'src/core/spaces/schedule.ts'))};`,
      `export { RecordStore } from ${JSON.stringify(path.join(root, 'src/core/state/record.ts'))};`,
    ].join('\n'),
  );
  const out = path.join(tmp, 'spaces.mjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error' });
  return import(pathToFileURL(out).href);
}

function setup() {
  const bare = path.join(tmp, 'remote.git');
  const main = path.join(tmp, 'app');
  git(tmp, 'init', '-q', '--bare', '-b', 'main', bare);
  git(tmp, 'init', '-q', '-b', 'main', main);
  git(main, 'config', 'user.name', 'Bench');
  git(main, 'config', 'user.email', 'bench@example.invalid');
  git(main, 'config', 'commit.gpgsign', 'false');
  for (let d = 0; d < 10; d++) {
    mkdirSync(path.join(main, 'src', `m${d}`), { recursive: true });
    for (let f = 0; f < FILES / 10; f++)
      writeFileSync(path.join(main, 'src', `m${d}`, `f${f}.ts`), `export const v${f} = ${f};\n`);
  }
  git(main, 'add', '-A');
  git(main, 'commit', '-q', '-m', 'init');
  git(main, 'remote', 'add', 'origin', bare);
  git(main, 'push', '-q', '-u', 'origin', 'main');
  git(main, 'remote', 'set-head', 'origin', 'main');
  const paths = [];
  for (let i = 0; i < N; i++) {
    const p = path.join(`${main}.spaces`, `task-${i}`);
    git(main, 'worktree', 'add', '-q', '--no-track', '-b', `kata/task-${i}`, p, 'origin/main');
    writeFileSync(path.join(p, 'src', 'm0', 'f0.ts'), `export const v0 = ${i};\n`);
    writeFileSync(path.join(p, `new-${i}.txt`), 'new\n');
    if (i % 3 === 0) {
      writeFileSync(path.join(p, 'src', 'm1', 'f1.ts'), `export const v1 = ${i};\n`);
      git(p, 'commit', '-q', '-am', `work ${i}`);
      writeFileSync(path.join(p, 'src', 'm1', 'f1.ts'), `export const v1 = -${i};\n`);
    }
    paths.push(p);
  }
  return { main, paths };
}

/** The peer: what a straightforward implementation does, one worktree after the other. */
async function naive(main) {
  let spawned = 0;
  const run = (cwd, args) =>
    new Promise((resolve) => {
      spawned++;
      execFile('git', args, { cwd, maxBuffer: 16 << 20 }, (_e, stdout) => resolve(String(stdout)));
    });
  const list = await run(main, ['worktree', 'list', '--porcelain']);
  const wts = list
    .split('\n')
    .filter((l) => l.startsWith('worktree '))
    .map((l) => l.slice(9));
  for (const w of wts) {
    await run(w, ['status', '--porcelain=v2', '--branch']);
    await run(w, ['rev-list', '--left-right', '--count', 'HEAD...origin/main']);
  }
  return { spawned, worktrees: wts.length };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const m = await load();
  console.log(`setting up ${N} worktrees (${FILES} files each, all with changes)…`);
  const { main: repoPath, paths } = setup();
  const kv = new Map();
  const store = { get: (k) => kv.get(k), update: async (k, v) => void kv.set(k, v) };
  const log = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const results = { cold: [], full: [], one: [], naive: [] };
  let procs = {};
  for (let it = 0; it < ITER + 1; it++) {
    const runner = m.execGit();
    const meta = new m.SpaceMetaStore(new m.RecordStore(store, log));
    const repo = await m.SpacesRepo.open({ git: runner, meta, log }, repoPath);
    const measure = async (dirty) => {
      const before = runner.spawned();
      const t = performance.now();
      const rows = await repo.refresh(dirty);
      return { ms: performance.now() - t, procs: runner.spawned() - before, rows };
    };
    const cold = await measure('all');
    const full = await measure('all');
    const one = await measure(new Set([paths[3]]));
    const t = performance.now();
    const nv = await naive(repoPath);
    const nms = performance.now() - t;
    if (cold.rows.length !== N + 1 || cold.rows.slice(1).some((r) => !r.status?.changed))
      throw new Error('the refresh did not see every worktree with its changes');
    if (it === 0) continue; // warm-up
    results.cold.push(cold.ms);
    results.full.push(full.ms);
    results.one.push(one.ms);
    results.naive.push(nms);
    procs = { cold: cold.procs, full: full.procs, one: one.procs, naive: nv.spawned, rows: cold.rows.length };
  }
  const rows = procs.rows;
  const line = (label, ms, p) =>
    `${label.padEnd(34)} ${median(ms).toFixed(0).padStart(5)} ms   ${String(p).padStart(3)} git processes (${(p / rows).toFixed(2)} per worktree)`;
  console.log(
    `\nmachine: ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(`${rows} worktrees (main checkout + ${N} spaces), median of ${ITER}:`);
  console.log(line('first refresh (cold caches)', results.cold, procs.cold));
  console.log(line('full refresh (focus, manual)', results.full, procs.full));
  console.log(line('one worktree changed (save)', results.one, procs.one));
  console.log(line('peer: naive sequential refresh', results.naive, procs.naive));
  console.log(
    `ratio naive / ours (first refresh): ${(median(results.naive) / median(results.cold)).toFixed(2)}x wall, ${(procs.naive / procs.cold).toFixed(2)}x processes`,
  );

  // A burst of file events: 100 saves 10 ms apart, spread over the worktrees.
  let refreshes = 0;
  const runner = m.execGit();
  const meta = new m.SpaceMetaStore(new m.RecordStore(store, log));
  const repo = await m.SpacesRepo.open({ git: runner, meta, log }, repoPath);
  const s = new m.RefreshScheduler(async (d) => {
    refreshes++;
    await repo.refresh(d);
  }, 300);
  for (let i = 0; i < 100; i++) {
    s.request(paths[i % paths.length]);
    await new Promise((r) => setTimeout(r, 10));
  }
  await s.idle();
  s.dispose();
  console.log(`100 file events in ~1 s → ${refreshes} refresh(es)`);

  const ok = median(results.cold) <= BUDGET_MS && procs.cold <= 2 * rows;
  console.log(
    `budget: ≤ ${BUDGET_MS} ms and ≤ 2 git processes per worktree → ${ok ? 'within' : 'OVER'} (first refresh ${median(results.cold).toFixed(0)} ms, ${(procs.cold / rows).toFixed(2)} per worktree)`,
  );
  process.exitCode = ok ? 0 : 1;
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => rmSync(tmp, { recursive: true, force: true }));
