// The answers that once froze the chat panel, and the measurement the bench and the budget tests
// share: stream an answer through the real protocol as the host sends it (one message per frame)
// while the user types in the prompt and then presses Stop, then reopen it. Recorded: main-thread
// long tasks (observer, wall clock), each task's CPU time (Chrome trace; on a loaded machine wall
// time also counts other processes), how long each key press and the Stop click took to be
// answered (Event Timing: from the input to the next paint), and the cost of the last tenth of
// the answer against the first (linear cost keeps the ratio near 1).
import { splitDeltas } from '../fakes/providerContent.mjs';
import { initMessage, streamingEntry } from './harness.mjs';
import { cpuBetween, traced } from './trace.mjs';

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

/** In the page: streams the batches one per frame, marks tenths, answers Stop as the host does. */
async function streamInPage({ entry }) {
  const batches = window.__kataLoad;
  const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const long = [];
  const obs = new PerformanceObserver((l) => {
    for (const e of l.getEntries()) long.push(e.duration);
  });
  obs.observe({ type: 'longtask', buffered: false });
  // Event Timing: each input's wait plus handling plus the paint after it (entries of 16 ms and up).
  const inputs = [];
  const evObs = new PerformanceObserver((l) => {
    for (const e of l.getEntries()) inputs.push({ name: e.name, duration: e.duration });
  });
  evObs.observe({ type: 'event', durationThreshold: 16, buffered: false });
  let stopClickAt = 0;
  document.addEventListener(
    'click',
    (e) => {
      if (e.target instanceof Element && e.target.closest('button.stop')) stopClickAt = e.timeStamp;
    },
    true,
  );
  const stopPosted = new Promise((r) => {
    window.__onPost = (m) => m.type === 'stop' && r(performance.now());
  });
  // As the host posts: a structured clone per message, handled in its own task.
  const deliver = (data) => window.postMessage(data, '*');
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
  const tenth = Math.floor(batches.length / 10);
  performance.mark('kata-s0');
  for (let i = 0; i < batches.length; i++) {
    if (i === tenth) performance.mark('kata-s10');
    if (i === batches.length - tenth) performance.mark('kata-s90');
    deliver({ type: 'delta', answerId: entry.id, text: batches[i] });
    await nextFrame();
  }
  performance.mark('kata-s100');
  window.__kataStreamed = true;
  // The user presses Stop now (the test clicks it); the host ends the answer as stopped.
  const postedAt = await Promise.race([stopPosted, new Promise((r) => setTimeout(() => r(0), 120_000))]);
  const t0 = performance.now();
  deliver({ type: 'answerEnd', answerId: entry.id, status: 'stopped', durationMs: 1 });
  const status = `[data-id="${entry.id}"] .status-stopped`;
  for (let i = 0; i < 10_000 && !document.querySelector(status); i++) await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => requestAnimationFrame(r));
  const stoppedPaint = performance.now();
  const shown = !!document.querySelector(status);
  if (window.__kataChat?.idle) await window.__kataChat.idle();
  await nextFrame();
  const doneMs = performance.now() - t0;
  performance.mark('kata-end');
  probing = false;
  await new Promise((r) => setTimeout(r, 60));
  for (const e of evObs.takeRecords()) inputs.push({ name: e.name, duration: e.duration });
  obs.disconnect();
  evObs.disconnect();
  window.__onPost = undefined;
  return {
    doneMs,
    longMs: Math.max(0, ...long),
    lagMs: lag,
    inputMs: Math.max(0, ...inputs.filter((e) => e.name !== 'click').map((e) => e.duration)),
    stopMs: postedAt && stopClickAt && shown ? stoppedPaint - stopClickAt : Infinity,
    stopPostedMs: postedAt && stopClickAt ? postedAt - stopClickAt : Infinity,
  };
}

/** Types into the prompt until the page says every batch was delivered, then clicks Stop. */
async function typeThenStop(h) {
  const prompt = h.page.locator('textarea.prompt');
  await prompt.fill('');
  await prompt.focus();
  let typed = '';
  for (let i = 0; !(await h.page.evaluate(() => window.__kataStreamed === true)); i++) {
    const word = `w${i} `;
    await h.page.keyboard.type(word, { delay: 10 });
    typed += word;
  }
  await h.page.locator('button.stop').click();
  return { typed, value: await prompt.inputValue() };
}

/**
 * Streams `text` (one host message per frame) while the user types, presses Stop, then reopens
 * the chat with it as a saved answer. Returns
 * { stream: { doneMs, longMs, cpu, lagMs, inputMs, stopMs, typedIntact, costRatio },
 *   reopen: { paintedMs, settledMs, longMs, cpu } }.
 */
export async function measureLoad(h, text, cutting, id = 'load') {
  await h.reload();
  await h.host(initMessage());
  await h.settle();
  await h.page.evaluate(() => (window.__kataStreamed = false));
  // The text goes into the page before the trace starts: handing a test's arguments over is not
  // the panel's work.
  await h.page.evaluate((b) => (window.__kataLoad = b), hostBatches(text, cutting));
  const streamed = await traced(h, async () => {
    const run = h.page.evaluate(streamInPage, { entry: streamingEntry(`${id}-s`) });
    const [r, typing] = await Promise.all([run, typeThenStop(h)]);
    await h.page.evaluate(() => (window.__kataLoad = undefined));
    return { ...r, typedIntact: typing.value === typing.typed, typedChars: typing.typed.length };
  });
  const m = streamed.marks;
  const first = cpuBetween(streamed.tasks, m.get('kata-s0'), m.get('kata-s10'));
  const last = cpuBetween(streamed.tasks, m.get('kata-s90'), m.get('kata-s100'));
  const { tasks: _t, marks: _m, ...stream } = streamed;
  stream.costRatio = last / Math.max(first, 1);
  stream.costFirstMs = first;
  stream.costLastMs = last;

  await h.reload();
  const user = { kind: 'user', id: 'u-1', text: 'Show me', attachments: [], at: 1 };
  const saved = { ...streamingEntry(`${id}-r`), text, status: 'done', durationMs: 1 };
  await h.page.evaluate((msg) => (window.__kataLoad = msg), initMessage([user, saved]));
  const {
    tasks: _rt,
    marks: _rm,
    ...reopen
  } = await traced(h, () =>
    h.page.evaluate(
      async ({ id }) => {
        const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const long = [];
        const obs = new PerformanceObserver((l) => {
          for (const e of l.getEntries()) long.push(e.duration);
        });
        obs.observe({ type: 'longtask', buffered: false });
        const t0 = performance.now();
        window.postMessage(window.__kataLoad, '*');
        window.__kataLoad = undefined;
        for (let i = 0; i < 10_000 && !document.querySelector(`[data-id="${id}"]`); i++)
          await new Promise((r) => setTimeout(r, 0));
        await nextFrame();
        const paintedMs = performance.now() - t0;
        if (window.__kataChat?.idle) await window.__kataChat.idle();
        await nextFrame();
        const settledMs = performance.now() - t0;
        await new Promise((r) => setTimeout(r, 60));
        obs.disconnect();
        return { paintedMs, settledMs, longMs: Math.max(0, ...long) };
      },
      { id: saved.id },
    ),
  );
  return { stream, reopen };
}

/** Budgets of issue §1: CPU of any main-thread task, input answered, cost per tenth. */
export const BUDGET = { taskMs: 50, inputMs: 100, costRatio: 2 };

export function formatRow(name, cut, r) {
  const f = (x) => `${Number.isFinite(x) ? x.toFixed(0) : '∞'}`.padStart(5);
  const s = r.stream;
  return `| ${name.padEnd(20)} | ${cut.padEnd(9)} | ${f(s.doneMs)} ms | ${f(s.longMs)} / ${f(s.cpu)} ms | ${f(s.lagMs)} ms | ${f(s.inputMs)} / ${f(s.stopMs)} ms | ${s.costRatio.toFixed(2).padStart(5)} | ${f(r.reopen.paintedMs)} / ${f(r.reopen.settledMs)} ms | ${f(r.reopen.longMs)} / ${f(r.reopen.cpu)} ms |`;
}
export const TABLE_HEAD = [
  '| answer               | cutting   | done after end | longest task: observer / CPU | timer lag | typing / Stop answered | cost last ÷ first tenth | reopen: painted / settled | reopen longest task: observer / CPU |',
  '|---|---|---|---|---|---|---|---|---|',
];

/** Which budgets a measured row misses (empty when it keeps them all). */
export function misses(r) {
  const out = [];
  if (r.stream.cpu >= BUDGET.taskMs) out.push(`streaming task ${r.stream.cpu.toFixed(0)} ms CPU`);
  if (r.reopen.cpu >= BUDGET.taskMs) out.push(`reopen task ${r.reopen.cpu.toFixed(0)} ms CPU`);
  if (r.stream.inputMs > BUDGET.inputMs) out.push(`typing answered in ${r.stream.inputMs.toFixed(0)} ms`);
  if (!(r.stream.stopMs <= BUDGET.inputMs)) out.push(`Stop answered in ${r.stream.stopMs.toFixed(0)} ms`);
  if (!r.stream.typedIntact) out.push('typed text changed');
  if (r.stream.costRatio > BUDGET.costRatio) out.push(`last tenth cost ${r.stream.costRatio.toFixed(2)}× the first`);
  return out;
}
