// Drives the extension inside a real VS Code: code-server (VS Code server + web workbench, with a
// remote Node extension host) opened in headless Chromium through playwright-core.
//
// Scenario files: test/e2e/<name>.e2e.mjs, discovered by test/realhost/run.mjs. A file exports
//   export default async function (ctx) { ... }                  // one scenario named <name>
// or
//   export const scenarios = [{ name: 'x', timeoutMs?: 120000, run: async (ctx) => { ... } }];
// A scenario passes when it returns and fails when it throws; each has a watchdog (timeoutMs,
// default 180 s) and runs with its own fake provider server. `ctx` holds:
//   ctx.name           artifact prefix: the file's base name (pass `name` to a second host)
//   ctx.fake           the fake provider server (test/fakes/providerServer.mjs): anthropicBaseUrl,
//                      openaiBaseUrl, requests, waitForRequest, waitForClose, close
//   ctx.artifacts      folder for screenshots and logs (test-results/e2e/)
//   ctx.tmp            scratch folder, removed afterwards
//   ctx.signal         aborted when the watchdog fires
//   ctx.log(...)       progress line
//   ctx.step(title, fn) runs one named step; the title is logged and prefixes a failure
//   ctx.startHost(opts) startHost() below; every host started is closed after the scenario
//   ctx.startProviderServer(options) another fake with its own options, also closed afterwards
// Settings that point the extension at a fake are the scenario's choice (see providerSettings()).
// The host environment never inherits ANTHROPIC_API_KEY / OPENAI_API_KEY / GITHUB_TOKEN: pass
// them in `env` when a scenario wants them.
//
// startHost() returns a handle: page/context/browser, url(), open(), runInHostTests(entry),
// screenshot(label), close(), and the workbench helpers of workbench.mjs: runCommand(title),
// quickInputState(), quickInput(text, {expect}), pickQuickItem(label), quickItems(),
// notifications(), waitNotification(re), clickNotificationButton(re, label), clearNotifications(),
// openViewContainer(title), viewPane(name), sidebarRows(view), welcomeContent(view),
// webviewFrame(i), editorText(), activeTabLabel().
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import {
  CHROMIUM,
  ROOT,
  checkInstalled,
  freePort,
  killGroup,
  liveHosts,
  loadPlaywright,
  spawnCodeServer,
  waitHealthy,
} from './codeServer.mjs';
import { sleep, waitFor } from './util.mjs';
import { workbenchHelpers } from './workbench.mjs';

// Scenario files, run.mjs, the bench and scripts/start.mjs import everything from here.
export * from './codeServer.mjs';
export { sleep, waitFor };

/** Quiet, deterministic workbench: no welcome page, AI features, git, telemetry or update checks. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'github.gitAuthentication': false,
  'security.workspace.trust.enabled': false,
  'files.hotExit': 'off',
};

/** User settings that point both providers at the fake server. */
export function providerSettings(fake) {
  return { 'kata.anthropic.baseUrl': fake.anthropicBaseUrl, 'kata.openai.baseUrl': fake.openaiBaseUrl };
}

function writeWorkspace(dir, files) {
  for (const [rel, content] of Object.entries(files)) {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, content);
  }
}

/**
 * Starts code-server with the extension and opens the workbench in Chromium.
 * @param {object} o
 * @param {string} [o.name]        prefix for artifacts
 * @param {string} [o.artifacts]   artifacts folder (default test-results/e2e)
 * @param {string} [o.ext]         extension folder (default: this repository)
 * @param {Record<string,string>} [o.workspace] files to create in the workspace folder
 * @param {object} [o.settings]    user settings merged over QUIET_SETTINGS
 * @param {Record<string,string>} [o.env] extra environment for code-server and its extension host
 * @param {boolean} [o.dev]        load `ext` as the extension under development (default true);
 *                                 false installs nothing: pass `extensionsDir` with an installed VSIX
 * @param {string} [o.extensionsDir]
 * @param {string} [o.waitFor]     CSS selector that means "the extension's contributions are in"
 */
export async function startHost(o = {}) {
  checkInstalled();
  const { chromium } = loadPlaywright();
  const name = o.name ?? 'host';
  const artifacts = path.resolve(o.artifacts ?? path.join(ROOT, 'test-results', 'e2e'));
  fs.mkdirSync(artifacts, { recursive: true });
  const ext = path.resolve(o.ext ?? ROOT);
  const dev = o.dev ?? true;
  const t0 = Date.now();
  const log = (...a) => console.log(`  [${name} +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-realhost-'));
  const ws = path.join(runDir, 'ws');
  const ud = path.join(runDir, 'ud');
  const extensionsDir = o.extensionsDir ?? path.join(runDir, 'exts');
  for (const d of [ws, path.join(ud, 'User'), extensionsDir]) fs.mkdirSync(d, { recursive: true });
  writeWorkspace(ws, o.workspace ?? { 'README.md': '# Test workspace\n' });
  fs.writeFileSync(
    path.join(ud, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...(o.settings ?? {}) }, null, 2),
  );

  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const base = `http://${authority}`;
  const serverLog = path.join(artifacts, `${name}-code-server.log`);
  fs.writeFileSync(serverLog, '');
  // Tests make no outside requests: the extension gallery (open-vsx by default) points at a
  // closed local port, which the workbench refuses at once.
  const gallery = JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item' });
  const cs = spawnCodeServer({
    port,
    userDataDir: ud,
    extensionsDir,
    folder: ws,
    runDir,
    env: { EXTENSIONS_GALLERY: gallery, ...o.env },
    dev,
    logFile: serverLog,
  });
  log(`code-server pid ${cs.pid} on ${base}`);

  const consoleLines = [];
  const inHost = { exit: null, output: [] };
  let browser;
  let closed = false;

  const handle = {
    name,
    base,
    port,
    runDir,
    workspace: ws,
    userDataDir: ud,
    extensionsDir,
    artifacts,
    log,
    consoleLines,
    page: undefined,
    context: undefined,
    browser: undefined,

    /** The workbench URL; `payload` entries are VS Code's dev options. */
    url(payload = []) {
      const p = dev ? [['extensionDevelopmentPath', `vscode-remote://${authority}${ext}`], ...payload] : payload;
      return `${base}/?folder=${encodeURIComponent(ws)}${p.length ? `&payload=${encodeURIComponent(JSON.stringify(p))}` : ''}`;
    },

    /** (Re)loads the workbench and waits until the extension's contributions are visible. */
    async open(payload = []) {
      // Bounds on a hang only: a busy 2-core machine can take a minute to load the workbench.
      await handle.page.goto(handle.url(payload), { timeout: 180000 });
      await handle.page.locator('.monaco-workbench').waitFor({ timeout: 180000 });
      await handle.page
        .locator(o.waitFor ?? '.activitybar [aria-label^="Kata Cloud"]')
        .first()
        .waitFor({ timeout: 180000 });
      log('workbench ready');
    },

    /** Lines the extension host printed (forwarded to the browser console in dev mode). */
    extHostLines() {
      return consoleLines.filter((l) => l.includes('[Extension Host]'));
    },

    async screenshot(label) {
      const file = path.join(artifacts, `${name}-${label}.png`);
      // Park the pointer on empty editor space so no hover tooltip covers the picture.
      await handle.page.mouse.move(1000, 700).catch(() => {});
      await handle.page.screenshot({ path: file });
      log(`screenshot ${path.relative(ROOT, file)}`);
      return file;
    },

    /**
     * Reloads the window with extensionTestsPath: the extension host runs the Mocha `run()` of
     * `testsEntry` and exits; the workbench reports the exit code through codeAutomationExit.
     */
    async runInHostTests(testsEntry, { timeout = 360000 } = {}) {
      inHost.exit = null;
      inHost.output = [];
      const started = Date.now();
      await handle.page.goto(
        handle.url([['extensionTestsPath', `vscode-remote://${authority}${path.resolve(testsEntry)}`]]),
      );
      await waitFor(() => inHost.exit !== null, {
        timeout,
        interval: 100,
        what: 'codeAutomationExit from the in-host suite',
      });
      return { code: inHost.exit, output: [...inHost.output], ms: Date.now() - started };
    },

    async close() {
      if (closed) return;
      closed = true;
      liveHosts.delete(handle);
      try {
        fs.writeFileSync(path.join(artifacts, `${name}-browser-console.log`), consoleLines.join('\n') + '\n');
        copyExtensionLogs(ud, path.join(artifacts, `${name}-kata-cloud.log`));
      } catch {
        /* artifacts are best effort */
      }
      try {
        await browser?.close();
      } catch {
        /* already gone */
      }
      await killGroup(cs.pid);
      if (!process.env.KATA_KEEP_RUN_DIR) fs.rmSync(runDir, { recursive: true, force: true });
      else log(`run dir kept: ${runDir}`);
    },
  };

  Object.assign(handle, workbenchHelpers(handle));
  liveHosts.add(handle);
  try {
    await waitHealthy(base, cs);
    log('code-server is up');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Keep Chromium's crashpad folder and caches inside the run dir.
      env: {
        ...process.env,
        XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
        XDG_CACHE_HOME: path.join(runDir, 'xdg-cache'),
        TMPDIR: path.join(runDir, 'tmp'),
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
    const context = await browser.newContext({ viewport: o.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    Object.assign(handle, { browser, context, page });
    // Every wait is for a condition; this only bounds a hang (a loaded machine is slow, not stuck).
    page.setDefaultTimeout(45000);
    // The hooks @vscode/test-web uses: the workbench calls them while extension tests run.
    // Mocha's console.log arrives as format string + args, hence util.format.
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      inHost.output.push(util.format(...(args ?? [])));
    });
    await page.exposeFunction('codeAutomationExit', (code) => {
      inHost.exit = code;
    });
    page.on('console', (m) =>
      consoleLines.push(
        `${m.type()}: ${m
          .text()
          .replace(/%c/g, '')
          .replace(/color: \S+;?/g, '')}`,
      ),
    );
    page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
    if (o.open !== false) await handle.open();
    return handle;
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** Copies the extension's LogOutputChannel file ("Kata Cloud") out of the user-data dir. */
function copyExtensionLogs(userDataDir, dest) {
  const found = [];
  const walk = (d, depth) => {
    if (depth > 6) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (/Kata Cloud\.log$/.test(e.name)) found.push(p);
    }
  };
  const logs = path.join(userDataDir, 'logs');
  if (fs.existsSync(logs)) walk(logs, 0);
  if (found.length)
    fs.writeFileSync(dest, found.map((f) => `==> ${path.relative(logs, f)}\n${fs.readFileSync(f, 'utf8')}`).join('\n'));
  return found;
}

/** The extension's log text (all windows so far) without closing the host. */
export function readExtensionLog(host) {
  const tmp = path.join(host.runDir, 'tmp', 'kata-log-snapshot.txt');
  const found = copyExtensionLogs(host.userDataDir, tmp);
  return found.length ? fs.readFileSync(tmp, 'utf8') : '';
}
