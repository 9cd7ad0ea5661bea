#!/usr/bin/env node
// Chat webview benchmark: the built bundle in headless Chromium under the panel's CSP.
//   (a) render cost of the last 10 % of deltas ÷ the first 10 % (target ≤ 1.3)
//   (b) longest main-thread task while streaming at a realistic pace (target < 50 ms)
//   (c) time to open a 1,000-message chat (target ≤ 300 ms) and the JS heap after it
//   (d) characters posted host → webview per streamed answer ÷ answer size (target ≈ 1)
//   (e) the hostile-size table: each answer streamed with both providers' cuttings while the user
//       types and then presses Stop, then reopened: longest main-thread task < 50 ms CPU, typing
//       and Stop answered within 100 ms, last tenth of the answer costs ≤ 2× the first
//       (`--loads` runs only this part, `--only <name>` one row). `npm run test:budget` asserts
//       the same figures.
//   (f) a 10,000-message chat: open (host read + page build + webview paint, target ≤ 300 ms),
//       scrolled to its first message page by page and dragged back (no task over 50 ms), JS
//       heap ≤ 150 MB, elements only near the viewport (`--long` runs only this part).
// Prints figures; exits 1 when a target is missed.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatLongChat, longChatMisses, measureLongChat } from '../test/browser/longChat.mjs';
import { CUTTINGS, LOADS, TABLE_HEAD, formatRow, loadText, measureLoad, misses } from '../test/browser/renderLoad.mjs';
import { mainThreadTasks } from '../test/browser/trace.mjs';
import { ROOT, initMessage, startHarness, streamingEntry, MODEL } from '../test/browser/harness.mjs';
import { bigAnswer, splitDeltas } from '../test/fakes/providerContent.mjs';
import { startProviderServer } from '../test/fakes/providerServer.mjs';

const answer = bigAnswer();
const deltas = splitDeltas(answer, [10, 40]);
const results = [];
const report = (name, value, target, ok) => {
  results.push({ name, value, target, ok });
  console.log(`${ok ? 'ok  ' : 'MISS'} ${name}: ${value}${target ? ` (target ${target})` : ''}`);
};

const argv = process.argv.slice(2);
const onlyLoads = argv.includes('--loads');
const onlyLong = argv.includes('--long');
const onlyRow = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;

const h = await startHarness();
try {
  if (!onlyLoads && !onlyLong) await standard();
  if (!onlyLoads) await longChat();
  if (!onlyLong) await loads();
} finally {
  await h.close();
}
summary();

async function loads() {
  // (e) Hostile sizes: the budget is a main-thread task under 50 ms (CPU time from the trace;
  // the observer's wall clock is printed beside it) while streaming and while reopening.
  console.log(
    '(e) hostile sizes, streamed as the host posts them (one message per frame) while typing, Stop, reopened',
  );
  console.log(TABLE_HEAD.join('\n'));
  for (const name of ['normal answer', ...Object.keys(LOADS)]) {
    if (onlyRow && !name.includes(onlyRow)) continue;
    for (const [cut, range] of Object.entries(CUTTINGS)) {
      const r = await measureLoad(h, loadText(name, bigAnswer), range);
      console.log(formatRow(name, cut, r));
      const missed = misses(r);
      if (missed.length) console.log(`     MISS ${name} ${cut}: ${missed.join('; ')}`);
      results.push({ name: `(e) ${name} ${cut}`, ok: missed.length === 0 });
    }
  }
  const missedE = results.filter((r) => r.name.startsWith('(e)') && !r.ok).map((r) => r.name);
  console.log(missedE.length ? `MISS (e) over budget: ${missedE.join(', ')}` : 'ok   (e) every row within budget');
}

function summary() {
  const missed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - missed} passed, ${missed} failed`);
  process.exit(missed ? 1 : 0);
}

/** Builds bench/chatBytes.ts (the real ChatStore and ChatSession) for Node. */
async function hostSide() {
  const built = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-bench-'));
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'bench/chatBytes.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: path.join(built, 'chatBytes.mjs'),
    logLevel: 'error',
    absWorkingDir: ROOT,
  });
  return { built, ...(await import(pathToFileURL(path.join(built, 'chatBytes.mjs')).href)) };
}

async function longChat() {
  const n = 10_000;
  const { built, measureOpen } = await hostSide();
  const text = (i) => answer.slice((i * 1500) % 150_000, ((i * 1500) % 150_000) + 1500);
  // The host has opened a chat before (as in a session): the reader's code is warm.
  await measureOpen(50, text);
  const r = await measureLongChat(h, await measureOpen(n / 2, text, true));
  fs.rmSync(built, { recursive: true, force: true });
  const [open, scroll] = formatLongChat(n, r);
  report(`(f) ${open}`, '', '≤ 300 ms CPU, host and webview', r.open.totalCpuMs <= 300);
  const missed = longChatMisses(r, n).filter((m) => !m.startsWith('open took'));
  report(`(f) ${scroll}`, missed.join('; '), 'tasks < 50 ms CPU, heap ≤ 150 MB', missed.length === 0);
}

async function standard() {
  console.log(
    `webview bundle: ${(h.bundleBytes / 1024).toFixed(1)} KB minified; answer ${(answer.length / 1024).toFixed(0)} KB in ${deltas.length} deltas`,
  );
  await h.host(initMessage());
  await h.settle();

  // (a) Each delta delivered and rendered synchronously, timed one by one: the cost of a delta
  // must not grow with the answer (finished blocks are never parsed again).
  const times = await h.page.evaluate(
    ({ deltas, entry }) => {
      const deliver = (data) => window.dispatchEvent(new MessageEvent('message', { data }));
      deliver({ type: 'entry', entry });
      const out = [];
      for (const text of deltas) {
        const t0 = performance.now();
        deliver({ type: 'delta', answerId: entry.id, text });
        window.__kataChat.flush();
        window.__kataChat.drain?.();
        out.push(performance.now() - t0);
      }
      deliver({ type: 'answerEnd', answerId: entry.id, status: 'done' });
      return out;
    },
    { deltas, entry: streamingEntry('bench-a') },
  );
  const tenth = Math.floor(times.length / 10);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const first = sum(times.slice(0, tenth));
  const last = sum(times.slice(-tenth));
  const ratio = last / first;
  report(
    '(a) render cost last 10 % ÷ first 10 % of deltas',
    `${ratio.toFixed(2)} (${((first / tenth) * 1000).toFixed(0)} µs → ${((last / tenth) * 1000).toFixed(0)} µs per delta, max ${Math.max(...times).toFixed(1)} ms)`,
    '≤ 1.3',
    ratio <= 1.3,
  );

  // (b) Streaming at a realistic pace: host batches every ~16 ms, the page renders per frame.
  await h.reload();
  await h.host(initMessage());
  // A trace gives each main-thread task's CPU time as well as its wall time: on a shared machine
  // wall time also counts the time other processes held the CPU.
  await h.browser.startTracing(h.page, {
    categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  const longest = await h.page.evaluate(
    async ({ deltas, entry }) => {
      const long = [];
      const t00 = performance.now();
      const obs = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) long.push({ d: e.duration, at: e.startTime - t00 });
      });
      obs.observe({ type: 'longtask', buffered: false });
      const deliver = (data) => window.dispatchEvent(new MessageEvent('message', { data }));
      let maxHandler = 0;
      let maxFrame = 0;
      const origFlush = window.__kataChat.flush;
      deliver({ type: 'entry', entry });
      // Measure each animation-frame flush by timing the frame callback chain.
      let running = true;
      const frameProbe = () => {
        const t0 = performance.now();
        requestAnimationFrame(() => {
          maxFrame = Math.max(maxFrame, performance.now() - t0);
          if (running) frameProbe();
        });
      };
      frameProbe();
      for (let i = 0; i < deltas.length;) {
        let text = '';
        // ~16 ms worth of a fast model: about 400 characters a batch.
        while (i < deltas.length && text.length < 400) text += deltas[i++];
        const t0 = performance.now();
        deliver({ type: 'delta', answerId: entry.id, text });
        maxHandler = Math.max(maxHandler, performance.now() - t0);
        await new Promise((r) => setTimeout(r, 16));
      }
      deliver({ type: 'answerEnd', answerId: entry.id, status: 'done' });
      await new Promise((r) => setTimeout(r, 100));
      running = false;
      obs.disconnect();
      void origFlush;
      return { long, maxHandler, maxFrame };
    },
    { deltas, entry: streamingEntry('bench-b') },
  );
  const tasks = mainThreadTasks(JSON.parse((await h.browser.stopTracing()).toString('utf8')));
  const worstCpu = tasks.reduce((m, t) => (t.cpu > m.cpu ? t : m), { cpu: 0, wall: 0 });
  const worstLong = longest.long.length ? Math.max(...longest.long.map((l) => l.d)) : 0;
  report(
    '(b) longest main-thread task while streaming (CPU time)',
    `${worstCpu.cpu.toFixed(1)} ms CPU (that task took ${worstCpu.wall.toFixed(1)} ms wall) over ${tasks.length} tasks; long-task observer (wall clock): ${worstLong ? `${worstLong.toFixed(0)} ms` : 'none over 50 ms'}; longest message handler ${longest.maxHandler.toFixed(1)} ms`,
    '< 50 ms',
    worstCpu.cpu < 50,
  );

  // (c) Open a 1,000-message chat: the host reads the transcript and sends the last page (the
  // real ChatStore and ChatSession), the webview renders it; older pages load on scroll.
  const built = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-bench-'));
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'bench/chatBytes.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: path.join(built, 'chatBytes.mjs'),
    logLevel: 'error',
    absWorkingDir: ROOT,
  });
  const { measureBytes, measureOpen } = await import(pathToFileURL(path.join(built, 'chatBytes.mjs')).href);
  const sliceOf = (i) => answer.slice((i * 1500) % 150_000, ((i * 1500) % 150_000) + 1500);
  const opened = await measureOpen(500, sliceOf);
  await h.reload();
  const cdp = await h.page.context().newCDPSession(h.page);
  const openMs = await h.page.evaluate(async (msg) => {
    const t0 = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data: msg }));
    document.body.getBoundingClientRect();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  }, opened.init);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const total = opened.loadMs + opened.initMs + openMs;
  report(
    '(c) open a 1,000-message chat',
    `${total.toFixed(0)} ms = host ${opened.loadMs.toFixed(0)} ms to read the ${(opened.fileBytes / 1e6).toFixed(1)} MB transcript + ${opened.initMs.toFixed(0)} ms to build the page + webview ${openMs.toFixed(0)} ms to render ${opened.init.entries.length} entries; JS heap after ${(heap.usedSize / 1024 / 1024).toFixed(1)} MB`,
    '≤ 300 ms',
    total <= 300,
  );
  const entries = [];
  for (let i = 0; i < 500; i++) {
    entries.push({ kind: 'user', id: `u${i}`, text: `Question ${i}`, attachments: [], at: i });
    entries.push({
      kind: 'assistant',
      id: `a${i}`,
      replyTo: `u${i}`,
      text: sliceOf(i),
      status: 'done',
      model: MODEL,
      at: i,
    });
  }
  // For scale: rendering all 1,000 at once, which paging avoids.
  await h.reload();
  const allMs = await h.page.evaluate(
    async (msg) => {
      const t0 = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: msg }));
      document.body.getBoundingClientRect();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - t0;
    },
    initMessage(entries.slice(-500), {}),
  );
  console.log(`     (for scale, without paging: 500 entries rendered at once take ${allMs.toFixed(0)} ms)`);

  // (d) Host → webview traffic for one answer.
  const fake = await startProviderServer();
  try {
    const b = await measureBytes(fake);
    const r = b.postedChars / b.answerChars;
    report(
      '(d) characters posted host → webview ÷ answer size',
      `${r.toFixed(3)} (${b.postedChars} for ${b.answerChars}; ${b.deltas} delta messages, ${b.messages} in all)`,
      '≈ 1 (≤ 1.1)',
      r <= 1.1,
    );
  } finally {
    await fake.close();
    fs.rmSync(built, { recursive: true, force: true });
  }
}
