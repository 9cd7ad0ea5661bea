// Chrome traces of the chat page, read as the budgets are stated: each top-level task of the
// renderer's main thread with its wall and CPU time (on a loaded machine wall time also counts
// the time other processes held the CPU), and the page's own `performance.mark`s as time points.

/** Top-level main-thread tasks: { ts (µs, trace clock), wall (ms), cpu (ms) }. */
export function mainThreadTasks(trace) {
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
    .map((e) => ({ ts: e.ts, wall: e.dur / 1000, cpu: (e.tdur ?? e.dur) / 1000 }));
}

/** Trace time (µs) of each `performance.mark(name)` made by the page, by name (first one wins). */
export function marks(trace) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const out = new Map();
  for (const e of events)
    if (e.cat?.includes('blink.user_timing') && typeof e.ts === 'number' && !out.has(e.name)) out.set(e.name, e.ts);
  return out;
}

/** CPU ms of the main-thread tasks that started in [from, to) (trace µs). */
export function cpuBetween(tasks, from, to) {
  let sum = 0;
  for (const t of tasks) if (t.ts >= from && t.ts < to) sum += t.cpu;
  return sum;
}

export const CATEGORIES = ['toplevel', 'disabled-by-default-devtools.timeline', 'blink.user_timing'];

/**
 * Runs `run()` under a trace of the harness page; returns its result, the longest main-thread
 * task by CPU time (`cpu`, and that task's wall time `cpuTaskWall`), and the parsed trace.
 */
export async function traced(h, run) {
  await h.browser.startTracing(h.page, { categories: CATEGORIES });
  let result;
  let trace;
  try {
    result = await run();
  } finally {
    trace = JSON.parse((await h.browser.stopTracing()).toString('utf8'));
  }
  const tasks = mainThreadTasks(trace);
  const worst = tasks.reduce((m, t) => (t.cpu > m.cpu ? t : m), { cpu: 0, wall: 0 });
  return { ...result, cpu: worst.cpu, cpuTaskWall: worst.wall, tasks, marks: marks(trace) };
}
