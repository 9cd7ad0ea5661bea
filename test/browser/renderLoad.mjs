// The answers that once froze the chat panel, and the measurement the bench and the browser tests
// share: stream an answer through the real protocol as the host sends it (one message per frame),
// then reopen it, recording main-thread long tasks (observer, wall clock) and each task's CPU time
// (Chrome trace; on a loaded machine wall time also counts other processes).
import { splitDeltas } from '../fakes/providerContent.mjs';
import { initMessage, streamingEntry } from './harness.mjs';

const MiB = 1024 * 1024;

function table(rows) {
  const out = ['| # | name | value |', '|---:|:---|:-:|'];
  for (let i = 1; i <= rows; i++) out.push(`| ${i} | row **${i}** | ${i * 3} |`);
  return out.join('\n') + '\n';
}

function fences(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push('```js', `const x${i} = ${i};`, '```', '');
  return out.join('\n');
}

function deepNesting() {
  const lines = [];
  for (let i = 0; i < 3000; i++) lines.push(`${'  '.repeat(i % 60)}- level ${i % 60} > *x*`);
  lines.push('', '>'.repeat(5000) + ' deep quote', '', '['.repeat(50_000) + 'x' + ']'.repeat(50_000));
  return lines.join('\n');
}

/** Cached: each is built once per process. */
const cache = new Map();
export const LOADS = {
  'one 10 MiB line': () => 'lorem ipsum dolor sit amet '.repeat(Math.ceil((10 * MiB) / 27)).slice(0, 10 * MiB),
  '5,000-row table': () => table(5000),
  '20,000 code fences': () => fences(20_000),
  '1 MiB word': () => 'a'.repeat(MiB),
  'emphasis storm': () => '**a *b _c __d ~~e '.repeat(20_000),
  'bracket storm': () => '[a](b [c](d ![e]( <f '.repeat(20_000),
  'deep nesting': deepNesting,
};
export function loadText(name, normal) {
  if (!cache.has(name)) cache.set(name, name === 'normal answer' ? normal() : LOADS[name]());
  return cache.get(name);
}

/** How the two providers cut an answer: Anthropic sends text deltas of a few words, OpenAI a token or two. */
export const CUTTINGS = { anthropic: [8, 64], openai: [1, 6] };

/** Deltas as the host posts them: whatever arrived within a frame, in one message (≥ 250 messages in all). */
export function hostBatches(text, cutting) {
  const deltas = text.length > 4 * MiB ? splitDeltas(text, 4096) : splitDeltas(text, cutting);
  const per = Math.max(400, Math.ceil(text.length / 250));
  const out = [];
  let cur = '';
  for (const d of deltas) {
    cur += d;
    if (cur.length >= per) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

function mainThreadTasks(trace) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  return events
    .filter(
      (e) =>
        e.ph === 'X' &&
        (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') &&
        mains.has(`${e.pid}:${e.tid}`) &&
        typeof e.dur === 'number',
    )
    .map((e) => ({ wall: e.dur / 1000, cpu: (e.tdur ?? e.dur) / 1000 }));
}

/** Runs `inPage` under a trace; returns its result and the longest main-thread task by CPU time. */
async function traced(h, inPage, arg) {
  await h.browser.startTracing(h.page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline'] });
  let result;
  try {
    result = await h.page.evaluate(inPage, arg);
  } finally {
    const tasks = mainThreadTasks(JSON.parse((await h.browser.stopTracing()).toString('utf8')));
    const worst = tasks.reduce((m, t) => (t.cpu > m.cpu ? t : m), { cpu: 0, wall: 0 });
    result = { ...result, cpu: worst.cpu, cpuTaskWall: worst.wall };
  }
  return result;
}

/**
 * Streams `text` (one host message per frame), then reopens the chat with it as a saved answer.
 * Returns { stream: { doneMs, longMs, cpu, lagMs }, reopen: { paintedMs, longMs, cpu } }.
 */
export async function measureLoad(h, text, cutting, id = 'load') {
  await h.reload();
  await h.host(initMessage());
  await h.settle();
  const batches = hostBatches(text, cutting);
  const stream = await traced(
    h,
    async ({ batches, entry }) => {
      const long = [];
      const obs = new PerformanceObserver((l) => {
        for (const e of l.getEntries()) long.push(e.duration);
      });
      obs.observe({ type: 'longtask', buffered: false });
      const deliver = (data) => window.dispatchEvent(new MessageEvent('message', { data }));
      // How late a timer fires while the answer streams: what a key press would wait.
      let lag = 0;
      let probing = true;
      const probe = () => {
        const t = performance.now();
        setTimeout(() => {
          lag = Math.max(lag, performance.now() - t - 20);
          if (probing) probe();
        }, 20);
      };
      probe();
      deliver({ type: 'entry', entry });
      for (const text of batches) {
        deliver({ type: 'delta', answerId: entry.id, text });
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      }
      const t0 = performance.now();
      deliver({ type: 'answerEnd', answerId: entry.id, status: 'done', durationMs: 1 });
      if (window.__kataChat?.idle) await window.__kataChat.idle();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const doneMs = performance.now() - t0;
      probing = false;
      await new Promise((r) => setTimeout(r, 60));
      obs.disconnect();
      return { doneMs, longMs: Math.max(0, ...long), lagMs: lag };
    },
    { batches, entry: streamingEntry(`${id}-s`) },
  );
  await h.reload();
  const user = { kind: 'user', id: 'u-1', text: 'Show me', attachments: [], at: 1 };
  const saved = { ...streamingEntry(`${id}-r`), text, status: 'done', durationMs: 1 };
  const reopen = await traced(
    h,
    async ({ msg }) => {
      const long = [];
      const obs = new PerformanceObserver((l) => {
        for (const e of l.getEntries()) long.push(e.duration);
      });
      obs.observe({ type: 'longtask', buffered: false });
      const t0 = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: msg }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const paintedMs = performance.now() - t0;
      if (window.__kataChat?.idle) await window.__kataChat.idle();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const settledMs = performance.now() - t0;
      await new Promise((r) => setTimeout(r, 60));
      obs.disconnect();
      return { paintedMs, settledMs, longMs: Math.max(0, ...long) };
    },
    { msg: initMessage([user, saved]) },
  );
  return { stream, reopen };
}

export function formatRow(name, cut, r) {
  const f = (x) => `${x.toFixed(0)}`.padStart(5);
  return `| ${name.padEnd(20)} | ${cut.padEnd(9)} | ${f(r.stream.doneMs)} ms | ${f(r.stream.longMs)} / ${f(r.stream.cpu)} ms | ${f(r.stream.lagMs)} ms | ${f(r.reopen.paintedMs)} / ${f(r.reopen.settledMs)} ms | ${f(r.reopen.longMs)} / ${f(r.reopen.cpu)} ms |`;
}
export const TABLE_HEAD = [
  '| answer               | cutting   | done after last delta | longest task: observer / CPU | timer lag | reopen: painted / settled | reopen longest task: observer / CPU |',
  '|---|---|---|---|---|---|---|',
];
