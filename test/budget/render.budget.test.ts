// Issue budgets of the chat panel, per hostile answer and per provider cutting: streamed as the
// host posts it while the user types and then presses Stop, then reopened. No main-thread task
// over 50 ms CPU, every key press and the Stop click answered (next paint) within 100 ms, the
// typed text intact, and the last tenth of the answer costing no more than twice the first
// (linear cost). The same rows as `node bench/webview.mjs --loads`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from '../browser/harness.mjs';
import { CUTTINGS, LOADS, TABLE_HEAD, formatRow, loadText, measureLoad, misses } from '../browser/renderLoad.mjs';
import { bigAnswer } from '../fakes/providerContent.mjs';

type Harness = Awaited<ReturnType<typeof startHarness>>;
let h: Harness;
const rows: string[] = [];

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
  console.log(['', ...TABLE_HEAD, ...rows].join('\n'));
});

const only = process.env.KATA_BUDGET_ONLY;
describe('chat rendering budgets (production bundle and CSP, headless Chromium)', () => {
  for (const name of ['normal answer', ...Object.keys(LOADS)]) {
    if (only && !name.includes(only)) continue;
    for (const [cut, range] of Object.entries(CUTTINGS)) {
      it(`${name}, ${cut} cutting: tasks < 50 ms, input answered < 100 ms, linear cost`, async () => {
        const r = await measureLoad(h, loadText(name, bigAnswer), range, `b${rows.length}`);
        rows.push(formatRow(name, cut, r));
        expect(r.stream.typedChars).toBeGreaterThan(0);
        expect(misses(r)).toEqual([]);
      });
    }
  }
});
