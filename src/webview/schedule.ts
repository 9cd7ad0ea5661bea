// One queue of rendering work for the whole panel, run in slices of a few milliseconds with a
// yield to the browser between slices, so input (typing, Stop) is never kept waiting behind a
// long answer. Jobs run in the order they were queued.

type Job = () => void;

/** Work per slice before yielding; one job is never split, so jobs themselves stay small. */
const SLICE_MS = 8;

let queue: Array<Job | undefined> = [];
let head = 0;
let pending = false;
let waiters: Array<() => void> = [];

interface PostTaskScheduler {
  postTask(cb: () => void, options?: { priority?: 'user-blocking' | 'user-visible' | 'background' }): Promise<unknown>;
}
const scheduler = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
const channel = typeof MessageChannel === 'function' ? new MessageChannel() : undefined;
if (channel) channel.port1.onmessage = () => run();

/** A new task after the browser has had a chance to handle input and paint. */
function later(): void {
  if (scheduler?.postTask) void scheduler.postTask(run, { priority: 'user-visible' });
  else if (channel) channel.port2.postMessage(null);
  else setTimeout(run, 0);
}

export function enqueue(job: Job): void {
  queue.push(job);
  if (!pending) {
    pending = true;
    later();
  }
}

/** Runs the job at the head; a failing job is logged and the queue goes on. */
function runNext(): void {
  const job = queue[head];
  queue[head++] = undefined;
  try {
    job?.();
  } catch (e) {
    console.error('Kata Cloud chat: a rendering step failed', e);
  }
}

function run(): void {
  const t0 = performance.now();
  while (head < queue.length) {
    runNext();
    if (performance.now() - t0 > SLICE_MS) break;
  }
  if (head < queue.length) {
    later();
    return;
  }
  queue = [];
  head = 0;
  pending = false;
  const w = waiters;
  waiters = [];
  for (const f of w) f();
}

/** Drops every queued job (the list was replaced). */
export function clearQueue(): void {
  queue = queue.slice(0, head);
}

/** Resolves once the queue is empty. */
export function idle(): Promise<void> {
  return pending ? new Promise((r) => waiters.push(r)) : Promise.resolve();
}

/** Runs queued jobs now for up to `ms` (Stop shows what arrived before it at once). */
export function drainFor(ms: number): void {
  const t0 = performance.now();
  while (head < queue.length && performance.now() - t0 < ms) runNext();
}

/** Runs every queued job now (the bench times rendering per delta this way). */
export function drainNow(): void {
  while (head < queue.length) {
    const job = queue[head];
    queue[head++] = undefined;
    job?.();
  }
}
