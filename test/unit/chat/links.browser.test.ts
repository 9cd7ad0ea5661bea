// Links that cannot lie, as the user sees them: the production bundle under the panel's CSP in
// headless Chromium. What is on screen (link text, host badge, spelled-out hidden characters, in
// their visual order), what can take focus, and what a click or Enter asks the host to open.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MODEL, initMessage, startCanary, startHarness, streamingEntry } from '../../browser/harness.mjs';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any, window: any;

type Harness = Awaited<ReturnType<typeof startHarness>>;
let h: Harness;
let canary: Awaited<ReturnType<typeof startCanary>>;

const ANSWER = [
  'p1 [https://github.com](https://evil.example/x)',
  'p2 [github.com](https://github.com/x)',
  'p3 [microsoft.com](https://m\u0456crosoft.com/)',
  'p4 [setup-\u202Egnp.exe](https://example.com/setup)',
  'p5 \u202E [setup.exe](https://example.com/setup) after',
  'p6 [](https://evil.example/empty) [\u200B\u200D](https://evil.example/zw) [ ](https://evil.example/space)',
  'p7 <https://github.com@127.0.0.1/>',
  'p8 [docs\u{E0069}\u{E0067}](https://example.com/) [pay\u00ADpal.com](https://paypal.com/)',
  'p9 ![logo](CANARY/p.png?d=SECRET-42) ![plain](CANARY/q.png)',
  'p10 [x](command:workbench.action.reloadWindow) [y](vscode://x/y) [z](file:///etc/passwd) [w](javascript:alert(1)) [v](data:text/html,x)',
  'p11 [code.visualstudio.com](https://code.visualstudio.com.evil.example/docs) [code.visualstudio.com/docs](https://code.visualstudio.com/docs/setup)',
  'p12 [micr\u043Esoft.com](https://evil.example/) [m\u0456crosoft.com](https://microsoft.com/) [bücher.de](https://bücher.de/)',
  'p13 ![\u202Egnp.exe](CANARY/r.png?d=SECRET-7) [![](CANARY/s.png)](https://b.example/)',
  'p14 [a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u061Cl](https://example.com/) [git\u200Bhub\u200C.\u200Dcom\u2060\uFEFF](https://github.com/)',
  'p15 [support@microsoft.com](mailto:help@evil.example) [write](mailto:) [go](https://)',
];

const answerText = () => ANSWER.join('\n\n').replaceAll('CANARY', canary.url);
const posted = async (type: string) => (await h.posted()).filter((m: { type: string }) => m.type === type);
const para = (n: number) => h.page.locator('[data-id="a1"] .md p').filter({ hasText: new RegExp(`^p${n} `) });

beforeAll(async () => {
  canary = await startCanary();
  h = await startHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
  await canary?.close();
});
beforeEach(async () => {
  await h.reload();
  await h.host(
    initMessage([
      { kind: 'assistant', id: 'a1', replyTo: 'u0', text: answerText(), status: 'done', model: MODEL, at: 2 },
    ]),
  );
  await h.settle();
  await h.page.evaluate(() => (window.__posted.length = 0));
});

describe('links in the real webview', () => {
  it('shows the real host beside URL- or domain-looking text that goes elsewhere, and nothing beside an honest link', async () => {
    expect(await para(1).innerText()).toBe('p1 https://github.com → evil.example');
    expect(await para(1).locator('.md-link-host').isVisible()).toBe(true);
    expect(await para(2).innerText()).toBe('p2 github.com');
    expect(await para(2).locator('.md-link-host').count()).toBe(0);
  });

  it('flags a look-alike host and a user name before the host', async () => {
    expect(await para(3).innerText()).toMatch(
      /^p3 microsoft\.com → xn--mcrosoft-\w+\.com ⚠ mixed scripts \(Latin \+ Cyrillic\): not microsoft\.com$/,
    );
    expect(await para(3).locator('.md-link-flagged').isVisible()).toBe(true);
    expect(await para(7).innerText()).toBe(
      'p7 https://github.com@127.0.0.1/ → 127.0.0.1 ⚠ "github.com@" is not the host',
    );
  });

  it('spells out hidden characters, and an override cannot reorder the link text on screen', async () => {
    const link = para(4).locator('.md-link');
    expect(await link.innerText()).toBe('setup-<U+202E>gnp.exe');
    expect(await link.locator('.md-invisible').isVisible()).toBe(true);
    expect(await para(8).locator('.md-link').allInnerTexts()).toEqual(['docs<U+E0069><U+E0067>', 'pay<U+00AD>pal.com']);
    // Visual order, measured: each character of the link is drawn right of the one before it,
    // including in a link that follows an unclosed U+202E in the surrounding prose.
    const lefts = await h.page.evaluate(() => {
      const links: any[] = Array.from(document.querySelectorAll('[data-id="a1"] .md-link'));
      return [links.find((l) => l.textContent.includes('gnp')), links.find((l) => l.textContent === 'setup.exe')].map(
        (link) => {
          const xs: number[] = [];
          const walker = document.createTreeWalker(link, 4);
          let node: any;
          while ((node = walker.nextNode())) {
            for (let i = 0; i < node.data.length; i++) {
              const r = document.createRange();
              r.setStart(node, i);
              r.setEnd(node, i + 1);
              xs.push(r.getBoundingClientRect().left);
            }
          }
          return xs;
        },
      );
    });
    for (const xs of lefts) {
      expect(xs.length).toBeGreaterThan(8);
      for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
    }
  });

  it('a link with no visible text shows its host; nothing focusable is invisible', async () => {
    expect(await para(6).locator('.md-link').allInnerTexts()).toEqual(['evil.example', 'evil.example', 'evil.example']);
    const focusable = await h.page.evaluate(() =>
      (
        Array.from(
          document.querySelectorAll('[data-id="a1"] .md [tabindex], [data-id="a1"] .md a, [data-id="a1"] .md button'),
        ) as any[]
      )
        .filter((e) => e.tabIndex >= 0)
        .map((e) => {
          const r = e.getBoundingClientRect();
          return { text: e.innerText.trim(), width: r.width, height: r.height };
        }),
    );
    expect(focusable.length).toBe(23);
    for (const f of focusable) {
      expect(f.text).not.toBe('');
      expect(f.width).toBeGreaterThan(4);
      expect(f.height).toBeGreaterThan(4);
    }
    // Walk them with Tab as a keyboard user does: every stop shows text.
    await para(1).locator('.md-link').focus();
    const stops: string[] = [];
    for (let i = 0; i < focusable.length - 1; i++) {
      await h.page.keyboard.press('Tab');
      stops.push(await h.page.evaluate(() => String(document.activeElement?.innerText ?? '').trim()));
    }
    expect(stops.every((s) => s.length > 0)).toBe(true);
    expect(stops).toContain('evil.example');
  });

  it('image placeholders show host and query on screen; nothing loads', async () => {
    const [withQuery, plain] = (await para(9).locator('.md-image').allInnerTexts()).map((t) => t.trim());
    const host = new URL(canary.url).hostname;
    expect(withQuery).toBe(`logo ${host} ?d=SECRET-42`);
    expect(plain).toBe(`plain ${host}`);
    expect(canary.hits).toEqual([]);
  });

  it('domain-looking and look-alike text: the real host beside it; honest text (folded, IDN) stays quiet', async () => {
    expect(await para(11).innerText()).toBe(
      'p11 code.visualstudio.com → code.visualstudio.com.evil.example code.visualstudio.com/docs',
    );
    expect(await para(12).innerText()).toBe('p12 micr\u043Esoft.com → evil.example m\u0456crosoft.com bücher.de');
    expect(await para(12).locator('.md-link-host').count()).toBe(1);
  });

  it('image alt text is spelled out beside host and query; an image inside a link shows where the link goes', async () => {
    const host = new URL(canary.url).hostname;
    const [alt, inLink] = await para(13).locator('a.md-link').allInnerTexts();
    expect(alt.trim()).toBe(`<U+202E>gnp.exe ${host} ?d=SECRET-7`);
    expect(inLink.trim()).toBe(`image ${host}`);
    expect(await para(13).locator('a.md-link + .md-link-host').allInnerTexts()).toEqual(['→ b.example']);
    expect(canary.hits).toEqual([]);
  });

  it('every bidi control and zero-width character in link text is shown as an escape', async () => {
    expect(await para(14).locator('.md-link').allInnerTexts()).toEqual([
      'a<U+202A>b<U+202B>c<U+202C>d<U+202D>e<U+2066>f<U+2067>g<U+2068>h<U+2069>i<U+200E>j<U+200F>k<U+061C>l',
      'git<U+200B>hub<U+200C>.<U+200D>com<U+2060><U+FEFF>',
    ]);
    expect(await para(14).locator('.md-invisible').count()).toBe(16);
  });

  it('a mail link shows the real address; an empty mailto: or https:// is not a link', async () => {
    expect(await para(15).innerText()).toBe(
      'p15 support@microsoft.com → help@evil.example [write](mailto:) [go](https://)',
    );
    expect(await para(15).locator('.md-link').count()).toBe(1);
  });

  it('non-web schemes are not links', async () => {
    expect(await para(10).locator('.md-link').count()).toBe(0);
    expect(await para(10).innerText()).toContain('[x](command:workbench.action.reloadWindow)');
  });

  it('a click or Enter asks the host with the target and the text as written; the badge opens nothing', async () => {
    await para(1).locator('.md-link').click();
    await para(4).locator('.md-link').click();
    await para(6).locator('.md-link').nth(1).focus();
    await h.page.keyboard.press('Enter');
    await para(9).locator('.md-image').first().click();
    await para(1).locator('.md-link-host').click();
    await h.settle();
    expect(await posted('openLink')).toEqual([
      { type: 'openLink', href: 'https://evil.example/x', text: 'https://github.com' },
      { type: 'openLink', href: 'https://example.com/setup', text: 'setup-\u202Egnp.exe' },
      { type: 'openLink', href: 'https://evil.example/zw', text: '\u200B\u200D' },
      { type: 'openLink', href: `${canary.url}/p.png?d=SECRET-42`, text: 'logo' },
    ]);
    expect(h.page.url()).toBe(`${h.origin}/`);
    expect(canary.hits).toEqual([]);
  });

  it('a streamed answer shows the same links, and nothing trips the CSP', async () => {
    await h.host({ type: 'entry', entry: streamingEntry('a2') });
    const text = answerText();
    for (let i = 0; i < text.length; i += 7)
      await h.host({ type: 'delta', answerId: 'a2', text: text.slice(i, i + 7) });
    await h.host({ type: 'answerEnd', answerId: 'a2', status: 'done', durationMs: 10 });
    await h.settle();
    // textContent: the first answer is off screen by now, and content-visibility skips its rendering.
    const shown = (id: string) => h.page.locator(`[data-id="${id}"] .md`).evaluate((e: any) => e.textContent);
    expect(await shown('a1')).toContain('p15 support@microsoft.com → help@evil.example');
    expect(await shown('a2')).toBe(await shown('a1'));
    expect(await h.violations()).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
