// A long chat in the panel: opened (the host's last page), then scrolled up page by page to its
// first message as a user would (each scroll to the top asks the host for the page before), then
// dragged back down to the end in jumps. Recorded: the time and CPU to open it (host read and
// page build included), the longest main-thread task while paging and jumping (CPU, Chrome
// trace), the JS heap after a garbage collection, and how many entries have elements at the end
// (windowing keeps the pages near the viewport only).
import { cpuBetween, traced } from './trace.mjs';

/** Budgets of issue §4 (open and heap) and §1 (no task over 50 ms). */
export const LONG_BUDGET = { openMs: 300, heapMB: 150, taskMs: 50 };

async function heapMB(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  return heap.usedSize / 1024 / 1024;
}

/** In the page: posts `init` as the host does and waits until its last entry has painted. */
async function openInPage() {
  const { init } = window.__kataLoad;
  const last = init.entries[init.entries.length - 1].id;
  performance.mark('kata-open');
  const t0 = performance.now();
  window.postMessage(init, '*');
  while (!document.querySelector(`[data-id="${last}"]`)) await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  performance.mark('kata-painted');
  const paintedMs = performance.now() - t0;
  await window.__kataChat.idle();
  return { paintedMs, settledMs: performance.now() - t0 };
}

/** In the page: scrolls to the top until the first entry is there, then back down in jumps. */
async function scrollInPage({ jumps }) {
  const { earlier } = window.__kataLoad;
  const log = document.querySelector('main.log');
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const long = [];
  const obs = new PerformanceObserver((l) => {
    for (const e of l.getEntries()) long.push(e.duration);
  });
  obs.observe({ type: 'longtask', buffered: false });
  let asked = 0;
  let wrongAsk = '';
  for (const page of earlier) {
    const expected = window.__kataChat.firstId();
    const ask = new Promise((r) => {
      window.__onPost = (m) => m.type === 'loadEarlier' && r(m.beforeId);
    });
    // The user scrolls to the top (a wheel turn up, then the rest of the way at once): the list
    // stops following the end and asks for the page before.
    log.dispatchEvent(new WheelEvent('wheel', { deltaY: -100 }));
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    const beforeId = await ask;
    if (beforeId !== expected) wrongAsk = `asked before ${beforeId}, first is ${expected}`;
    asked++;
    window.postMessage(page, '*');
    await frame();
    await frame();
  }
  window.__onPost = undefined;
  await window.__kataChat.idle();
  const atTop = {
    firstShown: !!document.querySelector('[data-id="u0"]'),
    elements: document.querySelectorAll('.entry').length,
  };
  // Dragged back to the end: a jump per frame, each position painted before the next.
  for (let i = 1; i <= jumps; i++) {
    log.scrollTop = ((log.scrollHeight - log.clientHeight) * i) / jumps;
    await frame();
  }
  await window.__kataChat.idle();
  await frame();
  obs.disconnect();
  const lastId = window.__kataLoad.init.entries.at(-1).id;
  return {
    asked,
    wrongAsk,
    atTop,
    lastShown: !!document.querySelector(`[data-id="${lastId}"]`),
    entries: window.__kataChat.size(),
    elements: document.querySelectorAll('.entry').length,
    nodes: document.getElementsByTagName('*').length,
    longMs: Math.max(0, ...long),
  };
}

/**
 * `opened`: the host side (bench/chatBytes.ts measureOpen with all pages). Returns
 * { open: { hostMs, hostCpuMs, paintedMs, cpuMs, totalMs, totalCpuMs, heapMB },
 *   scroll: { asked, atTop, entries, elements, nodes, longMs, cpu, heapMB } }.
 */
export async function measureLongChat(h, opened, jumps = 100) {
  await h.reload();
  const cdp = await h.page.context().newCDPSession(h.page);
  // The messages go into the page before the trace: handing them over is not the panel's work.
  await h.page.evaluate((load) => (window.__kataLoad = load), { init: opened.init, earlier: opened.earlier });
  const o = await traced(h, () => h.page.evaluate(openInPage));
  const webCpu = cpuBetween(o.tasks, o.marks.get('kata-open'), o.marks.get('kata-painted'));
  const hostMs = opened.loadMs + opened.initMs;
  const open = {
    hostMs,
    hostCpuMs: opened.cpuMs,
    paintedMs: o.paintedMs,
    cpuMs: webCpu,
    longestCpuMs: o.cpu,
    totalMs: hostMs + o.paintedMs,
    totalCpuMs: opened.cpuMs + webCpu,
    heapMB: await heapMB(cdp),
  };
  const s = await traced(h, () => h.page.evaluate(scrollInPage, { jumps }));
  await h.page.evaluate(() => (window.__kataLoad = undefined));
  const { tasks: _t, marks: _m, cpuTaskWall: _w, ...scroll } = s;
  scroll.heapMB = await heapMB(cdp);
  await cdp.detach();
  return { open, scroll };
}

export function formatLongChat(n, r) {
  const f = (x) => x.toFixed(0);
  return [
    `open a ${n.toLocaleString('en-US')}-message chat: ${f(r.open.totalMs)} ms (${f(r.open.totalCpuMs)} ms CPU) = host ${f(r.open.hostMs)} ms (${f(r.open.hostCpuMs)} ms CPU) to read the transcript and build the page + webview ${f(r.open.paintedMs)} ms (${f(r.open.cpuMs)} ms CPU) until painted; longest task ${f(r.open.longestCpuMs)} ms CPU; JS heap ${r.open.heapMB.toFixed(1)} MB`,
    `scrolled to the first message (${r.scroll.asked} pages asked for) and back in jumps: longest task ${f(r.scroll.cpu)} ms CPU (observer ${f(r.scroll.longMs)} ms); ${r.scroll.elements} of ${r.scroll.entries} entries have elements (${r.scroll.nodes} elements in the page); JS heap ${r.scroll.heapMB.toFixed(1)} MB`,
  ];
}

/** Which budgets a long-chat measurement misses. */
export function longChatMisses(r, n) {
  const out = [];
  if (r.open.totalCpuMs > LONG_BUDGET.openMs) out.push(`open took ${r.open.totalCpuMs.toFixed(0)} ms CPU`);
  if (r.open.longestCpuMs >= LONG_BUDGET.taskMs) out.push(`open task ${r.open.longestCpuMs.toFixed(0)} ms CPU`);
  if (r.scroll.cpu >= LONG_BUDGET.taskMs) out.push(`scrolling task ${r.scroll.cpu.toFixed(0)} ms CPU`);
  if (r.scroll.heapMB > LONG_BUDGET.heapMB) out.push(`heap ${r.scroll.heapMB.toFixed(0)} MB`);
  if (r.scroll.entries !== n) out.push(`${r.scroll.entries} entries loaded of ${n}`);
  if (r.scroll.wrongAsk) out.push(r.scroll.wrongAsk);
  if (!r.scroll.atTop.firstShown) out.push('first message not shown at the top');
  if (!r.scroll.lastShown) out.push('last message not shown at the end');
  return out;
}
