// Secrets never leak, checked in the real product: a user sets keys through the palette (one
// refused, the others stored), uses a key from the environment, runs Ask… with good and failing
// answers, chats in the panel (a good answer and an error inline), exports the chat and sets a
// GitHub token. Then the window is closed and EVERYTHING on disk is searched for the secrets:
// the code-server user-data dir (logs, the "Kata Cloud" log, settings, globalStorage with the chat
// transcripts, workspace storage), the workspace, the Chromium profile (an on-disk profile here,
// so browser-side storage can be searched too), plus what the fake servers received in request
// bodies, the notifications, the exported Markdown, the webview DOM and the browser console.
//
// In code-server's web client, globalState and SecretStorage live in the browser: globalState in
// IndexedDB, secrets in localStorage ("secrets.provider"), sealed with AES-GCM (a key half from
// the server's /mint-key, a key half in the browser). Both are also read back decoded from inside
// the page, so a compressed LevelDB block cannot hide a leak from the raw scan.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CHROMIUM, loadPlaywright, waitFor } from '../realhost/lib.mjs';
import { startGitHubServer } from '../fakes/githubServer.mjs';
import { dumpBrowserStorage } from '../realhost/storage.mjs';
import {
  ANTHROPIC,
  BAD,
  CONTROL,
  ENV_KEY,
  GH_TOKEN,
  LOCAL,
  assertClean,
  checkWire,
  found,
  keyOf,
  scanDisk,
} from './leakScan.mjs';

export const timeoutMs = 300000;

export default async function leaks(ctx) {
  const fake = await ctx.startProviderServer({
    keys: { anthropic: [ENV_KEY.value, ANTHROPIC.value], openai: [LOCAL.value] },
  });
  const gh = await startGitHubServer({ tokens: { [GH_TOKEN.value]: 'octocat' } });
  let host;
  let context;
  const consoleLines = [];
  const prevKeep = process.env.KATA_KEEP_RUN_DIR;
  try {
    host = await ctx.startHost({
      open: false,
      settings: {
        'kata.anthropic.baseUrl': fake.anthropicBaseUrl,
        'kata.openai.baseUrl': fake.openaiBaseUrl,
        'kata.github.enterpriseUrl': gh.url,
      },
      env: { ANTHROPIC_API_KEY: ENV_KEY.value },
      workspace: {
        'README.md': '# Leak check\n',
        'notes/spec.md': '# Spec\n\nNothing secret here.\n',
        'notes/control.txt': `${CONTROL.value}\n`,
      },
    });
    // The harness's browser context is in memory (incognito): swap in an on-disk profile so what
    // the web client stores (globalState, secrets, webview state) lands in files we can search.
    const profile = path.join(host.runDir, 'chromium-profile');
    await host.browser.close();
    const { chromium } = loadPlaywright();
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      env: {
        ...process.env,
        XDG_CONFIG_HOME: path.join(host.runDir, 'xdg-config'),
        XDG_CACHE_HOME: path.join(host.runDir, 'xdg-cache'),
        TMPDIR: path.join(host.runDir, 'tmp'),
      },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15000);
    page.on('console', (m) => consoleLines.push(m.text()));
    Object.assign(host, { page, context, browser: undefined });
    await host.open();
    await page.evaluate((v) => localStorage.setItem('kata-leak-test-control', v), CONTROL.value);
    await flows(ctx, host, fake, gh);
    await inspectLiveWindow(ctx, host);
    // Closing the profile flushes it; killing code-server flushes its logs. The run dir is kept
    // for the scan below and removed afterwards.
    await context.close();
    context = undefined;
    process.env.KATA_KEEP_RUN_DIR = '1';
    await host.close();
    restoreKeep(prevKeep);
    await ctx.step('nothing on disk holds a secret: code-server data, workspace, Chromium profile, artifacts', () =>
      scanDisk(ctx, host, profile),
    );
    await ctx.step('the fake servers received the secrets in auth headers only, never in a body or URL', () =>
      checkWire(fake, gh),
    );
    await ctx.step('the browser console (extension host output included) holds no secret', () =>
      assertClean(consoleLines.join('\n'), 'the browser console'),
    );
  } finally {
    restoreKeep(prevKeep);
    await context?.close().catch(() => {});
    if (host) {
      await host.close().catch(() => {});
      if (!prevKeep) fs.rmSync(host.runDir, { recursive: true, force: true });
    }
    await gh.close();
  }
}

function restoreKeep(prev) {
  if (prev === undefined) delete process.env.KATA_KEEP_RUN_DIR;
  else process.env.KATA_KEEP_RUN_DIR = prev;
}

async function setKey(host, provider, key) {
  await host.clearNotifications();
  await host.runCommandAndPick('Kata Cloud: Set API Key…', provider);
  const box = await host.quickInput(key, { expect: new RegExp(`${provider} API key`, 'i') });
  assert.equal(box.type, 'password');
}

async function ask(host, prompt) {
  await host.clearNotifications();
  await host.runCommand('Kata Cloud: Ask…');
  await host.quickInput(prompt, { expect: /Ask/ });
}

/** The text of the Ask editor for `prompt` once `done` matches it (an earlier Ask's editor may still be active). */
function askResult(host, prompt, done, what) {
  return waitFor(
    async () => {
      const t = await host.editorText().catch(() => '');
      return t.startsWith(`${prompt}\n=`) && done.test(t) && t;
    },
    { timeout: 45000, what },
  );
}

async function flows(ctx, host, fake, gh) {
  const seen = (key) => fake.requests.some((r) => keyOf(r.headers) === key.value);

  await ctx.step('the environment key lists the models and answers Ask…', async () => {
    await host.openViewContainer('Kata Cloud');
    await waitFor(async () => (await host.sidebarRows('Models')).some((r) => r.label === 'Claude Haiku 4.5'), {
      timeout: 45000,
      what: 'Anthropic models listed with the environment key',
    });
    await ask(host, 'How are keys kept?');
    await host.pickQuickItem('Claude Sonnet 4.5');
    await askResult(host, 'How are keys kept?', /Done in/, 'the Ask answer');
    assert.ok(seen(ENV_KEY), 'the environment key was used on the wire');
  });

  await ctx.step('a 401 from Ask… is reported without the key', async () => {
    await ask(host, '[error:401] ask probe');
    const msg = await host.waitNotification(/rejected the API key/);
    assert.match(msg, /ANTHROPIC_API_KEY/);
    assertClean(
      msg + (await askResult(host, '[error:401] ask probe', /Failed after/, 'the failed Ask')),
      'the 401 notification or the Ask editor',
    );
  });

  await ctx.step('a refused key (echoed back masked by the server) is not stored and not shown', async () => {
    await setKey(host, 'OpenAI', BAD.value);
    const msg = await host.waitNotification(/rejected this key/);
    assertClean(msg, 'the refused-key notification');
    assert.ok(seen(BAD), 'the refused key was checked on the wire');
    await host.screenshot('01-refused-key');
  });

  await ctx.step('keys set through the palette are checked and stored', async () => {
    await setKey(host, 'OpenAI', LOCAL.value);
    await host.waitNotification(/OpenAI key saved: 3 models available/);
    await setKey(host, 'Anthropic', ANTHROPIC.value);
    await host.waitNotification(/Anthropic key saved/);
    assert.ok(seen(LOCAL) && seen(ANTHROPIC), 'both stored keys were checked on the wire');
  });

  await ctx.step('an error inside the stream of Ask… is reported without the key', async () => {
    await ask(host, '[midstream-error] ask probe');
    assertClean(
      await askResult(host, '[midstream-error] ask probe', /Interrupted after|Failed after/, 'the interrupted note'),
      'the Ask editor',
    );
    assert.ok(
      fake.requests.some(
        (r) => keyOf(r.headers) === ANTHROPIC.value && JSON.stringify(r.body ?? '').includes('ask probe'),
      ),
      'the stored key was used for Ask',
    );
  });

  await ctx.step('chat panel: an answer and an inline 401, with the shapeless key', async () => {
    await host.clearNotifications();
    await host.runCommand('Kata Cloud: New Chat');
    const f = host.webviewFrame(0);
    await f.locator('textarea.prompt').waitFor({ timeout: 45000 });
    await f.locator('select.model-select').selectOption({ label: 'gpt-4o' });
    await f.locator('textarea.prompt').fill('hello from chat');
    await f.locator('textarea.prompt').press('Enter');
    await f
      .locator('article.entry.assistant', { hasText: 'Echo: hello from chat' })
      .first()
      .waitFor({ timeout: 45000 });
    await f.locator('footer.facts').first().waitFor({ timeout: 45000 });
    await f.locator('textarea.prompt').fill('[error:401] chat probe');
    await f.locator('textarea.prompt').press('Enter');
    await f.locator('.error-box').first().waitFor({ timeout: 45000 });
    assert.ok(
      fake.requests.some(
        (r) => keyOf(r.headers) === LOCAL.value && JSON.stringify(r.body ?? '').includes('hello from chat'),
      ),
      'the chat used the shapeless key',
    );
    const html = await f
      .locator('html')
      .evaluate((el) => el.outerHTML + [...el.querySelectorAll('textarea, input')].map((i) => i.value).join('\n'));
    assert.match(html, /Echo: hello from chat/, 'the webview DOM was read');
    assertClean(html, 'the chat webview DOM');
    await host.screenshot('02-chat');
  });

  await ctx.step('Export Chat as Markdown holds no secret', async () => {
    await host.runCommand('Kata Cloud: Export Chat as Markdown');
    const text = await waitFor(
      async () => {
        const t = await host.editorText().catch(() => '');
        return /Echo: hello from chat/.test(t) && t;
      },
      { timeout: 45000, what: 'the exported chat' },
    );
    assertClean(text, 'the exported Markdown');
  });

  await ctx.step(
    'GitHub: Set GitHub Token… checks the token and stores it (or is labelled not available)',
    async () => {
      await host.clearNotifications();
      await host.runCommand('Kata Cloud: Set GitHub Token…');
      // Opening the Notification Center would close an input box: look there only if none came.
      const asked = await host.quickInputState({ timeout: 10000 }).then(
        () => true,
        () => false,
      );
      if (!asked) {
        await host.waitNotification(/not available yet/, { timeout: 5000 });
        ctx.log('SKIPPED (labelled): the GitHub token part: "Set GitHub Token…" says it is not available yet');
        return;
      }
      const box = await host.quickInput(GH_TOKEN.value, { expect: /GitHub Token/i });
      assert.equal(box.type, 'password');
      await host.waitNotification(/signed in to .* as @octocat/i, { timeout: 45000 });
      assert.ok(
        gh.requests.some((r) => keyOf(r.headers) === GH_TOKEN.value),
        'the token was checked on the fake GitHub',
      );
    },
  );

  await ctx.step('no notification shows a secret', async () => {
    assertClean((await host.notifications()).join('\n'), 'the notifications');
    await host.closeNotificationCenter();
  });
}

async function inspectLiveWindow(ctx, host) {
  await ctx.step("no frame's browser storage holds a secret; the secret store is sealed", async () => {
    // The web workbench flushes globalState to IndexedDB every few seconds: read the storage until
    // it holds the last record written before this step (the GitHub sign-in's) and the sealed secrets.
    const dumps = await waitFor(
      async () => {
        const d = [];
        for (const frame of host.page.frames()) {
          d.push(
            await frame
              .evaluate(dumpBrowserStorage)
              .catch((e) => ({ origin: frame.url(), error: String(e), entries: [] })),
          );
        }
        const all = d.flatMap((x) => x.entries);
        const global = all.filter((e) => /indexedDB vscode-web-state-db-global/.test(e.where));
        const flushed =
          global.some((e) => /kata\.github\.auth[^]*octocat/.test(`${e.key}${e.value}`)) &&
          all.some((e) => e.where === 'localStorage' && e.key === 'secrets.provider');
        return flushed ? d : undefined;
      },
      { timeout: 60000, interval: 500, what: 'globalState (with the GitHub sign-in record) saved to IndexedDB' },
    );
    const entries = dumps.flatMap((d) => d.entries.map((e) => ({ ...e, origin: d.origin })));
    const leaks = entries.flatMap((e) =>
      found(`${e.key}\n${e.value}`).map((n) => `${e.origin} ${e.where} "${e.key}": ${n}`),
    );
    const sealed = entries.find((e) => e.where === 'localStorage' && e.key === 'secrets.provider');
    const globalState = entries.filter((e) => /indexedDB vscode-web-state-db-global/.test(e.where));
    ctx.log(
      `browser storage: ${entries.length} entries in ${new Set(entries.map((e) => `${e.origin} ${e.where}`)).size} stores; globalState records: ${globalState.length}; secrets.provider: ${sealed ? `${sealed.value.length} chars, ${/^\s*[[{]/.test(sealed.value) ? 'JSON' : 'sealed (not JSON)'}` : 'absent'}`,
    );
    assert.ok(
      globalState.some((e) => /kata\.modelCache/.test(e.key) || /kata\.modelCache/.test(e.value)),
      'globalState (IndexedDB) was read: kata.modelCache is in it',
    );
    assert.ok(sealed, 'SecretStorage (localStorage "secrets.provider") was found');
    assert.deepEqual(leaks, [], 'secrets in browser storage');
  });
}
