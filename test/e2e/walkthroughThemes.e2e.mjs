// The Getting Started walkthrough in the light, dark and high-contrast themes, in the real workbench:
// each step's Markdown page is rendered by VS Code with the theme's own colours (the pages set
// none), so its text and headings stay readable: the contrast of text on background is measured
// in the rendered page, and a screenshot of one step per theme goes to
// test-results/e2e/walkthroughThemes-*.png.
import assert from 'node:assert/strict';
import { waitFor } from '../realhost/lib.mjs';
import { closeWalkthrough, openWalkthrough, walkthroughSteps } from './spacesUi.mjs';

const THEMES = [
  { name: 'Light Modern', kind: 'vs', shot: 'light' },
  { name: 'Dark Modern', kind: 'vs-dark', shot: 'dark' },
  { name: 'Dark High Contrast', kind: 'hc-black', shot: 'high-contrast' },
  { name: 'Light High Contrast', kind: 'hc-light', shot: 'high-contrast-light' },
];

export const scenarios = [{ name: 'walkthrough: light, dark and high-contrast themes', timeoutMs: 420000, run }];

/** WCAG contrast ratio of two CSS rgb()/rgba() colours (alpha ignored: the page is opaque). */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c
      .match(/[\d.]+/g)
      .slice(0, 3)
      .map(Number);
    const ch = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(bl);
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

async function run(ctx) {
  for (const theme of THEMES) {
    await ctx.step(`${theme.name}: every step's page is readable`, async () => {
      const host = await ctx.startHost();
      try {
        // Chosen as a user does, with Preferences: Color Theme.
        await host.runCommand('Preferences: Color Theme');
        // The list is long (and virtual): filter it, then pick the row named exactly.
        await host.page.keyboard.type(theme.name);
        let shown = [];
        const rows = host.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
        const at = await waitFor(
          async () => {
            shown = await rows.allTextContents();
            const names = await rows.locator('.label-name').allTextContents();
            const i = names.findIndex((n) => n.trim() === theme.name);
            return i >= 0 ? i + 1 : undefined;
          },
          { timeout: 15000, what: `${theme.name} in the theme list` },
        ).catch(async (e) => {
          await host.screenshot(`${theme.shot}-failure`);
          throw new Error(`${e.message}; rows: ${JSON.stringify(shown)}`);
        });
        await rows
          .locator('.label-name')
          .nth(at - 1)
          .click();
        await waitFor(
          async () =>
            new RegExp(`(^|\\s)${theme.kind}(\\s|$)`).test(
              await host.page.locator('.monaco-workbench').getAttribute('class'),
            ),
          { timeout: 30000, what: `the workbench in ${theme.name}` },
        );
        await openWalkthrough(host);
        const steps = await walkthroughSteps(host);
        assert.equal(steps.length, 5, JSON.stringify(steps));
        const media = () =>
          host.page
            .frameLocator('.gettingStartedSlideDetails iframe.webview.ready')
            .first()
            .frameLocator('iframe#active-frame');
        const stepEls = host.page.locator('.gettingStartedSlideDetails .getting-started-step');
        const seen = [];
        for (let i = 0; i < steps.length; i++) {
          await stepEls.nth(i).locator('.step-title').click();
          const heading = media().locator('h1').first();
          // The page is rendered for the step just selected: its heading changes.
          const text = await waitFor(
            async () => {
              const t = (await heading.textContent({ timeout: 2000 }).catch(() => ''))?.trim();
              return t && !seen.includes(t) && t;
            },
            { timeout: 30000, what: `the page of step ${i + 1}` },
          );
          seen.push(text);
          const colours = await media()
            .locator('body')
            .evaluate((body) => {
              const bg = getComputedStyle(body).backgroundColor;
              const page = getComputedStyle(document.documentElement).backgroundColor;
              const p = body.querySelector('p') ?? body;
              const h1 = body.querySelector('h1') ?? body;
              const opaque = (c) => c && !/rgba\(.*,\s*0\)$/.test(c) && c !== 'transparent';
              return {
                bg: opaque(bg) ? bg : opaque(page) ? page : undefined,
                text: getComputedStyle(p).color,
                heading: getComputedStyle(h1).color,
              };
            });
          // A transparent page shows the editor's background behind it.
          const bg =
            colours.bg ??
            (await host.page
              .locator('.gettingStartedContainer')
              .first()
              .evaluate((el) => {
                // The first opaque background from the walkthrough up (the editor's, usually).
                for (let e = el; e; e = e.parentElement) {
                  const c = getComputedStyle(e).backgroundColor;
                  if (c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)) return c;
                }
                return 'rgb(255, 255, 255)';
              }));
          const ratios = [contrast(colours.text, bg), contrast(colours.heading, bg)];
          ctx.log(
            `${theme.shot} step ${i + 1} "${text}": text ${ratios[0].toFixed(1)}:1, heading ${ratios[1].toFixed(1)}:1`,
          );
          assert.ok(Math.min(...ratios) >= 4.5, `step ${i + 1} contrast ${ratios.map((r) => r.toFixed(2))} on ${bg}`);
          if (i === 1) await host.screenshot(theme.shot);
        }
        await closeWalkthrough(host);
      } finally {
        await host.close();
      }
    });
  }
}
