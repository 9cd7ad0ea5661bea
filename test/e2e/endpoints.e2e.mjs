// Many endpoints at once, as a user does it in the real workbench: a key stored for Anthropic
// while only the older base-URL settings exist, then Add Endpoint… with the Ollama preset pointed
// at the fake's keyless OpenAI-compatible server, both endpoints' models in the Models view, one
// chat answered by each, Remove Endpoint…, and the Anthropic key still working after the list
// was written. Screenshots go to test-results/e2e/endpoints-*.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readExtensionLog, waitFor } from '../realhost/lib.mjs';
import { openNewChat } from './chatUi.mjs';

const KEY = 'sk-ant-test-valid-0123456789';
const isStream = (r) => r.method === 'POST' && /\/(messages|chat\/completions)$/.test(r.path);
const bodyText = (r) => JSON.stringify(r.body?.messages ?? '');
const keyOf = (r) => r.headers['x-api-key'] ?? String(r.headers.authorization ?? '').replace(/^Bearer /, '');

async function modelsRows(host, pred, what) {
  let rows = [];
  await waitFor(async () => pred((rows = await host.sidebarRows('Models'))), { timeout: 30000, what }).catch((e) => {
    throw new Error(
      `${e.message.split(' (last')[0]}; rows: ${JSON.stringify(rows.map((r) => `${r.label} | ${r.description}`))}`,
    );
  });
  return rows;
}

async function endpointsScenario(ctx) {
  const { fake } = ctx;
  const host = await ctx.startHost({
    settings: { 'kata.anthropic.baseUrl': fake.anthropicBaseUrl },
    workspace: { 'README.md': '# Demo\n' },
  });
  const userSettings = () => JSON.parse(fs.readFileSync(path.join(host.userDataDir, 'User', 'settings.json'), 'utf8'));

  await ctx.step('a key stored while only the older base-URL settings exist', async () => {
    await host.openViewContainer('Kata Cloud');
    await host.widenSidebar();
    await host.runCommandAndPick('Kata Cloud: Set API Key…', 'Anthropic');
    await host.quickInput(KEY, { expect: /Anthropic API key/i });
    await host.waitNotification(/Anthropic key saved: 3 models available/);
    await host.clearNotifications();
    assert.equal(userSettings()['kata.endpoints'], undefined, 'no endpoint list written yet');
  });

  await ctx.step('Add Endpoint… offers the presets; Ollama at the fake is checked and saved', async () => {
    await host.runCommand('Kata Cloud: Add Endpoint…');
    const items = await host.quickItems();
    for (const p of ['OpenAI', 'Anthropic', 'Ollama', 'LM Studio', 'vLLM', 'OpenRouter', 'Groq'])
      assert.ok(
        items.some((t) => t.startsWith(p)),
        `preset ${p} missing: ${JSON.stringify(items)}`,
      );
    assert.ok(
      items.some((t) => t.includes('http://localhost:11434/v1')),
      'the Ollama preset shows its URL',
    );
    await host.screenshot('01-presets');
    // The list scrolls; the rest are found by typing, as a user would.
    for (const p of ['DeepSeek', 'Mistral', 'Google Gemini', 'Custom…']) {
      await host.quickInput(p.slice(0, 6), { submit: false });
      await waitFor(async () => (await host.quickItems()).some((t) => t.startsWith(p)), { what: `preset ${p}` });
    }
    await host.quickInput('Ollama', { submit: false });
    await host.pickQuickItem('Ollama');
    // The preset's URL is prefilled; this user's Ollama runs elsewhere (the fake).
    const box = await host.quickInput(fake.ollamaBaseUrl, { expect: /Ollama URL/ });
    assert.equal(box.value, 'http://localhost:11434/v1', 'the preset URL was prefilled');
    await host.waitNotification(/Ollama saved: 2 models available/);
    assert.ok(
      fake.requests.some((r) => r.path === '/ollama/v1/models' && !r.headers.authorization),
      'the endpoint was checked by listing its models, without a key',
    );
    // The first write carries the built-in endpoints over, at the URL the older setting gave.
    const list = userSettings()['kata.endpoints'];
    assert.deepEqual(
      list.map((e) => [e.id, e.kind, e.baseUrl]),
      [
        ['anthropic', 'anthropic', fake.anthropicBaseUrl],
        ['openai', 'openai-compatible', 'https://api.openai.com/v1'],
        ['ollama', 'openai-compatible', fake.ollamaBaseUrl],
      ],
    );
    assert.ok(!JSON.stringify(userSettings()).includes(KEY), 'no key in settings.json');
    await host.clearNotifications();
  });

  await ctx.step("the Models view shows both endpoints' models, each under its own row", async () => {
    const rows = await modelsRows(
      host,
      (r) =>
        r.some((x) => x.label === 'llama3.2:3b') &&
        r.some((x) => x.label === 'Claude Haiku 4.5') &&
        /no key · 2 models/.test(r.find((x) => x.label === 'Ollama')?.description ?? '') &&
        /key in Secret Storage/.test(r.find((x) => x.label === 'Anthropic')?.description ?? ''),
      'Anthropic and Ollama models',
    );
    const ollama = rows.find((r) => r.label === 'Ollama');
    assert.match(ollama?.description ?? '', /no key · 2 models/, JSON.stringify(ollama));
    assert.equal(rows.find((r) => r.label === 'qwen2.5-coder:7b')?.level, 2);
    const order = rows.filter((r) => r.level === 1).map((r) => r.label);
    assert.deepEqual(order, ['Anthropic', 'OpenAI', 'Ollama']);
    await host.screenshot('02-models');
  });

  await ctx.step('one chat: a question to Claude, then one to the Ollama model', async () => {
    const chat = await openNewChat(host, { models: 5, what: 'models of both endpoints in the picker' });
    const groups = await chat.locator('select.model-select optgroup').evaluateAll((gs) => gs.map((g) => g.label));
    assert.ok(groups.includes('Anthropic') && groups.includes('Ollama'), JSON.stringify(groups));
    const send = async (model, text) => {
      await chat.locator('select.model-select').selectOption(model);
      const box = chat.locator('textarea.prompt');
      await box.click();
      await box.fill(text);
      await box.press('Enter');
      await waitFor(
        async () =>
          new RegExp(`Echo: ${text}`).test(
            (await chat.locator('article.entry.assistant').last().locator('.md').textContent()) ?? '',
          ),
        { timeout: 30000, what: `the answer to "${text}"` },
      );
    };
    await send('anthropic/claude-haiku-4-5', 'Hello Claude');
    await send('ollama/llama3.2:3b', 'Hello Ollama');
    const toClaude = fake.requests.find((r) => isStream(r) && bodyText(r).includes('Hello Claude'));
    const toOllama = fake.requests.find((r) => isStream(r) && bodyText(r).includes('Hello Ollama'));
    assert.equal(toClaude?.path, '/anthropic/v1/messages');
    assert.equal(keyOf(toClaude), KEY, 'the stored Anthropic key still works after the list was written');
    assert.equal(toOllama?.path, '/ollama/v1/chat/completions');
    assert.equal(toOllama.body.model, 'llama3.2:3b');
    assert.equal(toOllama.headers.authorization, undefined, 'no key went to the Ollama endpoint');
    assert.equal(toOllama.headers['x-api-key'], undefined);
    // Each answer names its endpoint and model once it is done.
    await waitFor(
      async () =>
        /ollama\/llama3\.2:3b/.test(
          (await chat.locator('article.entry.assistant footer.facts').allTextContents()).join('\n'),
        ),
      { timeout: 30000, what: 'the facts line of the Ollama answer' },
    );
    await host.screenshot('03-chat-two-endpoints');
  });

  await ctx.step('Remove Endpoint… asks first, then the endpoint and its models are gone', async () => {
    await host.runCommandAndPick('Kata Cloud: Remove Endpoint…', 'Ollama');
    const dialog = host.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 45000 });
    assert.match(await dialog.textContent(), /Remove the endpoint Ollama/);
    await host.screenshot('04-remove-confirm');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await host.waitNotification(/Ollama removed/);
    await modelsRows(
      host,
      (r) =>
        !r.some((x) => x.label === 'Ollama' || x.label === 'llama3.2:3b') &&
        r.some((x) => x.label === 'Claude Haiku 4.5'),
      'the Ollama row gone, Anthropic kept',
    );
    assert.deepEqual(
      userSettings()['kata.endpoints'].map((e) => e.id),
      ['anthropic', 'openai'],
    );
    await host.closeNotificationCenter();
    await host.screenshot('05-removed');
  });

  await ctx.step('no key reaches the extension log', async () => {
    const log = readExtensionLog(host);
    assert.ok(log.length > 0);
    assert.ok(!log.includes(KEY), 'the key appears in the log');
  });
}

export const scenarios = [
  { name: 'add an Ollama endpoint, chat with two endpoints, remove one', timeoutMs: 420000, run: endpointsScenario },
];
