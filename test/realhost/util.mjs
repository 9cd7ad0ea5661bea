// Small polling helpers shared by the harness, its scenarios and the workbench helpers.
import util from 'node:util';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; the last error or value goes into the message. */
export async function waitFor(fn, { timeout = 10000, interval = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e instanceof Error ? e.message.split('\n')[0] : e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeout} ms waiting for ${what} (last: ${util.inspect(last, { depth: 3, breakLength: Infinity })})`,
      );
    await sleep(interval);
  }
}
