#!/usr/bin/env node
// The real-host test run (npm run test:realhost): builds the extension and the in-host suite,
// then, each in a fresh code-server + Chromium window with its own fake provider server,
//   1. the in-host integration suite (test/integration/*.test.ts), in two phases around a
//      window reload in the same browser profile ("first", then "reload"),
//   2. every scenario of test/e2e/*.e2e.mjs (the file convention is described in lib.mjs).
// Prints PASS/FAIL per scenario and ends with the line "N passed, M failed"; exits 1 on any
// failure. Artifacts (screenshots, logs) go to test-results/<suite>/.
//
//   node test/realhost/run.mjs [--only NAME]... [--skip-build] [--list]
// --only matches a file's base name ("integration", "models") or any part of a scenario name.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { pathToFileURL } from 'node:url';
import { checkInstalled, HOST_DIR, liveHosts, providerSettings, ROOT, startHost, waitFor } from './lib.mjs';
import { indexedDbText } from './storage.mjs';

const { values: opt } = util.parseArgs({
  options: {
    only: { type: 'string', multiple: true, default: [] },
    'skip-build': { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    timeout: { type: 'string', default: process.env.KATA_SCENARIO_TIMEOUT_MS ?? '420000' },
  },
});
const DEFAULT_TIMEOUT = Number(opt.timeout);
const T0 = Date.now();
const elapsed = () => `${((Date.now() - T0) / 1000).toFixed(1)}s`;

function sh(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status})`);
}

// ---------------------------------------------------------------- scenarios
/** @typedef {{ name: string, file: string, timeoutMs?: number, run: (ctx: object) => Promise<void> }} Scenario */

/** @returns {Promise<Scenario[]>} */
async function discover() {
  /** @type {Scenario[]} */
  const list = [
    {
      name: 'integration: first window',
      file: 'test/integration',
      group: 'integration',
      timeoutMs: 420000,
      run: (ctx) => integration(ctx),
    },
  ];
  const dir = path.join(ROOT, 'test', 'e2e');
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.e2e.mjs'))
        .sort()
    : [];
  for (const f of files) {
    const base = f.replace(/\.e2e\.mjs$/, '');
    const mod = await import(pathToFileURL(path.join(dir, f)).href);
    const rel = `test/e2e/${f}`;
    if (Array.isArray(mod.scenarios)) {
      for (const s of mod.scenarios) list.push({ ...s, name: `${base}: ${s.name}`, file: rel, group: base });
    } else if (typeof mod.default === 'function') {
      list.push({ name: base, file: rel, group: base, timeoutMs: mod.timeoutMs, run: mod.default });
    } else {
      list.push({
        name: base,
        file: rel,
        group: base,
        run: async () => {
          throw new Error(`${rel} exports neither a default function nor \`scenarios\``);
        },
      });
    }
  }
  if (!opt.only.length) return list;
  return list.filter((s) =>
    opt.only.some(
      (o) => s.group === o || s.name.toLowerCase().includes(o.toLowerCase()) || path.basename(s.file).startsWith(o),
    ),
  );
}

// The in-host suite: phase "first", reload, phase "reload". Reported as two results.
const extraResults = [];
async function integration(ctx) {
  const phaseFile = path.join(ctx.tmp, 'phase');
  fs.writeFileSync(phaseFile, 'first');
  const host = await ctx.startHost({
    name: 'integration',
    artifacts: path.join(ROOT, 'test-results', 'integration'),
    settings: providerSettings(ctx.fake),
    env: { KATA_IT_PHASE_FILE: phaseFile },
    open: false, // runInHostTests loads the window itself
  });
  const entry = path.join(ROOT, 'out', 'integration', 'index.js');
  const report = (label, r) => {
    const counts = summarizeMocha(r.output);
    fs.writeFileSync(path.join(host.artifacts, `integration-${label}.log`), r.output.join('\n') + '\n');
    const body = r.output.filter((l) =>
      /✔|passing|failing|pending|^\s+\d+\) |Error|Assertion|\[in-host\]|^\s{2,}\S/.test(l),
    );
    console.log(body.map((l) => `    | ${l}`).join('\n'));
    return counts;
  };
  const first = await host.runInHostTests(entry);
  const c1 = report('first', first);
  if (first.code !== 0) throw new Error(`in-host suite (first window) exited ${first.code}: ${c1}`);
  ctx.log(`first window: ${c1} in ${(first.ms / 1000).toFixed(1)} s`);
  // The web workbench writes globalState to IndexedDB every few seconds; a reload before that
  // flush would lose what the first phase stored (its last record: the default model).
  await waitFor(async () => /kata\.defaultModel[^]*gpt-4o-mini/.test(await indexedDbText(host.page)), {
    timeout: 60000,
    interval: 500,
    what: 'the default model of the first phase saved to IndexedDB',
  });
  fs.writeFileSync(phaseFile, 'reload');
  const t = Date.now();
  let error;
  try {
    const second = await host.runInHostTests(entry);
    const c2 = report('reload', second);
    if (second.code !== 0) throw new Error(`in-host suite (after reload) exited ${second.code}: ${c2}`);
    if (!/[1-9]\d* passing/.test(c2)) throw new Error(`no @reload test ran: ${c2}`);
    ctx.log(`after reload: ${c2} in ${(second.ms / 1000).toFixed(1)} s`);
  } catch (e) {
    error = e;
  }
  extraResults.push({
    name: 'integration: after window reload',
    ok: !error,
    error: error?.message,
    ms: Date.now() - t,
  });
}

function summarizeMocha(lines) {
  const pick = (re) => lines.map((l) => re.exec(l)?.[1]).find(Boolean);
  return [
    `${pick(/(\d+) passing/) ?? 0} passing`,
    pick(/(\d+) failing/) && `${pick(/(\d+) failing/)} failing`,
    pick(/(\d+) pending/) && `${pick(/(\d+) pending/)} pending`,
  ]
    .filter(Boolean)
    .join(', ');
}

// ---------------------------------------------------------------- one scenario
async function runScenario(s, startProviderServer) {
  const hosts = [];
  const ac = new AbortController();
  const tmp = fs.mkdtempSync(path.join(ROOT, 'test-results', '.tmp-'));
  const fake = await startProviderServer();
  const extraFakes = [];
  const ctx = {
    // Artifact prefix: the file's base name; a file with several scenarios names its other hosts.
    name: s.group,
    fake,
    tmp,
    artifacts: path.join(ROOT, 'test-results', 'e2e'),
    signal: ac.signal,
    log: (...a) => console.log(`  [${s.name}]`, ...a),
    async step(title, fn) {
      console.log(`  [${s.name}] · ${title}`);
      try {
        return await fn();
      } catch (e) {
        if (e instanceof Error) e.message = `${title}: ${e.message}`;
        throw e;
      }
    },
    /** Another fake with its own options (closed after the scenario). */
    async startProviderServer(options) {
      const f = await startProviderServer(options);
      extraFakes.push(f);
      return f;
    },
    async startHost(o = {}) {
      if (ac.signal.aborted) throw new Error('scenario timed out');
      const h = await startHost({ name: ctx.name, artifacts: ctx.artifacts, ...o });
      if (ac.signal.aborted) {
        // The watchdog fired while this host was starting: nothing else will close it.
        await h.close();
        throw new Error('scenario timed out');
      }
      hosts.push(h);
      return h;
    },
  };
  // A watchdog bounds a hang; a scenario may ask for more than the default, never less.
  const timeoutMs = Math.max(s.timeoutMs ?? 0, DEFAULT_TIMEOUT);
  let timer;
  const watchdog = new Promise((_, reject) => {
    timer = setTimeout(() => {
      ac.abort();
      reject(new Error(`scenario watchdog: not done after ${timeoutMs / 1000} s`));
    }, timeoutMs);
  });
  const t = Date.now();
  let error;
  try {
    await Promise.race([s.run(ctx), watchdog]);
  } catch (e) {
    error = e;
    for (const h of hosts) await h.screenshot('failure').catch(() => {});
  } finally {
    clearTimeout(timer);
    for (const h of hosts) await h.close().catch((e) => console.error('  close failed:', e.message));
    for (const f of [fake, ...extraFakes]) await f.close().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { name: s.name, ok: !error, error: error && (error.stack ?? String(error)), ms: Date.now() - t };
}

// ---------------------------------------------------------------- main
async function main() {
  const scenarios = await discover();
  if (opt.list) {
    for (const s of scenarios) console.log(`${s.name}  (${s.file})`);
    return 0;
  }
  if (!scenarios.length) throw new Error(`no scenario matches --only ${opt.only.join(', ')}`);
  try {
    checkInstalled();
  } catch {
    console.log(`real host not found in ${HOST_DIR}: installing it (one time, about 4 minutes)`);
    sh('bash', [path.join(ROOT, 'test', 'realhost', 'setup.sh'), HOST_DIR], 'test/realhost/setup.sh');
    checkInstalled();
  }
  if (!opt['skip-build']) {
    sh(process.execPath, ['esbuild.mjs'], 'extension build');
    const { buildIntegrationSuite } = await import(
      pathToFileURL(path.join(ROOT, 'test', 'integration', 'build.mjs')).href
    );
    await buildIntegrationSuite();
  }
  const fakePath = path.join(ROOT, 'test', 'fakes', 'providerServer.mjs');
  if (!fs.existsSync(fakePath)) throw new Error(`${path.relative(ROOT, fakePath)} is missing`);
  const { startProviderServer } = await import(pathToFileURL(fakePath).href);
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });

  // Stale screenshots from an earlier run would pass for this run's: clear each selected file's.
  for (const group of new Set(scenarios.map((s) => s.group))) {
    const dir = path.join(ROOT, 'test-results', group === 'integration' ? 'integration' : 'e2e');
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir))
      if (group === 'integration' || f.startsWith(`${group}-`)) fs.rmSync(path.join(dir, f), { force: true });
  }

  const results = [];
  for (const s of scenarios) {
    console.log(`\n▶ ${s.name}  (${s.file}) [${elapsed()}]`);
    const r = await runScenario(s, startProviderServer);
    for (const x of [r, ...extraResults.splice(0)]) {
      results.push(x);
      console.log(
        `${x.ok ? 'PASS' : 'FAIL'} ${x.name} (${(x.ms / 1000).toFixed(1)} s)${x.ok ? '' : `\n${indent(x.error)}`}`,
      );
    }
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`\nreal-host run took ${elapsed()}; artifacts in test-results/`);
  for (const r of results.filter((x) => !x.ok)) console.log(`  failed: ${r.name}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

const indent = (s) =>
  String(s)
    .split('\n')
    .slice(0, 12)
    .map((l) => `    ${l}`)
    .join('\n');

let exiting = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (exiting) return;
    exiting = true;
    console.log(`\n${sig}: stopping`);
    setTimeout(() => process.exit(130), 10000).unref();
    void Promise.allSettled([...liveHosts].map((h) => h.close())).then(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e?.stack ?? e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
