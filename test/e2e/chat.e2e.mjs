// The chat panel as a new user sees it, in the real workbench against the fake provider: New Chat →
// pick a model → send → the answer streams → Stop on a slow answer → Retry → an error inline
// with Set API Key… and Retry → Copy a code block → Ask About Selection from an editor →
// reload the window → the chat is restored → Export Chat as Markdown. Screenshots go to
// test-results/e2e/chat-*.png.
import assert from 'node:assert/strict';
import { readExtensionLog, waitFor } from '../realhost/lib.mjs';
import { indexedDbText } from '../realhost/storage.mjs';
import { openNewChat } from './chatUi.mjs';

const KEY = 'sk-ant-test-valid-0123456789';
const isStream = (r) => r.method === 'POST' && /\/(messages|chat\/completions)$/.test(r.path);
const bodyText = (r) => JSON.stringify(r.body?.messages ?? '');

export const scenarios = [{ name: 'new chat to export', timeoutMs: 240000, run: chatScenario }];

async function chatScenario(ctx) {
  // A fake of our own: [slow] at 25 ms a delta, so a retried slow answer finishes in seconds.
  const fake = await ctx.startProviderServer({ slowDelayMs: 25 });
  const host = await ctx.startHost({
    settings: { 'kata.anthropic.baseUrl': fake.anthropicBaseUrl, 'kata.openai.baseUrl': fake.openaiBaseUrl },
    env: { ANTHROPIC_API_KEY: KEY },
    workspace: {
      'src/greet.ts': 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n',
      'notes/spec.md': '# Spec\n\nGreet users by name.\n',
    },
  });
  await host.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.base });
  const chat = () => host.webviewFrame(0);
  const answers = () => chat().locator('article.entry.assistant');
  const lastAnswer = () => answers().last();
  const wheelTo = (target) => host.wheelTo(chat().locator('main.log'), target);
  const send = async (text) => {
    const box = chat().locator('textarea.prompt');
    await box.click();
    await box.fill(text);
    await box.press('Enter');
  };
  const streamsFor = (needle) => fake.requests.filter((r) => isStream(r) && bodyText(r).includes(needle));

  await ctx.step('New Chat opens a chat panel with the models and the default preselected', async () => {
    await openNewChat(host, { models: 3 });
    const options = await chat().locator('select.model-select option').allTextContents();
    assert.ok(options.includes('Claude Haiku 4.5') && options.includes('Claude Sonnet 4.5'), JSON.stringify(options));
    assert.ok(await chat().locator('select.model-select').inputValue(), 'a model is preselected');
    await host.screenshot('01-new-chat');
  });

  await ctx.step('pick a model, send, and the answer streams with its facts', async () => {
    await chat().locator('select.model-select').selectOption('anthropic/claude-haiku-4-5');
    await send('Hello chat, show me code');
    const answer = lastAnswer();
    await waitFor(async () => /Echo: Hello chat, show me code/.test(await answer.locator('.md').textContent()), {
      timeout: 45000,
      what: 'the streamed answer',
    });
    const facts = await answer.locator('footer.facts').textContent({ timeout: 45000 });
    assert.match(facts, /anthropic\/claude-haiku-4-5 · \d+ in \/ \d+ out tokens · end_turn · /);
    assert.equal(await answer.locator('.code-block .code-lang').first().textContent(), 'ts');
    const req = streamsFor('Hello chat')[0];
    assert.equal(req?.body?.model, 'claude-haiku-4-5');
    assert.equal(req?.body?.max_tokens, 4096);
    await host.screenshot('02-answer');
  });

  await ctx.step('Stop on a slow answer closes the request at once and keeps the partial text', async () => {
    await send('[slow] count slowly');
    const answer = lastAnswer();
    await waitFor(async () => /Slow line 2\./.test(await answer.locator('.md').textContent()), {
      timeout: 45000,
      what: 'slow text',
    });
    const req = streamsFor('[slow] count slowly')[0];
    const t0 = Date.now();
    await chat().locator('button.stop').click();
    await fake.waitForClose((r) => r === req, 5000);
    assert.equal(req.closedEarly, true, 'the client closed the connection');
    ctx.log(`Stop → socket closed after ${req.endedAt - t0} ms`);
    assert.ok(req.endedAt >= t0, `closed ${req.endedAt - t0} ms after Stop`);
    await answer.locator('.status-stopped').waitFor({ timeout: 5000 });
    const text = await answer.locator('.md').textContent();
    assert.match(text, /Slow line 2\./);
    assert.doesNotMatch(text, /Slow line 120\./);
    assert.equal(await chat().locator('button.send').isVisible(), true);
    await host.screenshot('03-stopped');
  });

  await ctx.step('Retry replaces the stopped answer with a complete one', async () => {
    await lastAnswer().locator('button.retry').click();
    await waitFor(async () => /Slow line 120\./.test(await lastAnswer().locator('.md').textContent()), {
      timeout: 30000,
      what: 'the retried answer to finish',
    });
    await lastAnswer().locator('footer.facts').waitFor();
    assert.equal(await chat().locator('.status-stopped').count(), 0, 'the stopped answer was replaced');
    assert.equal(streamsFor('[slow] count slowly').length, 2);
    await host.screenshot('04-retried');
  });

  await ctx.step('an answer that ends while the command palette is open leaves the palette open', async () => {
    const lines = 400;
    fake.setDefaultReply(Array.from({ length: lines }, (_, i) => `Palette line ${i + 1}.`).join('\n\n'));
    await send('keep streaming');
    const answer = lastAnswer();
    await waitFor(async () => /Palette line 2\./.test(await answer.locator('.md').textContent()), {
      timeout: 45000,
      what: 'the answer to start',
    });
    fake.setDefaultReply(undefined);
    await host.page.keyboard.press('F1');
    const input = host.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await host.page.keyboard.type('Kata Cloud');
    assert.equal(
      await chat().locator('button.stop').isVisible(),
      true,
      'the answer was still streaming when the palette opened',
    );
    await answer.locator('footer.facts').waitFor({ timeout: 60000 });
    assert.match(await answer.locator('.md').textContent(), new RegExp(`Palette line ${lines}\\.`));
    // Keys go wherever focus is: had the webview taken it back, these would land in the prompt.
    await host.page.keyboard.type(' Chat');
    assert.equal(await input.isVisible(), true, 'the palette is still open');
    assert.equal(await input.inputValue(), '>Kata Cloud Chat');
    assert.equal(await chat().locator('textarea.prompt').inputValue(), '');
    await host.page.keyboard.press('Escape');
  });

  await ctx.step('an error shows inline with its remediation, Set API Key… and Retry', async () => {
    await send('[error:401:1] who am i');
    const box = lastAnswer().locator('.error-box');
    await box.waitFor({ timeout: 45000 });
    assert.match(await box.textContent(), /key/i);
    assert.equal(await box.getByRole('button', { name: 'Set API Key…' }).count(), 1);
    await host.screenshot('05-error');
    await box.getByRole('button', { name: 'Retry' }).click();
    await waitFor(async () => /Echo: who am i/.test(await lastAnswer().locator('.md').textContent()), {
      timeout: 45000,
      what: 'the retried answer',
    });
  });

  await ctx.step('Copy on a code block puts the code on the clipboard', async () => {
    // The first answer is far above the last one by now, so its blocks are parked (windowing):
    // scroll back to it as a user would, and its code block is rendered again.
    await wheelTo(answers().first());
    const block = answers().first().locator('.code-block').first();
    await block.locator('[data-action="copy"]').click();
    const clip = await waitFor(
      async () => {
        const t = await host.page.evaluate(() => navigator.clipboard.readText());
        return t.includes('export function greet') && t;
      },
      { timeout: 10000, what: 'the code on the clipboard' },
    );
    assert.equal(clip, 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n');
    await chat().locator('.notice', { hasText: 'Copied 4 line(s)' }).waitFor({ timeout: 5000 });
  });

  await ctx.step('Open in New Editor opens the code block as a TypeScript document', async () => {
    await answers().first().locator('.code-block [data-action="open"]').first().click();
    await waitFor(async () => /export function greet\(name: string\): string \{/.test(await host.editorText()), {
      timeout: 10000,
      what: 'the code in a new editor',
    });
    await waitFor(async () => /TypeScript/.test(await host.page.locator('.statusbar').textContent()), {
      timeout: 5000,
      what: 'the TypeScript language mode',
    });
    await host.screenshot('06-open-in-editor');
    await host.runCommand('View: Revert and Close Editor');
  });

  await ctx.step(
    'a link shows its real host beside lying text and opens only after a dialog shows target, host and text',
    async () => {
      fake.setDefaultReply(
        'Read [https://github.com/docs](https://example.com/docs\u200B/setup), get [setup-\u202Egnp.exe](https://example.com/setup.exe) or write to [support@github.com](mailto:help@example.com).',
      );
      await send('where are the docs');
      const links = lastAnswer().locator('a.md-link');
      await links.nth(2).waitFor({ timeout: 45000 });
      fake.setDefaultReply(undefined);
      assert.equal(await links.first().getAttribute('href'), null, 'links carry no href');
      // What the user sees without hovering: the text as written, hidden characters spelled out,
      // and the real host (or address) right after every link whose text names another one.
      // innerText is what is on screen, so it is read once the answer is laid out: after the
      // editor closed, the panel shows again a moment later (until then every text is empty).
      const shown = (loc, what) =>
        waitFor(
          async () => {
            const texts = (await loc.allInnerTexts()).map((t) => t.trim());
            return texts.length === 3 && texts.every(Boolean) && texts;
          },
          { timeout: 45000, what },
        );
      assert.deepEqual(await shown(links, 'the link texts on screen'), [
        'https://github.com/docs',
        'setup-<U+202E>gnp.exe',
        'support@github.com',
      ]);
      const beside = lastAnswer().locator('a.md-link + .md-link-host');
      assert.deepEqual(
        await shown(beside, 'the real hosts on screen'),
        // "setup-gnp.exe" reads as a domain too, so it gets the real host as well.
        ['→ example.com', '→ example.com', '→ help@example.com'],
      );
      assert.ok(await beside.first().isVisible(), 'the real host is on screen');
      await host.screenshot('07-link-host-beside');

      const dialog = host.page.locator('.monaco-dialog-box');
      const openAndRead = async (n) => {
        await links.nth(n).click();
        await dialog.waitFor({ timeout: 10000 });
        return dialog.textContent();
      };
      const cancel = async () => {
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.waitFor({ state: 'hidden', timeout: 5000 });
      };
      let text = await openAndRead(0);
      assert.match(text, /Open example\.com in your browser\?/);
      assert.match(text, /Target: https:\/\/example\.com\/docs<U\+200B>\/setup/);
      assert.match(text, /Host: example\.com/);
      assert.match(text, /Link text: https:\/\/github\.com\/docs/);
      assert.match(text, /The link text shows github\.com, but the link goes to example\.com\./);
      assert.match(text, /The link contains invisible or text-direction characters/);
      await host.screenshot('07-link-dialog');
      await cancel();

      text = await openAndRead(1);
      assert.match(text, /Link text: setup-<U\+202E>gnp\.exe/);
      assert.ok(!text.includes('\u202E'), 'the override itself never reaches the dialog');
      await cancel();

      text = await openAndRead(2);
      assert.match(text, /Write to help@example\.com in your mail client\?/);
      assert.match(text, /This opens your mail client with a new message; nothing is sent until you send it\./);
      assert.match(text, /The link text shows support@github\.com, but the link goes to help@example\.com\./);
      await cancel();
    },
  );

  await ctx.step('Ask About Selection attaches the selection with file name and line range', async () => {
    await host.goToFile('greet.ts');
    await host.page.locator('.editor-group-container .monaco-editor textarea').first().waitFor();
    // Select with the keyboard, then use the editor's context menu (the palette's Escape would
    // clear the selection first).
    const lines = host.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    await lines.click();
    await host.page.keyboard.press('Control+A');
    await waitFor(async () => /\(\d+ selected\)/.test(await host.page.locator('.statusbar').textContent()), {
      timeout: 5000,
      what: 'a selection in the editor',
    });
    await lines.click({ button: 'right', position: { x: 60, y: 10 } });
    const item = host.page.locator('.context-view .action-item', { hasText: 'Ask About Selection' }).first();
    await item.waitFor({ timeout: 5000 });
    await host.screenshot('08-context-menu');
    await item.click();
    const chip = chat().locator('.chips.pending .chip');
    await chip.waitFor({ timeout: 45000 }).catch(async (e) => {
      throw new Error(`${e.message.split('\n')[0]}; notifications: ${JSON.stringify(await host.notifications())}`);
    });
    assert.match(await chip.textContent(), /src\/greet\.ts:1-3/);
    assert.match(await chat().locator('.estimate').textContent(), /tokens/);
    await host.screenshot('09-selection-attached');
    await send('What does this do?');
    await waitFor(
      async () =>
        /Echo: Selection from src\/greet\.ts:1-3.*What does this do\?/s.test(
          await lastAnswer().locator('.md').textContent(),
        ),
      { timeout: 45000, what: 'the answer about the selection' },
    );
    const req = streamsFor('What does this do?')[0];
    assert.match(bodyText(req), /Selection from `src\/greet.ts:1-3`/);
    assert.match(bodyText(req), /export function greet/);
    assert.equal(await chat().locator('.chips.pending .chip').count(), 0, 'attachments are cleared after sending');
  });

  await ctx.step('after a window reload the chat panel is restored', async () => {
    // The web workbench saves its state (open editors, globalState) to IndexedDB every few
    // seconds: reload once both the open chat panel and the chat index with all its messages are there.
    await waitFor(
      async () => {
        const stored = await indexedDbText(host.page);
        return (
          stored.includes('mainThreadWebview-kata.chat') && /kata\.chatIndex[^]*\\?"messages\\?":\s*12\b/.test(stored)
        );
      },
      { timeout: 60000, interval: 500, what: 'the workbench state (chat panel, chat index) saved to IndexedDB' },
    );
    await host.open();
    // The saved layout may be one from just before the selection step revealed the chat again
    // (greet.ts active): the chat's tab is restored either way; bring it forward as a user would.
    await host.page
      .locator('.tabs-container .tab', { hasText: 'Hello chat, show me code' })
      .first()
      .click({ timeout: 90000 });
    await chat().locator('article.entry').first().waitFor({ timeout: 90000 });
    const prompts = await chat().locator('article.entry.user .prompt-text').allTextContents();
    assert.deepEqual(prompts, [
      'Hello chat, show me code',
      '[slow] count slowly',
      'keep streaming',
      '[error:401:1] who am i',
      'where are the docs',
      'What does this do?',
    ]);
    // Far above the end, the first answer's blocks may be parked: scroll back to it first.
    await wheelTo(answers().first());
    await waitFor(async () => /Echo: Hello chat/.test(await answers().first().locator('.md').textContent()), {
      timeout: 20000,
      what: 'the first answer rendered after scrolling back to it',
    });
    assert.equal(await chat().locator('.chat-title').textContent(), 'Hello chat, show me code');
    await host.screenshot('10-restored');
  });

  await ctx.step('Chat History… lists the saved chat with its model and last update', async () => {
    const items = await host.openPick(
      'Kata Cloud: Chat History…',
      (_, t) => t.some((x) => x.includes('Hello chat, show me code')),
      { what: 'the chat in the history' },
    );
    const row = items.find((x) => x.includes('Hello chat, show me code'));
    assert.match(row, /claude-haiku-4-5/);
    assert.match(row, /just now|min ago/);
    assert.match(row, /12 messages/);
    await host.screenshot('11-history');
    await host.page.keyboard.press('Escape');
  });

  await ctx.step('Export Chat as Markdown opens the conversation, without keys', async () => {
    await host.runCommand('Kata Cloud: Export Chat as Markdown');
    const text = await waitFor(
      async () => {
        const t = await host.editorText();
        return /# Hello chat, show me code/.test(t) && t;
      },
      { timeout: 45000, what: 'the exported Markdown' },
    );
    assert.match(text, /## You/);
    assert.match(text, /Echo: Hello chat, show me code/);
    assert.ok(!text.includes(KEY));
    await host.screenshot('12-export');
  });

  await ctx.step('Copy Conversation puts the whole chat on the clipboard, without keys', async () => {
    await host.page.evaluate(() => navigator.clipboard.writeText(''));
    await host.runCommand('Kata Cloud: Copy Conversation');
    const copied = await waitFor(
      async () => {
        const t = await host.page.evaluate(() => navigator.clipboard.readText());
        return /Echo: Hello chat, show me code/.test(t) && t;
      },
      { timeout: 45000, what: 'the conversation on the clipboard' },
    );
    assert.match(copied, /## You/);
    assert.ok(!copied.includes(KEY));
  });

  await ctx.step('a 429 before the first byte shows "Rate limited — retrying in N s", then the answer', async () => {
    // The export opened an editor over the chat: bring the chat's tab back first.
    await host.page.locator('.tabs-container .tab', { hasText: 'Hello chat, show me code' }).first().click();
    await send('[error:429:1] [retry-after:2] after the limit');
    const answer = lastAnswer();
    const shown = await waitFor(
      async () => {
        const t = await answer
          .locator('.typing')
          .textContent({ timeout: 1000 })
          .catch(() => '');
        return /Rate limited — retrying in [12] s/.test(t) && t;
      },
      { timeout: 45000, interval: 50, what: 'the retry countdown on the answer' },
    );
    ctx.log(`shown while waiting: ${shown.trim()}`);
    await host.screenshot('13-retry-wait');
    await waitFor(async () => /Echo: after the limit/.test(await answer.locator('.md').textContent()), {
      timeout: 45000,
      what: 'the answer after the retry',
    });
    assert.equal(streamsFor('after the limit').length, 2, 'one 429, one retry');
    await waitFor(async () => /Rate limited — retrying in 2 s \(rate_limited, HTTP 429/.test(readExtensionLog(host)), {
      timeout: 45000,
      what: 'the retry line in the log',
    });
  });

  await ctx.step('no key reaches the extension log', async () => {
    const log = readExtensionLog(host);
    assert.ok(log.length > 0);
    assert.ok(!log.includes(KEY));
  });
}
