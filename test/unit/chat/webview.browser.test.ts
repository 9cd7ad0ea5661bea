// The webview's behaviour in a real browser (built bundle, panel CSP): keyboard, Stop/Retry,
// code-block actions, chips and estimate, paging, state for the serializer, announcements.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHAT_STRINGS, HANG_MS, MODEL, initMessage, startHarness, streamingEntry } from '../../browser/harness.mjs';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any, window: any, requestAnimationFrame: (f: () => void) => number;

type Harness = Awaited<ReturnType<typeof startHarness>>;
let h: Harness;

const user = (id: string, text: string) => ({ kind: 'user', id, text, attachments: [], at: 1 });
const answer = (id: string, text: string, extra: Record<string, unknown> = {}) => ({
  kind: 'assistant',
  id,
  replyTo: 'u0',
  text,
  status: 'done',
  model: MODEL,
  at: 2,
  ...extra,
});
const posted = async (type: string) => (await h.posted()).filter((m: { type: string }) => m.type === type);
const clearPosted = () => h.page.evaluate(() => (window.__posted.length = 0));
const prompt = () => h.page.locator('textarea.prompt');

/** Twenty questions with answers long enough to scroll, each ending in a code block. */
async function openLongChat(): Promise<void> {
  const entries = [];
  for (let i = 0; i < 20; i++)
    entries.push(
      user(`u${i}`, `question ${i}`),
      answer(`a${i}`, `## Answer ${i}\n\n${'Some text. '.repeat(80)}\n\n\`\`\`ts\nconst x = ${i};\n\`\`\``),
    );
  await h.host(initMessage(entries));
  await h.settle();
}

/** How far the log is from its end; Infinity until the last answer is laid out (rendering is sliced). */
const distanceFromEnd = () =>
  h.page.evaluate(() => {
    const s = document.querySelector('main.log');
    if (!document.querySelector('[data-id="a19"] code')) return Infinity;
    return s.scrollHeight - s.scrollTop - s.clientHeight;
  });

beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.reload();
  await h.host(initMessage([user('u0', 'first question'), answer('a0', 'first **answer**')]));
  await h.settle();
  await clearPosted();
});

describe('chat webview', () => {
  it('shows the conversation, the title and the preselected model; remembers the chat id for the serializer', async () => {
    expect(await h.page.locator('.entry').count()).toBe(2);
    expect(await h.page.locator('.entry.assistant strong').textContent()).toBe('answer');
    expect(await h.page.locator('.chat-title').textContent()).toBe('Test chat');
    expect(await h.page.locator('select.model-select').inputValue()).toBe('anthropic/claude-sonnet-4-5');
    await expect
      .poll(() => h.page.evaluate(() => window.__state), { timeout: HANG_MS })
      .toMatchObject({ chatId: 'chat-test' });
  });

  it('shows a refusal in its own box as plain text, apart from the answer, streaming and when reopened', async () => {
    await h.host(
      { type: 'entry', entry: user('u1', 'go') },
      { type: 'entry', entry: streamingEntry('a1') },
      { type: 'delta', answerId: 'a1', text: 'Before ' },
      { type: 'refusal', answerId: 'a1', text: "I can't **help**" },
      { type: 'refusal', answerId: 'a1', text: ' with that.' },
    );
    await h.settle();
    const live = h.page.locator('.entry[data-id="a1"]');
    expect(await live.locator('.refusal .refusal-text').textContent()).toBe("I can't **help** with that.");
    await h.host({ type: 'answerEnd', answerId: 'a1', status: 'done', stopReason: 'stop' });
    await h.settle();
    expect((await live.locator('.md').textContent())?.trim()).toBe('Before');
    expect(await live.locator('.refusal').count()).toBe(1);
    expect(await live.locator('.empty').count()).toBe(0);
    await h.host(initMessage([user('u0', 'q'), answer('a2', '', { refusal: 'No.' })]));
    await h.settle();
    const reopened = h.page.locator('.entry[data-id="a2"]');
    expect(await reopened.locator('.refusal-text').textContent()).toBe('No.');
    expect(await reopened.locator('.refusal').getAttribute('role')).toBe('note');
    expect(await reopened.locator('.empty').count()).toBe(0);
  });

  it('Enter sends with the chosen model, Shift+Enter adds a line, Up recalls the last prompt', async () => {
    await h.page.locator('select.model-select').selectOption('openai/gpt-4o');
    await prompt().click();
    await h.page.keyboard.type('line one');
    await h.page.keyboard.press('Shift+Enter');
    await h.page.keyboard.type('line two');
    expect(await posted('send')).toEqual([]);
    await h.page.keyboard.press('Enter');
    expect(await posted('send')).toEqual([
      { type: 'send', text: 'line one\nline two', model: { providerId: 'openai', modelId: 'gpt-4o' } },
    ]);
    expect(await posted('selectModel')).toEqual([
      { type: 'selectModel', model: { providerId: 'openai', modelId: 'gpt-4o' } },
    ]);
    expect(await prompt().inputValue()).toBe('');
    await h.page.keyboard.press('ArrowUp');
    expect(await prompt().inputValue()).toBe('line one\nline two');
  });

  it('while streaming: Stop button and Esc send stop; the stopped answer keeps its text, offers Retry, and focus returns to the prompt', async () => {
    await h.host(
      { type: 'entry', entry: user('u1', 'go') },
      { type: 'entry', entry: streamingEntry('a1') },
      { type: 'delta', answerId: 'a1', text: 'partial ' },
      { type: 'delta', answerId: 'a1', text: 'answer' },
    );
    await h.settle();
    expect(await h.page.locator('button.stop').isVisible()).toBe(true);
    expect(await h.page.locator('button.send').isVisible()).toBe(false);
    await h.page.locator('button.stop').click();
    await h.page.keyboard.press('Escape');
    expect((await posted('stop')).length).toBe(2);
    await h.host({
      type: 'answerEnd',
      answerId: 'a1',
      status: 'stopped',
      durationMs: 1200,
      usage: { inputTokens: 10, outputTokens: 3 },
    });
    await h.settle();
    const a1 = h.page.locator('[data-id="a1"]');
    expect(await a1.locator('.md').textContent()).toContain('partial answer');
    expect(await a1.locator('.status').textContent()).toContain('Stopped');
    expect(await a1.locator('.facts').textContent()).toBe(
      'anthropic/claude-sonnet-4-5 · 10 in tokens · 1.2 s · stopped',
    );
    expect(await h.page.locator('button.send').isVisible()).toBe(true);
    expect(await h.page.evaluate(() => document.activeElement?.className)).toBe('prompt');
    await a1.locator('button.retry').click();
    expect(await posted('retry')).toEqual([{ type: 'retry', answerId: 'a1' }]);
    const announced = await h.page.evaluate(
      () =>
        new Promise((r) =>
          requestAnimationFrame(() => r(document.querySelector('[aria-live="polite"].sr-only').textContent)),
        ),
    );
    expect(announced).toBe('Answer stopped.');
  });

  it('an answer stopped before any text says nothing was received', async () => {
    await h.host(
      { type: 'entry', entry: user('u1', 'go') },
      { type: 'entry', entry: streamingEntry('a1') },
      { type: 'answerEnd', answerId: 'a1', status: 'stopped', durationMs: 300 },
    );
    await h.settle();
    const status = await h.page.locator('[data-id="a1"] .status').textContent();
    expect(status).toContain('Stopped — nothing was received.');
    expect(status).not.toContain('partial');
  });

  it('a retry wait counts down on the streaming answer, then says Generating… again', async () => {
    // Every text the status line shows is recorded as it changes: a busy machine may poll too
    // late to see a one-second state, but it cannot skip a mutation.
    await h.page.evaluate(() => {
      window.__typing = [];
      new (window as any).MutationObserver(() => {
        const t = document.querySelector('[data-id="a1"] .typing')?.textContent?.trim();
        if (t && window.__typing.at(-1) !== t) window.__typing.push(t);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await h.host(
      { type: 'entry', entry: user('u1', 'go') },
      { type: 'entry', entry: streamingEntry('a1') },
      {
        type: 'retryWait',
        answerId: 'a1',
        reason: 'rate_limited',
        status: 429,
        attempt: 1,
        maxRetries: 2,
        delayMs: 2000,
      },
    );
    const shown = () => h.page.evaluate(() => (window.__typing as string[]).join(' | '));
    // Settled once the status line says Generating… again after the countdown.
    await expect.poll(shown, { timeout: HANG_MS }).toMatch(/retrying in 1 s.* \| Generating…$/);
    expect(await shown()).toMatch(/Rate limited — retrying in 2 s \| Rate limited — retrying in 1 s \| Generating…$/);
    await h.host(
      { type: 'delta', answerId: 'a1', text: 'here' },
      { type: 'answerEnd', answerId: 'a1', status: 'done' },
    );
    await h.settle();
    expect(await h.page.locator('[data-id="a1"] .typing').count()).toBe(0);
  });

  it('errors show inline with remediation, Retry and Set API Key…', async () => {
    await h.host(
      { type: 'entry', entry: streamingEntry('a2') },
      {
        type: 'answerEnd',
        answerId: 'a2',
        status: 'error',
        error: {
          code: 'invalid_auth',
          message: 'OpenAI rejected the API key.',
          remediation: 'Set a valid key with Set API Key….',
          retryable: false,
          actions: ['setApiKey', 'retry', 'openLog'],
          providerId: 'openai',
        },
      },
    );
    await h.settle();
    const box = h.page.locator('[data-id="a2"] .error-box');
    expect(await box.textContent()).toContain('OpenAI rejected the API key.');
    expect(await box.textContent()).toContain('Set a valid key');
    // The error's own actions, in its order.
    expect(await box.locator('button').allTextContents()).toEqual([' Set API Key…', ' Retry', ' Open Log']);
    await box.getByRole('button', { name: 'Set API Key…' }).click();
    await box.getByRole('button', { name: 'Open Log' }).click();
    expect(await posted('run')).toEqual([
      { type: 'run', command: 'setApiKey', providerId: 'openai' },
      { type: 'run', command: 'openLog' },
    ]);
    await box.getByRole('button', { name: 'Retry' }).click();
    expect(await posted('retry')).toEqual([{ type: 'retry', answerId: 'a2' }]);
  });

  it('shows the texts the host sends: a translation changes them, none is written in the webview', async () => {
    await h.reload();
    // A fake language: every text upper-cased and marked; placeholders stay for the webview to fill.
    const strings = Object.fromEntries(Object.entries(CHAT_STRINGS).map(([k, v]) => [k, `[xx] ${v.toUpperCase()}`]));
    await h.host(initMessage([user('u0', 'q'), answer('a0', '```js\nx\n```')], { strings }));
    await h.host(
      { type: 'entry', entry: streamingEntry('a1') },
      { type: 'answerEnd', answerId: 'a1', status: 'stopped' },
    );
    await h.settle();
    expect(await h.page.locator('button.send').textContent()).toBe(' [xx] SEND');
    expect(await prompt().getAttribute('placeholder')).toMatch(/^\[xx\] ASK A QUESTION/);
    expect(await h.page.locator('.toolbar .icon-button').first().getAttribute('aria-label')).toBe('[xx] CHAT HISTORY…');
    expect(await h.page.locator('[data-id="u0"] .who').textContent()).toBe(' [xx] YOU');
    expect(await h.page.locator('[data-id="a0"] .code-action').first().getAttribute('title')).toBe('[xx] COPY');
    expect(await h.page.locator('[data-id="a1"] .status').textContent()).toBe(' [xx] STOPPED — NOTHING WAS RECEIVED.');
    expect(await h.page.locator('[data-id="a1"] .facts').textContent()).toContain('[xx] STOPPED');
  });

  it('an interrupted answer keeps its partial text with the reason and Retry', async () => {
    await h.host(
      { type: 'entry', entry: streamingEntry('a3') },
      { type: 'delta', answerId: 'a3', text: 'half of it' },
      {
        type: 'answerEnd',
        answerId: 'a3',
        status: 'interrupted',
        error: { code: 'stream_interrupted', message: 'The stream stalled.', remediation: 'Retry.', retryable: true },
      },
    );
    await h.settle();
    const a3 = h.page.locator('[data-id="a3"]');
    expect(await a3.locator('.md').textContent()).toContain('half of it');
    expect(await a3.locator('.error-box').textContent()).toContain('Interrupted: The stream stalled.');
    expect(await a3.locator('button.retry').count()).toBe(1);
  });

  it('code blocks have a language label and post Copy, Insert and Open with the exact code', async () => {
    const code = 'const a = "<b>&amp;";\nconsole.log(a);';
    await h.host({ type: 'entry', entry: streamingEntry('a4') });
    for (const piece of ['Here:\n\n```ts\n', code.slice(0, 10), code.slice(10), '\n```\n', 'done'])
      await h.host({ type: 'delta', answerId: 'a4', text: piece });
    await h.host({ type: 'answerEnd', answerId: 'a4', status: 'done' });
    await h.settle();
    const block = h.page.locator('[data-id="a4"] .code-block');
    expect(await block.locator('.code-lang').textContent()).toBe('ts');
    await block.locator('[data-action="copy"]').click();
    await block.locator('[data-action="insert"]').click();
    await block.locator('[data-action="open"]').click();
    const all = (await h.posted()).filter((m: { type: string }) => /Code$/.test(m.type));
    expect(all).toEqual([
      { type: 'copyCode', code: `${code}\n`, language: 'ts' },
      { type: 'insertCode', code: `${code}\n`, language: 'ts' },
      { type: 'openCode', code: `${code}\n`, language: 'ts' },
    ]);
  });

  it('attachment chips show size and tokens, can be removed; the estimate counts the draft and warns over the limit', async () => {
    await h.host({
      type: 'attachments',
      items: [{ id: 'f1', kind: 'selection', label: 'src/a.ts:3-9', chars: 2400, tokens: 600 }],
      contextTokens: 99_990,
      contextTokenLimit: 100_000,
    });
    await h.settle();
    const chip = h.page.locator('.chips.pending .chip');
    expect(await chip.textContent()).toContain('src/a.ts:3-9');
    expect(await chip.textContent()).toContain('2.4K chars · ~600 tok');
    expect(await h.page.locator('.estimate').textContent()).toBe('≈ 99,990 / 100,000 tokens');
    await prompt().fill('x'.repeat(80));
    expect(await h.page.locator('.estimate').textContent()).toBe(
      '≈ 100,010 / 100,000 tokens — older context will be cut',
    );
    expect(await h.page.locator('.estimate.over').count()).toBe(1);
    await chip.getByRole('button', { name: 'Remove src/a.ts:3-9' }).click();
    expect(await posted('removeAttachment')).toEqual([{ type: 'removeAttachment', id: 'f1' }]);
  });

  it('long chats are paged: Load earlier asks for the page before the first entry, which is prepended', async () => {
    await h.host(initMessage([user('u50', 'q50'), answer('a50', 'answer 50')], { hasEarlier: true }));
    await h.settle();
    await clearPosted();
    await h.page.locator('button.load-earlier').click();
    expect(await posted('loadEarlier')).toEqual([{ type: 'loadEarlier', beforeId: 'u50' }]);
    await h.host({ type: 'earlier', entries: [user('u49', 'q49'), answer('a49', 'answer 49')], hasEarlier: false });
    await h.settle();
    const ids = await h.page.locator('.entry').evaluateAll((els: any[]) => els.map((e) => e.dataset.id));
    expect(ids).toEqual(['u49', 'a49', 'u50', 'a50']);
    expect(await h.page.locator('button.load-earlier').isVisible()).toBe(false);
  });

  it('links are opened through the host, with Enter as well as a click', async () => {
    await h.host({ type: 'entry', entry: answer('a5', 'see [the docs](https://example.com/docs)') });
    await h.settle();
    const link = h.page.locator('[data-id="a5"] .md-link');
    await link.focus();
    await h.page.keyboard.press('Enter');
    expect(await posted('openLink')).toEqual([
      { type: 'openLink', href: 'https://example.com/docs', text: 'the docs' },
    ]);
    expect(h.page.url()).toBe(`${h.origin}/`);
  });

  it('toolbar buttons run the chat commands', async () => {
    for (const name of ['Chat History…', 'New Chat', 'Copy Conversation', 'Export Chat as Markdown'])
      await h.page.getByRole('button', { name }).click();
    expect((await posted('run')).map((m: { command: string }) => m.command)).toEqual([
      'history',
      'newChat',
      'copyConversation',
      'export',
    ]);
  });

  it('opens a long chat scrolled to its end, and stays there as lazily laid-out entries settle', async () => {
    await openLongChat();
    await expect.poll(distanceFromEnd, { timeout: HANG_MS }).toBeLessThan(5);
  });

  it('stays at the end of a long chat when the panel gets shorter', async () => {
    await openLongChat();
    await expect.poll(distanceFromEnd, { timeout: HANG_MS }).toBeLessThan(5);
    const size = h.page.viewportSize()!;
    try {
      // Only the log's own height changes: nothing in the list is resized.
      await h.page.setViewportSize({ width: size.width, height: size.height - 120 });
      await expect.poll(distanceFromEnd, { timeout: HANG_MS }).toBeLessThan(5);
    } finally {
      await h.page.setViewportSize(size);
    }
  });
});
