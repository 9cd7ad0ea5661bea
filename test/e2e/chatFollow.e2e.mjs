// A long chat in the real workbench stays at its end when the chat's own height shrinks: the
// window gets shorter, then the user drags the composer's grip to make it taller. Nothing in the
// list changes size in either case, so only watching the log itself keeps the end in view.
import assert from 'node:assert/strict';
import { waitFor } from '../realhost/lib.mjs';
import { openNewChat } from './chatUi.mjs';

export const scenarios = [{ name: 'a long chat stays at its end when the panel gets shorter', timeoutMs: 240000, run }];

async function run(ctx) {
  const fake = await ctx.startProviderServer();
  const host = await ctx.startHost({
    settings: { 'kata.anthropic.baseUrl': fake.anthropicBaseUrl, 'kata.openai.baseUrl': fake.openaiBaseUrl },
    env: { ANTHROPIC_API_KEY: fake.keys.anthropic },
  });
  const chat = () => host.webviewFrame(0);
  const box = () => chat().locator('textarea.prompt');
  /** The log's height and how far it is from its end, read in the webview. */
  const log = () =>
    chat()
      .locator('main.log')
      .evaluate((s) => ({ height: s.clientHeight, fromEnd: s.scrollHeight - s.scrollTop - s.clientHeight }));
  // A miss names the distance: the message keeps the last error.
  const atEnd = (what) =>
    waitFor(
      async () => {
        const l = await log();
        if (l.fromEnd >= 5) throw new Error(`${l.fromEnd} px from its end`);
        return l;
      },
      { timeout: 45000, what },
    );

  await ctx.step('a long chat: a ~200 KB answer and two short ones', async () => {
    await openNewChat(host);
    for (const [i, prompt] of ['[big] write the long one', 'and a short one', 'one more'].entries()) {
      await box().click();
      await box().fill(prompt);
      await box().press('Enter');
      await chat().locator('article.entry.assistant').nth(i).locator('footer.facts').waitFor({ timeout: 60000 });
    }
    const l = await atEnd('the log at its end after the answers');
    ctx.log(`log ${l.height} px high, ${l.fromEnd} px from its end`);
  });

  await ctx.step('the window gets 200 px shorter: the log stays at its end', async () => {
    const before = await log();
    const size = host.page.viewportSize();
    await host.page.setViewportSize({ width: size.width, height: size.height - 200 });
    await waitFor(async () => (await log()).height < before.height, { timeout: 45000, what: 'a shorter log' });
    const l = await atEnd('the log at its end after the window shrank');
    ctx.log(`log ${before.height} → ${l.height} px, ${l.fromEnd} px from its end`);
  });

  await ctx.step("dragging the composer's grip down makes it taller: the log stays at its end", async () => {
    const before = await log();
    const b = await box().boundingBox();
    await host.page.mouse.move(b.x + b.width - 3, b.y + b.height - 3);
    await host.page.mouse.down();
    await host.page.mouse.move(b.x + b.width - 3, b.y + b.height + 80, { steps: 8 });
    await host.page.mouse.up();
    await waitFor(async () => (await log()).height < before.height, { timeout: 45000, what: 'a shorter log' });
    const l = await atEnd('the log at its end after the composer grew');
    ctx.log(`log ${before.height} → ${l.height} px, ${l.fromEnd} px from its end`);
    assert.ok(l.height < before.height);
    await host.screenshot('01-at-end-after-shrinking');
  });
}
