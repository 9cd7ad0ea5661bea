// What the Spaces scenario does in the workbench besides its steps: the repository with a
// GitHub-looking remote that pushes into a local bare repository, the panes, the rows, dialogs,
// the window moving between folders, and the Getting Started walkthrough's checkmarks.
import { readExtensionLog, waitFor } from '../realhost/lib.mjs';

export { git, makeRepo } from './gitRepo.mjs';

/** Expands a view's pane if it is collapsed (a container with three views may collapse some). */
export async function expandPane(host, name) {
  const header = host.viewPane(name).locator('.pane-header').first();
  await header.waitFor({ timeout: 30000 });
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
}

export async function collapsePane(host, name) {
  const header = host.viewPane(name).locator('.pane-header').first();
  if ((await header.getAttribute('aria-expanded').catch(() => 'false')) === 'true') await header.click();
}

export async function showSpaces(host) {
  await host.openViewContainer('Kata Cloud');
  await host.widenSidebar(660);
  await collapsePane(host, 'Models');
  await collapsePane(host, 'Pull Requests');
  await expandPane(host, 'Spaces');
}

/** Waits until a row of the Spaces view satisfies `pred`; the failure lists the rows seen. */
export async function spaceRow(host, label, pred, what) {
  let rows = [];
  return waitFor(
    async () => {
      rows = await host.sidebarRows('Spaces');
      const r = rows.find((x) => x.label === label);
      return r && pred(r, rows) ? r : undefined;
    },
    { timeout: 60000, interval: 250, what },
  ).catch((e) => {
    throw new Error(
      `${e.message.split(' (last')[0]}; rows: ${JSON.stringify(rows.map((r) => `${r.label} | ${r.description}`))}`,
    );
  });
}

export async function clickDialogButton(host, textRe, button) {
  const box = host.page.locator('.monaco-dialog-box').filter({ hasText: textRe }).first();
  await box.waitFor({ timeout: 30000 });
  await box.locator('.dialog-buttons .monaco-button').filter({ hasText: button }).first().click();
  host.log(`dialog ${textRe}: clicked "${button}"`);
}

export async function waitWorkbenchOn(host, folder) {
  // The folder ends the parameter: the main checkout's path is a prefix of its spaces' paths.
  const ends = (u) => {
    const f = new URL(u.toString()).searchParams.get('folder') ?? '';
    return f === folder || f.endsWith(`${new URL(host.base).host}${folder}`);
  };
  await host.page.waitForURL(ends, { timeout: 120000 });
  await host.page.locator('.monaco-workbench').waitFor({ timeout: 180000 });
  await host.page.locator('.activitybar [aria-label^="Kata Cloud"]').first().waitFor({ timeout: 180000 });
}

/** The text of the (only) editor's rendered lines. */
export async function lines(host) {
  const el = host.page.locator('.editor-instance .monaco-editor .view-lines').first();
  const t = await el.evaluate((e) =>
    [...e.querySelectorAll('.view-line')]
      .map((l) => ({ top: parseFloat(l.style.top) || 0, text: l.textContent }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text)
      .join('\n'),
  );
  return t.replace(/\u00a0/g, ' ');
}

/**
 * Every refresh logged by the extension (all windows so far): when it was logged (the log's local
 * time, as this process reads the clock), worktrees, git processes, ms, and the requests (file
 * events, saves, commands) it coalesced.
 */
export function refreshFigures(host) {
  const re =
    /^(\S+ [\d:.]+) \[info\] Spaces refresh: (\d+) worktree\(s\), (\d+) git process\(es\), (\d+) ms, (\d+) request/gm;
  return [...readExtensionLog(host).matchAll(re)].map((m) => ({
    at: new Date(m[1].replace(' ', 'T')).getTime(),
    worktrees: +m[2],
    git: +m[3],
    ms: +m[4],
    requests: +m[5],
  }));
}

export const WALKTHROUGH = 'Get Started with Kata Cloud';

/** Opens the walkthrough as a user does: Welcome: Open Walkthrough…, then its name. */
export async function openWalkthrough(host) {
  await host.runCommandAndPick('Welcome: Open Walkthrough', WALKTHROUGH);
  await host.page.locator('.gettingStartedSlideDetails .getting-started-step').first().waitFor({ timeout: 30000 });
}

/** The walkthrough's steps as shown: title and whether VS Code shows them checked. */
export async function walkthroughSteps(host) {
  return host.page.locator('.gettingStartedSlideDetails .getting-started-step').evaluateAll((steps) =>
    steps
      .filter((s) => s.offsetParent !== null)
      .map((s) => ({
        title: s.querySelector('.step-title')?.textContent?.trim() ?? '',
        done: s.getAttribute('aria-checked') === 'true' || !!s.querySelector('.codicon.complete'),
      })),
  );
}

/**
 * Waits until the walkthrough shows the `done` steps checked and the `notDone` ones unchecked
 * (titles); the failure lists the steps as shown.
 */
export async function walkthroughChecked(host, { done, notDone }, what) {
  let steps = [];
  await waitFor(
    async () => {
      steps = await walkthroughSteps(host);
      const is = (t) => steps.find((s) => s.title === t)?.done;
      return steps.length === 5 && done.every((t) => is(t) === true) && notDone.every((t) => is(t) === false);
    },
    { timeout: 30000, interval: 250, what },
  ).catch((e) => {
    throw new Error(`${e.message.split(' (last')[0]}; steps: ${JSON.stringify(steps)}`);
  });
  return steps;
}

/** Closes the walkthrough's editor tab with its close button. */
export async function closeWalkthrough(host) {
  const tab = host.page.locator('.tabs-container .tab').filter({ hasText: 'Welcome' }).first();
  await tab.hover();
  await tab.locator('.tab-actions .action-label').first().click();
  await tab.waitFor({ state: 'detached', timeout: 15000 });
}

/** A page the workbench opens for an external link (window.open), or the URL shown in a confirm dialog. */
export async function openedUrl(host, action) {
  const popup = host.context.waitForEvent('page', { timeout: 15000 }).catch(() => undefined);
  await action();
  const page = await popup;
  if (page) {
    const url = await waitFor(() => (page.url() !== 'about:blank' ? page.url() : undefined), {
      timeout: 10000,
      what: 'the popup URL',
    }).catch(() => page.url());
    await page.close().catch(() => {});
    return decodeURIComponent(url);
  }
  const dialog = await host.page
    .locator('.monaco-dialog-box')
    .first()
    .textContent({ timeout: 5000 })
    .catch(() => '');
  await host.page.keyboard.press('Escape');
  return dialog ?? '';
}
