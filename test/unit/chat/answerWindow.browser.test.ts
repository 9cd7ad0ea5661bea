// Windowing inside one very long answer, in a real browser (built bundle, panel CSP): a saved
// answer of 20,000 blocks is reopened at its end with only the groups near the viewport
// rendered, the rest come when scrolled to, and what the user looks at does not move while the
// groups above it replace their estimated heights with real ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANG_MS, initMessage, startHarness, streamingEntry } from '../../browser/harness.mjs';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any, window: any, WheelEvent: any;

type Harness = Awaited<ReturnType<typeof startHarness>>;
let h: Harness;

const N = 10_000;
/** A code block and a long paragraph each (whose wrapped height no line count predicts): 20,000 blocks. */
function answer(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++)
    out.push('```js', `const x${i} = ${i};`, '```', '', `Item ${i}: ${'words that wrap '.repeat(40)}`, '');
  return out.join('\n');
}

beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const blocks = () => h.page.evaluate(() => document.querySelectorAll('.md-block').length);
const has = (code: string) =>
  h.page.evaluate(
    (c: string) => [...document.querySelectorAll('.md code')].some((e: any) => e.textContent.trim() === c),
    code,
  );
const idle = () => h.page.evaluate(() => window.__kataChat.idle());

/** The first code block whose top is inside the conversation's viewport: its text and top. */
const firstVisible = () =>
  h.page.evaluate(() => {
    const log = document.querySelector('main.log');
    const top = log.getBoundingClientRect().top;
    for (const c of document.querySelectorAll('.md pre code')) {
      const r = c.getBoundingClientRect();
      if (r.top >= top && r.height > 0) return { text: (c.textContent as string).trim(), top: r.top - top };
    }
    return undefined;
  });

/** Scrolls as a user does (the wheel stops the following of the end), by `dy` pixels. */
const scrollBy = (dy: number) =>
  h.page.evaluate((d: number) => {
    const log = document.querySelector('main.log');
    log.dispatchEvent(new WheelEvent('wheel', { deltaY: d }));
    log.scrollTop += d;
  }, dy);

/** Opens a chat whose answer is `answer(N)`, as a reopened chat: scrolled to its end. */
async function reopen(): Promise<void> {
  await h.reload();
  const user = { kind: 'user', id: 'u-1', text: 'Count', attachments: [], at: 1 };
  const saved = { ...streamingEntry('big'), text: answer(N), status: 'done', durationMs: 1 };
  await h.host(initMessage([user, saved]));
  await h.settle();
  await idle();
}

/** Scrolls halfway up as a user does, and waits until the blocks there are rendered. */
async function toMiddle(): Promise<number> {
  await h.page.evaluate(() => {
    const log = document.querySelector('main.log');
    log.dispatchEvent(new WheelEvent('wheel', { deltaY: -100 }));
    log.scrollTop = log.scrollHeight / 2;
  });
  await expect.poll(firstVisible, { timeout: HANG_MS }).toBeTruthy();
  await idle();
  await h.settle();
  return Number(/x(\d+)/.exec((await firstVisible())!.text)![1]);
}

describe('a 20,000-block answer keeps elements only near the viewport', () => {
  it('reopens at its end with a few groups rendered, and renders the others when scrolled to', async () => {
    await reopen();
    await expect.poll(() => has(`const x${N - 1} = ${N - 1};`)).toBe(true);
    expect(await h.page.evaluate(() => document.querySelectorAll('.md-group').length)).toBe((2 * N) / 32);
    // The groups near the end (the first few, shown at once, are parked far above): not 20,000.
    expect(await blocks()).toBeLessThan(200);
    expect(await has('const x5000 = 5000;')).toBe(false);

    // Halfway up: the groups there render when they come near.
    const mid = await toMiddle();
    expect(mid).toBeGreaterThan(N / 10);
    expect(mid).toBeLessThan(N - N / 10);
    expect(await blocks()).toBeLessThan(200);
  });

  it('what is in view stays put while the groups above it get their real heights', async () => {
    await reopen();
    await toMiddle();
    const before = (await firstVisible())!;
    const view = await h.page.evaluate(() => document.querySelector('main.log').clientHeight);
    // One viewport up, then back down: groups above render, replacing their estimates.
    for (let i = 0; i < 3; i++) {
      await scrollBy(-view);
      await idle();
      await h.settle();
    }
    for (let i = 0; i < 3; i++) {
      await scrollBy(view);
      await idle();
      await h.settle();
    }
    const after = (await firstVisible())!;
    expect(after.text).toBe(before.text);
    expect(Math.abs(after.top - before.top)).toBeLessThan(2);
  });
});

describe('a streaming answer', () => {
  it('gives a group with rendered blocks its content height: a new block sets no estimate on it', async () => {
    await h.reload();
    await h.host(initMessage([]));
    await h.settle();
    // Every height set on a group that already shows rendered blocks is recorded.
    await h.page.evaluate(() => {
      window.__heldOnRendered = [];
      new (window as any).MutationObserver((records: any[]) => {
        for (const r of records) {
          const g = r.target;
          if (!g.classList.contains('md-group') || !g.style.height) continue;
          const rendered = [...g.children].filter((c: any) => c.childNodes.length > 0).length;
          if (rendered > 0) window.__heldOnRendered.push(`${g.style.height} over ${rendered} rendered`);
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['style'] });
    });
    await h.host({ type: 'entry', entry: streamingEntry('s') });
    for (let i = 0; i < 8; i++) {
      await h.host({ type: 'delta', answerId: 's', text: `Paragraph ${i}: ${'some words '.repeat(30)}\n\n` });
      await h.settle();
      await idle();
    }
    await h.host({ type: 'answerEnd', answerId: 's', status: 'done' });
    await h.settle();
    await idle();
    expect(await blocks()).toBe(8);
    expect(await h.page.evaluate(() => window.__heldOnRendered)).toEqual([]);
  });
});
