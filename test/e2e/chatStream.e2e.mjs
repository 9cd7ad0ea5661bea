// A long answer streams in the real workbench while the user types the next prompt, then presses
// Stop. Measured inside the chat webview with event timestamps (no wall-clock sleeps): the
// answer's text stops changing within 100 ms of the Stop click, and the typed text is intact.
import assert from 'node:assert/strict';
import { waitFor } from '../realhost/lib.mjs';
import { openNewChat } from './chatUi.mjs';

const TYPED = 'the next question, typed while the answer streams';

export const scenarios = [{ name: 'type and Stop while a long answer streams', timeoutMs: 240000, run }];

async function run(ctx) {
  // [slow] at 20 ms a delta: some 60 lines a second for well over ten seconds.
  const fake = await ctx.startProviderServer({ slowDelayMs: 20 });
  const host = await ctx.startHost({
    settings: { 'kata.anthropic.baseUrl': fake.anthropicBaseUrl, 'kata.openai.baseUrl': fake.openaiBaseUrl },
    env: { ANTHROPIC_API_KEY: fake.keys.anthropic },
  });
  const chat = () => host.webviewFrame(0);
  const answer = () => chat().locator('article.entry.assistant').last();
  const box = () => chat().locator('textarea.prompt');

  await ctx.step('a long answer streams', async () => {
    await openNewChat(host);
    await box().click();
    await box().fill('[slow] tell me a long story');
    await box().press('Enter');
    await waitFor(async () => /Slow line 5\./.test(await answer().locator('.md').textContent()), {
      timeout: 30000,
      what: 'the answer to stream',
    });
  });

  await ctx.step('typing while it streams keeps every key, Stop freezes the answer within 100 ms', async () => {
    // In the webview: when the answer's text last changed, and when Stop was clicked (event time).
    await chat()
      .locator('body')
      .evaluate(() => {
        const md = [...document.querySelectorAll('article.entry.assistant')].pop().querySelector('.md');
        const w = window;
        w.__probe = { changes: [], clickAt: 0, stoppedAt: 0 };
        let last = md.textContent;
        new MutationObserver(() => {
          const now = md.textContent;
          if (now !== last) w.__probe.changes.push(performance.now());
          last = now;
          if (!w.__probe.stoppedAt && md.closest('article').querySelector('.status-stopped'))
            w.__probe.stoppedAt = performance.now();
        }).observe(md.closest('article'), { childList: true, subtree: true, characterData: true });
        document.addEventListener(
          'click',
          (e) => {
            if (e.target instanceof Element && e.target.closest('button.stop')) w.__probe.clickAt = e.timeStamp;
          },
          true,
        );
      });
    await box().click();
    await host.page.keyboard.type(TYPED, { delay: 15 });
    assert.equal(await chat().locator('button.stop').isVisible(), true, 'still streaming when Stop is pressed');
    const before = (await answer().locator('.md').textContent()).length;
    await chat().locator('button.stop').click();
    await answer().locator('.status-stopped').waitFor({ timeout: 15000 });
    const p = await chat()
      .locator('body')
      .evaluate(() => window.__probe);
    assert.ok(p.clickAt > 0, 'the Stop click was seen');
    const after = p.changes.filter((t) => t >= p.clickAt);
    const lastChange = after.length ? Math.max(...after) - p.clickAt : 0;
    ctx.log(
      `streamed ${before} characters before Stop; text changes after Stop: ${after.length}, the last ${lastChange.toFixed(0)} ms after the click; Stopped shown ${(p.stoppedAt - p.clickAt).toFixed(0)} ms after it`,
    );
    assert.ok(lastChange <= 100, `the answer changed ${lastChange.toFixed(0)} ms after Stop`);
    assert.equal(await box().inputValue(), TYPED, 'the typed text is intact');
    const text = await answer().locator('.md').textContent();
    assert.doesNotMatch(text, /Slow line 240\./, 'the answer did not run to its end');
    await host.screenshot('01-stopped-while-typing');
  });
}
