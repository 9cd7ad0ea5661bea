// Windowing of long chats in a real browser (built bundle, panel CSP): pages far from the
// viewport lose their elements and come back when scrolled to; the focused page and the
// streaming answer are never dropped; nothing is lost or reordered.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HANG_MS, MODEL, initMessage, startHarness, streamingEntry } from '../../browser/harness.mjs';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any, window: any, WheelEvent: any;

type Harness = Awaited<ReturnType<typeof startHarness>>;
let h: Harness;

const PAGES = 12;
const PER = 40;
/** Page `p` (0 = oldest) of prompt/answer pairs; each answer is a few paragraphs and a link. */
function page(p: number): unknown[] {
  const out = [];
  for (let i = p * PER; i < (p + 1) * PER; i += 2) {
    out.push({ kind: 'user', id: `u${i}`, text: `Question ${i}`, attachments: [], at: i });
    const text = `Answer ${i}.\n\n${'Some words to give the answer height. '.repeat(20)}\n\n[docs ${i}](https://example.com/${i})`;
    out.push({ kind: 'assistant', id: `a${i}`, replyTo: `u${i}`, text, status: 'done', model: MODEL, at: i });
  }
  return out;
}
const elements = () => h.page.evaluate(() => document.querySelectorAll('.entry').length);
const ids = () => h.page.evaluate(() => [...document.querySelectorAll('.entry')].map((e: any) => e.dataset.id));

/** Scrolls to the top as a user does and answers each `loadEarlier` with the page before. */
async function loadAll(): Promise<void> {
  for (let p = PAGES - 2; p >= 0; p--) {
    await h.page.evaluate(() => {
      const log = document.querySelector('main.log');
      window.__posted.length = 0;
      log.dispatchEvent(new WheelEvent('wheel', { deltaY: -100 }));
      log.scrollTop = 0;
    });
    await expect
      .poll(() => h.page.evaluate(() => window.__posted.filter((m: any) => m.type === 'loadEarlier').length), {
        timeout: HANG_MS,
      })
      .toBe(1);
    await h.host({ type: 'earlier', entries: page(p), hasEarlier: p > 0 });
    await h.settle();
  }
}

beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.reload();
  await h.host(initMessage(page(PAGES - 1), { hasEarlier: true }));
  await h.settle();
});

describe('long chats keep elements only near the viewport', () => {
  it('scrolled to the first message: every entry is held, only nearby pages have elements, in order', async () => {
    await loadAll();
    expect(await h.page.evaluate(() => window.__kataChat.size())).toBe(PAGES * PER);
    await expect.poll(() => h.page.evaluate(() => !!document.querySelector('[data-id="u0"]'))).toBe(true);
    await expect.poll(elements, { timeout: HANG_MS }).toBeLessThan((PAGES * PER) / 2);
    const shown = await ids();
    expect(shown[0]).toBe('u0');
    // The elements present are a run of consecutive entries from the start.
    expect(shown).toEqual(shown.map((_: string, k: number) => (k % 2 ? `a${k - 1}` : `u${k}`)));
  });

  it('dragged back to the end: the last page is rendered again, the first one dropped', async () => {
    await loadAll();
    await h.page.evaluate(() => {
      const log = document.querySelector('main.log');
      log.scrollTop = log.scrollHeight;
    });
    const last = `a${PAGES * PER - 2}`;
    await expect.poll(() => h.page.evaluate((id) => !!document.querySelector(`[data-id="${id}"]`), last)).toBe(true);
    await expect.poll(() => h.page.evaluate(() => !!document.querySelector('[data-id="u0"]'))).toBe(false);
    expect(await h.page.locator(`[data-id="${last}"] .md-link`).textContent()).toContain(`docs ${PAGES * PER - 2}`);
  });

  it('the page holding the focus and the streaming answer keep their elements', async () => {
    await h.host({ type: 'entry', entry: { kind: 'user', id: 'uq', text: 'go', attachments: [], at: 9 } });
    await h.host({ type: 'entry', entry: streamingEntry('as') }, { type: 'delta', answerId: 'as', text: 'Streaming…' });
    await h.settle();
    const focused = `a${(PAGES - 1) * PER}`;
    await h.page.locator(`[data-id="${focused}"] .md-link`).focus();
    await loadAll();
    expect(await h.page.evaluate(() => document.activeElement?.closest('.entry')?.dataset.id)).toBe(focused);
    expect(await h.page.evaluate(() => !!document.querySelector('[data-id="as"]'))).toBe(true);
    await h.host(
      { type: 'delta', answerId: 'as', text: ' more' },
      { type: 'answerEnd', answerId: 'as', status: 'done' },
    );
    await h.settle();
    expect(await h.page.locator('[data-id="as"] .md').textContent()).toContain('Streaming… more');
    expect(await h.violations()).toEqual([]);
  });
});
