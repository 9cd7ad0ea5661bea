// Issue budgets for a long chat: a 10,000-message chat (the real ChatStore reads its transcript,
// the real ChatSession pages it) opens in ≤ 300 ms of CPU, host and webview together; scrolling
// up to its first message page by page and dragging back to the end never runs a main-thread
// task over 50 ms CPU; the JS heap stays ≤ 150 MB; and only the pages near the viewport have
// elements. The same figures as `node bench/webview.mjs --long`.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { measureOpen } from '../../bench/chatBytes';
import { startHarness } from '../browser/harness.mjs';
import { formatLongChat, longChatMisses, measureLongChat } from '../browser/longChat.mjs';
import { bigAnswer } from '../fakes/providerContent.mjs';

type Harness = Awaited<ReturnType<typeof startHarness>>;
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const MESSAGES = 10_000;

it(`a ${MESSAGES.toLocaleString('en-US')}-message chat opens in ≤ 300 ms, scrolls with no task over 50 ms, heap ≤ 150 MB`, async () => {
  const answer = bigAnswer();
  const text = (i: number) => answer.slice((i * 1500) % 150_000, ((i * 1500) % 150_000) + 1500);
  // The host has opened a chat before (as in a session): the reader's code is warm.
  await measureOpen(50, text);
  const opened = await measureOpen(MESSAGES / 2, text, true);
  const r = await measureLongChat(h, opened);
  console.log(formatLongChat(MESSAGES, r).join('\n'));
  expect(r.scroll.entries).toBe(MESSAGES);
  // Windowing: a few pages of elements, not one per message.
  expect(r.scroll.elements).toBeLessThan(MESSAGES / 10);
  expect(r.scroll.atTop.elements).toBeLessThan(MESSAGES / 10);
  expect(longChatMisses(r, MESSAGES)).toEqual([]);
});
