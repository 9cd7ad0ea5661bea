// A space's spec and chats, in the real workbench against the fake provider (a real HTTP server):
// a space made with the git CLI behind the extension's back appears in the Spaces view → Chat
// History with no chat yet says so and leaves no list open → Draft
// Spec with AI… from its row streams a spec into the space's notes/spec.md (the file on disk, the
// row's task count) → New Chat in Space from the row opens a chat whose header names the space,
// whose spec button attaches that space's spec (not the open folder's) and whose transcript
// remembers the space → a New Chat in the main checkout's window belongs to the main checkout →
// Chat History opens on this window's chats, and its title-bar filter shows them all, the other
// space's chat named by its space → the Getting Started walkthrough, opened for the first time only
// now, shows the key, space, spec and chat steps checked by what was done above. Screenshots go to
// test-results/e2e/spacesChat-*.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { providerSettings, waitFor } from '../realhost/lib.mjs';
import { DEFAULT_KEYS } from '../fakes/providerServer.mjs';
import {
  closeWalkthrough,
  git,
  lines,
  makeRepo,
  openWalkthrough,
  showSpaces,
  spaceRow,
  walkthroughChecked,
} from './spacesUi.mjs';

export const scenarios = [{ name: 'spaces: draft spec and chats in a space', timeoutMs: 420000, run }];

const SLUG = 'add-login';
const TASK = 'Add the login page';
const isStream = (r) => r.method === 'POST' && /\/(messages|chat\/completions)$/.test(r.path);
const bodyText = (r) => JSON.stringify(r.body ?? '');

/** Right-clicks a row of the Spaces view and picks an item of its context menu. */
async function rowMenu(host, label, item) {
  const row = host.viewPane('Spaces').locator('.monaco-list-row').filter({ hasText: label }).first();
  const entry = host.page.locator('.context-view .action-item', { hasText: item }).first();
  // On a busy machine a click can land while the menu is still laying out and be lost: the menu
  // then stays open. Pick again until it closes, as a user would.
  await waitFor(
    async () => {
      if (!(await entry.isVisible())) {
        await row.click({ button: 'right' });
        await entry.waitFor({ state: 'visible', timeout: 20000 });
      }
      await entry.click({ timeout: 10000 }).catch(() => {});
      return entry.waitFor({ state: 'hidden', timeout: 5000 }).then(
        () => true,
        () => false,
      );
    },
    { timeout: 60000, what: `"${item}" picked from the menu of row "${label}"` },
  );
  host.log(`row "${label}": ${item}`);
}

/** Every chat transcript header on disk (the first line of each file). */
function transcriptHeaders(host) {
  const dir = path.join(host.userDataDir, 'User', 'globalStorage', 'kata-cloud.kata-cloud', 'chats');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8').split('\n')[0]));
}

async function run(ctx) {
  const fake = ctx.fake;
  const host = await ctx.startHost({
    open: false,
    settings: providerSettings(fake),
    env: { ANTHROPIC_API_KEY: DEFAULT_KEYS.anthropic },
    workspace: { 'README.md': '# Shop\n', 'notes/spec.md': '# Main spec\n\n- [ ] Keep main green\n' },
  });
  const ws = host.workspace;
  makeRepo(ws, ctx.tmp, 'github.invalid');
  // Made with the git CLI, not New Space: the extension has no metadata for it.
  const spacePath = path.join(`${ws}.spaces`, SLUG);
  git(ws, 'worktree', 'add', '-q', '-b', `kata/${SLUG}`, spacePath, 'main');
  fs.rmSync(path.join(spacePath, 'notes'), { recursive: true, force: true });
  const specFile = path.join(spacePath, 'notes', 'spec.md');
  await host.open();
  // The chat shown: a hidden chat panel's page is discarded (no retained context), so the last frame.
  const chat = () => host.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');

  await ctx.step('a space made with the git CLI shows in the Spaces view', async () => {
    await showSpaces(host);
    await spaceRow(host, SLUG, (r) => r.description.includes(`kata/${SLUG}`), 'the space row');
  });

  await ctx.step('Chat History before any chat says there is none and leaves no empty list open', async () => {
    await host.runCommand('Kata Cloud: Chat History…');
    // The list shows at once (busy) and closes when there turns out to be nothing to list; then the
    // message comes (the bell gets its dot). Opening the notifications would close a list, so look
    // at them only after.
    const widget = host.page.locator('.quick-input-widget');
    const bellDot = host.page.locator('#status\\.notifications .codicon-bell-dot');
    await waitFor(async () => (await bellDot.isVisible()) && !(await widget.isVisible()), {
      timeout: 30000,
      what: 'a new notification, and no list left open',
    });
    await host.waitNotification(/there are no saved chats yet\. Start one with "Kata Cloud: New Chat"/);
    await host.clearNotifications();
  });

  await ctx.step('Draft Spec with AI… on the row streams a spec into the space', async () => {
    const before = fake.requests.filter(isStream).length;
    await rowMenu(host, SLUG, 'Draft Spec with AI…');
    await host.quickInput(`[spec] ${TASK}`, { expect: /Draft Spec with AI: add-login/ });
    // No default model yet: the draft asks for one (and it becomes the default for the chats).
    await waitFor(async () => /Choose a model/.test((await host.quickInputState()).title), {
      timeout: 30000,
      what: 'the model pick',
    });
    await host.pickQuickItem('Claude Haiku 4.5');
    await waitFor(
      () => fs.existsSync(specFile) && /- \[ \] Run the whole suite/.test(fs.readFileSync(specFile, 'utf8')),
      { timeout: 60000, what: "the drafted spec saved in the space's notes/spec.md" },
    );
    const spec = fs.readFileSync(specFile, 'utf8');
    assert.match(spec, new RegExp(`^# ${TASK}\\n`), spec);
    assert.doesNotMatch(spec, /```/, 'the fence the model wrote is not in the file');
    const sent = fake.requests.filter(isStream).slice(before);
    assert.equal(sent.length, 1, 'one streamed request');
    assert.match(bodyText(sent[0]), new RegExp(TASK), 'the description was sent');
    assert.match(await lines(host), /Write the failing test/, 'the draft is in the editor');
    assert.ok(fs.existsSync(path.join(ws, 'notes', 'spec.md')), 'the main spec is untouched');
    assert.match(fs.readFileSync(path.join(ws, 'notes', 'spec.md'), 'utf8'), /^# Main spec/);
    await spaceRow(host, SLUG, (r) => r.description.includes('0/4 tasks'), 'the row counting the drafted tasks');
    await host.screenshot('01-drafted');
  });

  await ctx.step(
    "New Chat in Space: the header names the space; its spec button attaches that space's spec",
    async () => {
      await rowMenu(host, SLUG, 'New Chat in Space');
      const header = chat().locator('.toolbar .chat-space');
      await header.waitFor({ state: 'visible', timeout: 60000 });
      assert.equal((await header.textContent()).trim(), SLUG);
      assert.match(await header.getAttribute('title'), new RegExp(`Space: ${SLUG} \\(${spacePath}\\)`));
      await chat().getByRole('button', { name: 'Attach notes/spec.md' }).click();
      const chip = chat().locator('.chips.pending .chip');
      await chip.first().waitFor({ timeout: 20000 });
      assert.match(await chip.first().textContent(), new RegExp(`notes/spec\\.md \\(${SLUG}\\)`));
      const box = chat().locator('textarea.prompt');
      await box.fill('What is left in the space chat?');
      await box.press('Enter');
      const req = await waitFor(
        () => fake.requests.find((r) => isStream(r) && bodyText(r).includes('What is left in the space chat?')),
        { timeout: 30000, what: 'the chat request' },
      );
      assert.match(bodyText(req), /Write the failing test/, "the space's drafted spec went with the prompt");
      assert.doesNotMatch(bodyText(req), /Keep main green/, "not the main checkout's spec");
      // The answer is whole before the next step: the palette's Escape would stop it otherwise.
      await chat().locator('article.entry.assistant footer.facts').first().waitFor({ timeout: 30000 });
      const header0 = await waitFor(() => transcriptHeaders(host).find((h) => h.space), {
        timeout: 20000,
        what: 'the transcript header with its space',
      });
      assert.deepEqual(header0.space, { path: fs.realpathSync(spacePath), name: SLUG });
      await host.screenshot('02-chat-in-space');
    },
  );

  await ctx.step("New Chat in the main checkout's window belongs to the main checkout", async () => {
    await host.runCommand('Kata Cloud: New Chat');
    // The space's chat stays on screen until the new panel takes its place: wait for an empty chat.
    await waitFor(async () => (await chat().locator('article.entry').count()) === 0, {
      timeout: 45000,
      what: 'the new, empty chat panel',
    });
    const header = chat().locator('.toolbar .chat-space');
    await header.waitFor({ state: 'visible', timeout: 30000 });
    assert.equal((await header.textContent()).trim(), 'main checkout');
    const box = chat().locator('textarea.prompt');
    await box.fill('Hello from main');
    await box.press('Enter');
    await waitFor(() => transcriptHeaders(host).filter((h) => h.space).length === 2, {
      timeout: 20000,
      what: 'two transcripts, each with its space',
    });
    const main = transcriptHeaders(host).find((h) => h.space?.name === 'main checkout');
    assert.equal(main.space.path, fs.realpathSync(ws));
  });

  await ctx.step("Chat History opens on this window's chats; the filter button shows them all", async () => {
    const history = (title, n) =>
      host.openPick('Kata Cloud: Chat History…', (st, items) => st.title === title && items.length === n, {
        what: `"${title}" listing ${n} chat(s)`,
      });
    const mine = await history('Chat History: main checkout', 1);
    assert.match(mine[0], /Hello from main/);
    // The list can also close while its filter button is being clicked (the button went from "not
    // stable" to "not visible"): open it again and click again. The filter is remembered, so once a
    // click has landed the list opens again on all chats.
    const showAll = host.page.locator('.quick-input-titlebar .action-label[aria-label="Show All Chats"]');
    await waitFor(
      async () => {
        const st = await host.quickInputState({ timeout: 2000 }).catch(() => undefined);
        if (!st) await host.runCommand('Kata Cloud: Chat History…');
        else if (st.title === 'Chat History: all chats') return true;
        else await showAll.click({ timeout: 5000 });
        return false;
      },
      { timeout: 60000, interval: 500, what: 'the history switched to all chats by its filter button' },
    );
    const items = await history('Chat History: all chats', 2);
    const spaceItem = items.find((t) => /What is left in the space chat/.test(t));
    assert.match(spaceItem ?? '', new RegExp(SLUG), `the other space's chat names its space: ${JSON.stringify(items)}`);
    await host.screenshot('03-history-all');
    // Rename on a row: an input box takes the list's place, then the list shows the new title.
    const row = host.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Hello from main' }).first();
    await row.hover();
    await row.locator('.action-label[aria-label="Rename Chat…"]').click();
    await host.quickInput('Greetings from main', { expect: /Rename Chat/ });
    await history('Chat History: all chats', 2).then((t) =>
      assert.ok(t.some((x) => x.includes('Greetings from main')) && !t.some((x) => x.includes('Hello from main'))),
    );
    await host.page.keyboard.press('Escape');
  });

  await ctx.step(
    'the walkthrough, opened only now, has the spec and chat steps checked by what was done above',
    async () => {
      // Nothing opened the walkthrough in this window before: the steps were done while VS Code had
      // no walkthrough listening, as for a user who opens it once the work has started.
      await openWalkthrough(host);
      const steps = await walkthroughChecked(
        host,
        {
          done: [
            'Set an API key or an endpoint',
            'Create a space for your task',
            'Write the spec',
            'Chat in the space',
          ],
          notDone: ['Create the pull request'],
        },
        'the key, space, spec and chat steps checked',
      );
      ctx.log(`walkthrough: ${steps.map((s) => `${s.done ? '✓' : '·'} ${s.title}`).join(', ')}`);
      await host.screenshot('04-walkthrough');
      await closeWalkthrough(host);
    },
  );
}
