// Loads the built chat webview into headless Chromium exactly as the panel does: the same HTML,
// the same Content Security Policy, the same bundle (built here with the production options of
// esbuild.mjs), with a fake `acquireVsCodeApi` that records what the page posts. The browser
// tests and the webview bench drive it.
//
//   const h = await startHarness();
//   await h.host({ type: 'init', ... });       // host → webview message
//   await h.posted();                          // webview → host messages so far
//   await h.close();
import * as esbuild from 'esbuild';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * How long a browser test waits for a condition (rendering settled, a message posted) before it
 * counts as a hang. It bounds a hang only: a busy 2-core machine can take many seconds to settle.
 */
export const HANG_MS = 45_000;
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Runs before the app (as a nonce'd prelude script): fake VS Code API and CSP-violation recorder. */
const FAKE_VSCODE = `
window.__posted = [];
window.__violations = [];
window.__state = undefined;
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile });
});
window.acquireVsCodeApi = () => ({
  postMessage: (m) => {
    window.__posted.push(JSON.parse(JSON.stringify(m)));
    // A test may stand in for the host and answer a message as it is posted (Stop → answerEnd).
    window.__onPost?.(m);
  },
  getState: () => window.__state,
  setState: (s) => { window.__state = s; },
});
`;

/** Builds dist-equivalent files into a temp folder: the webview bundle and the HTML module. */
export async function buildWebview(outDir) {
  const common = {
    bundle: true,
    // KATA_WEBVIEW_MINIFY=0 keeps function names for a CPU profile; everything else is production.
    minify: process.env.KATA_WEBVIEW_MINIFY !== '0',
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'error',
    absWorkingDir: ROOT,
  };
  await esbuild.build({
    ...common,
    entryPoints: { webview: path.join(ROOT, 'src/webview/main.ts') },
    outdir: outDir,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  });
  await esbuild.build({
    ...common,
    minify: false,
    entryPoints: [path.join(ROOT, 'src/host/chat/html.ts')],
    outfile: path.join(outDir, 'html.mjs'),
    platform: 'node',
    format: 'esm',
  });
  return { bundle: path.join(outDir, 'webview.js'), html: path.join(outDir, 'html.mjs') };
}

function loadPlaywright() {
  const require = createRequire(path.join(ROOT, 'package.json'));
  return require('playwright-core');
}

/** A server that counts every request it gets: nothing rendered in the chat may reach it. */
export async function startCanary() {
  const hits = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url);
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}

export async function startHarness({ headless = true } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-webview-'));
  const built = await buildWebview(tmp);
  const { chatHtml, chatCsp } = await import(pathToFileURL(built.html).href);
  const nonce = randomBytes(18).toString('base64');
  let origin = '';
  const types = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/') {
      return send(
        200,
        'text/html; charset=utf-8',
        chatHtml({
          cspSource: origin,
          nonce,
          scriptUri: '/dist/webview.js',
          styleUri: '/media/chat.css',
          codiconUri: '/media/codicons/codicon.css',
          preludeScripts: ['/fake-vscode.js'],
        }),
      );
    }
    if (url.pathname === '/fake-vscode.js') return send(200, types['.js'], FAKE_VSCODE);
    if (url.pathname === '/dist/webview.js') return send(200, types['.js'], fs.readFileSync(built.bundle));
    if (url.pathname.startsWith('/media/')) {
      const file = path.join(ROOT, url.pathname);
      if (file.startsWith(path.join(ROOT, 'media')) && fs.existsSync(file))
        return send(200, types[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${server.address().port}`;

  const { chromium } = loadPlaywright();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
  const consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));

  async function load() {
    await page.goto(origin + '/');
    await page.waitForFunction(() => window.__posted?.some((m) => m.type === 'ready'));
  }
  await load();

  return {
    page,
    browser,
    origin,
    nonce,
    csp: chatCsp(origin, nonce),
    bundleBytes: fs.statSync(built.bundle).size,
    consoleErrors,
    requests,
    reload: load,
    /** Delivers host → webview messages the way VS Code does (a `message` event on the window). */
    host: (...messages) =>
      page.evaluate((ms) => {
        for (const m of ms) window.postMessage(m, '*');
      }, messages),
    posted: () => page.evaluate(() => window.__posted),
    violations: () => page.evaluate(() => window.__violations),
    /** Waits until every message sent so far was handled and one frame has painted. */
    settle: () =>
      page.evaluate(async () => {
        await new Promise((r) => setTimeout(r, 0));
        // Rendering runs in slices (src/webview/schedule.ts): wait until it has caught up.
        await window.__kataChat?.idle?.();
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        await window.__kataChat?.idle?.();
      }),
    async close() {
      await browser.close().catch(() => {});
      await new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      });
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** The webview's strings table as the host's session sends it (English: no translator installed). */
async function loadChatStrings() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-strings-'));
  try {
    const outfile = path.join(tmp, 'strings.mjs');
    await esbuild.build({
      entryPoints: [path.join(ROOT, 'src/core/chat/strings.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'error',
    });
    return (await import(pathToFileURL(outfile).href)).chatStrings();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
export const CHAT_STRINGS = await loadChatStrings();

/** Protocol messages for tests and the bench. */
export const MODEL = { providerId: 'anthropic', modelId: 'claude-sonnet-4-5' };
export function initMessage(entries = [], extra = {}) {
  return {
    type: 'init',
    chatId: 'chat-test',
    title: 'Test chat',
    models: [
      { ...MODEL, label: 'Claude Sonnet 4.5' },
      { providerId: 'openai', modelId: 'gpt-4o', label: 'gpt-4o' },
    ],
    selected: MODEL,
    entries,
    hasEarlier: false,
    attachments: [],
    contextTokens: 12,
    contextTokenLimit: 100000,
    strings: CHAT_STRINGS,
    ...extra,
  };
}
export function streamingEntry(id) {
  return { kind: 'assistant', id, replyTo: 'u-1', text: '', status: 'streaming', model: MODEL, at: 1 };
}
