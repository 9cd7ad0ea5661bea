// Spaces as a new user meets them, in the real workbench: a repository with a bare remote → the
// Spaces view says there are none yet → New Space… (task name, base) → asked once where spaces
// open → the window reloads on the new worktree, its spec open → the worktree, branch and spec
// exist on disk → a task checked in the view changes the file (and Undo brings it back) → an
// edit shows as a change on the row → a commit makes it "ahead 1" → Remove Space… refuses while
// there is uncommitted work, then (committed and pushed) removes the worktree and prunes, and
// the window that showed the space is offered the main checkout. Screenshots of each state go
// to test-results/e2e/spaces-*.png (the ones in docs/images come from here).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readExtensionLog, waitFor } from '../realhost/lib.mjs';

export const timeoutMs = 420000;

const TASK = 'Add the login page';
const SLUG = 'add-the-login-page';
const BRANCH = `kata/${SLUG}`;

const git = (cwd, ...args) =>
  execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } })
    .toString()
    .trim();

function makeRepo(ws, tmp) {
  const bare = path.join(tmp, 'remote.git');
  git(tmp, 'init', '-q', '--bare', '-b', 'main', bare);
  git(ws, 'init', '-q', '-b', 'main');
  git(ws, 'config', 'user.name', 'Kata E2E');
  git(ws, 'config', 'user.email', 'e2e@example.invalid');
  git(ws, 'config', 'commit.gpgsign', 'false');
  git(ws, 'add', '-A');
  git(ws, 'commit', '-q', '-m', 'Initial commit');
  git(ws, 'remote', 'add', 'origin', bare);
  git(ws, 'push', '-q', '-u', 'origin', 'main');
  return bare;
}

/** Expands a view's pane if it is collapsed (a container with three views may collapse some). */
async function expandPane(host, name) {
  const header = host.viewPane(name).locator('.pane-header').first();
  await header.waitFor({ timeout: 30000 });
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
}

async function collapsePane(host, name) {
  const header = host.viewPane(name).locator('.pane-header').first();
  if ((await header.getAttribute('aria-expanded').catch(() => 'false')) === 'true') await header.click();
}

async function showSpaces(host) {
  await host.openViewContainer('Kata Cloud');
  await host.widenSidebar(660);
  await collapsePane(host, 'Models');
  await collapsePane(host, 'Pull Requests');
  await expandPane(host, 'Spaces');
}

/** Waits until a row of the Spaces view satisfies `pred`; the failure lists the rows seen. */
async function spaceRow(host, label, pred, what) {
  let rows = [];
  return waitFor(
    async () => {
      rows = await host.sidebarRows('Spaces');
      const r = rows.find((x) => x.label === label);
      return r && pred(r) ? r : undefined;
    },
    { timeout: 60000, interval: 250, what },
  ).catch((e) => {
    throw new Error(
      `${e.message.split(' (last')[0]}; rows: ${JSON.stringify(rows.map((r) => `${r.label} | ${r.description}`))}`,
    );
  });
}

async function clickDialogButton(host, textRe, button) {
  const box = host.page.locator('.monaco-dialog-box').filter({ hasText: textRe }).first();
  await box.waitFor({ timeout: 30000 });
  await box.locator('.dialog-buttons .monaco-button').filter({ hasText: button }).first().click();
  host.log(`dialog ${textRe}: clicked "${button}"`);
}

async function waitWorkbenchOn(host, folder) {
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
async function lines(host) {
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

/** Every refresh logged by the extension: worktrees, git processes, ms. */
function refreshFigures(host) {
  const re = /Spaces refresh: (\d+) worktree\(s\), (\d+) git process\(es\), (\d+) ms/g;
  return [...readExtensionLog(host).matchAll(re)].map((m) => ({ worktrees: +m[1], git: +m[2], ms: +m[3] }));
}

export default async function spaces(ctx) {
  const host = await ctx.startHost({
    open: false,
    workspace: { 'README.md': '# Shop\n', 'src/app.ts': 'export const app = 1;\n' },
  });
  const ws = host.workspace;
  const bare = makeRepo(ws, ctx.tmp);
  const spacePath = path.join(`${ws}.spaces`, SLUG);
  await host.open();

  await ctx.step('no spaces yet: the view says what a space is and offers New Space…', async () => {
    await showSpaces(host);
    const welcome = await waitFor(
      () => host.welcomeContent('Spaces').then((w) => (w && /No spaces yet/.test(w.text) ? w : undefined)),
      { timeout: 60000, what: 'the no-spaces welcome content' },
    );
    assert.ok(welcome.buttons.includes('New Space…'), JSON.stringify(welcome));
    await host.screenshot('01-empty');
  });

  await ctx.step('New Space…: task name, default base, asked once where to open', async () => {
    await host.runCommand('Kata Cloud: New Space…');
    await host.quickInput(TASK, { expect: /New Space \(1\/2\)/ });
    const items = await waitFor(
      async () => {
        const st = await host.quickInputState();
        return /Base Branch/.test(st.title) && host.quickItems();
      },
      { timeout: 20000, what: 'the base branch pick' },
    );
    assert.ok(items[0]?.startsWith('main'), `default base first: ${JSON.stringify(items)}`);
    await host.pickQuickItem('default branch');
    await clickDialogButton(host, /Where should spaces open/, 'Open in This Window');
  });

  await ctx.step('the window reloads on the space, with its spec open', async () => {
    await waitWorkbenchOn(host, spacePath);
    // After the reload no editor group has focus yet, so look for the tab itself.
    await host.page.locator('.tab.active').filter({ hasText: 'spec.md' }).first().waitFor({ timeout: 90000 });
    await waitFor(async () => new RegExp(`# ${TASK}`).test(await lines(host)), {
      timeout: 30000,
      what: 'the seeded spec in the editor',
    });
  });

  await ctx.step(
    'on disk: the worktree, the branch from origin/main, the seeded spec, the remembered choice',
    async () => {
      assert.ok(fs.existsSync(path.join(spacePath, 'README.md')), 'worktree checked out');
      assert.equal(git(spacePath, 'rev-parse', '--abbrev-ref', 'HEAD'), BRANCH);
      assert.equal(git(spacePath, 'rev-parse', 'HEAD'), git(ws, 'rev-parse', 'origin/main'));
      assert.match(git(ws, 'worktree', 'list', '--porcelain'), new RegExp(`worktree ${spacePath}\\n`));
      const spec = fs.readFileSync(path.join(spacePath, 'notes', 'spec.md'), 'utf8');
      assert.match(spec, /- \[ \] Make the change/);
      const settings = JSON.parse(fs.readFileSync(path.join(host.userDataDir, 'User', 'settings.json'), 'utf8'));
      assert.equal(settings['kata.spaces.openIn'], 'thisWindow');
    },
  );

  await ctx.step(
    'the Spaces view: main checkout and the space with branch, base, changes and spec progress',
    async () => {
      await showSpaces(host);
      await spaceRow(host, path.basename(ws), (r) => /main checkout · main/.test(r.description), 'the main row');
      const row = await spaceRow(
        host,
        TASK,
        (r) => r.description.includes(`${BRANCH} · from main · 1 changed · 0/3 tasks`),
        'the space row (the seeded spec is its one change)',
      );
      ctx.log(`row: ${row.description}`);
      await host.screenshot('02-created');
    },
  );

  await ctx.step('checking a task in the view edits notes/spec.md; Undo in the editor brings it back', async () => {
    const specFile = path.join(spacePath, 'notes', 'spec.md');
    const task = host.viewPane('Spaces').locator('.monaco-list-row').filter({ hasText: 'Make the change' }).first();
    await task.waitFor({ timeout: 30000 });
    await task.locator('.custom-view-tree-node-item-checkbox').first().click();
    await waitFor(() => /- \[x\] Make the change/.test(fs.readFileSync(specFile, 'utf8')), {
      timeout: 30000,
      what: 'the task checked in the file on disk',
    });
    await spaceRow(host, TASK, (r) => r.description.includes('1/3 tasks'), 'the row counting 1/3 tasks');
    await host.screenshot('03-task-done');
    // The edit is VS Code's own: Undo in the spec editor reverts it, and the count follows the buffer.
    // Focus the editor as a user does: a click into its text (the checkbox click left focus in the tree).
    await host.page.locator('.editor-instance .monaco-editor .view-line').nth(1).click();
    await host.page.keyboard.press('Control+Z');
    await waitFor(async () => /- \[ \] Make the change/.test(await lines(host)), {
      timeout: 20000,
      what: 'Undo to uncheck the task in the editor',
    });
    await spaceRow(host, TASK, (r) => r.description.includes('0/3 tasks'), 'the count following the unsaved buffer');
    await host.page.keyboard.press('Control+Shift+Z');
    await host.page.keyboard.press('Control+S');
    await waitFor(() => /- \[x\] Make the change/.test(fs.readFileSync(specFile, 'utf8')), {
      timeout: 20000,
      what: 'Redo + Save to check it again on disk',
    });
    await spaceRow(host, TASK, (r) => r.description.includes('1/3 tasks'), 'back to 1/3 tasks');
  });

  await ctx.step('an edited file shows on the row; a commit makes it clean and ahead 1', async () => {
    fs.appendFileSync(path.join(spacePath, 'src', 'app.ts'), 'export const login = () => true;\n');
    await spaceRow(host, TASK, (r) => r.description.includes('· 2 changed ·'), 'the row with 2 changed');
    git(spacePath, 'add', '-A');
    git(spacePath, 'commit', '-q', '-m', 'Login page');
    const row = await spaceRow(
      host,
      TASK,
      (r) => r.description.includes('· clean · ahead 1 · 1/3 tasks'),
      'the row clean and ahead 1 after the commit',
    );
    ctx.log(`row: ${row.description}`);
    await host.screenshot('04-ahead');
  });

  await ctx.step('Remove Space… refuses while there is uncommitted and unpushed work, saying which', async () => {
    fs.writeFileSync(path.join(spacePath, 'scratch.txt'), 'notes\n');
    await spaceRow(host, TASK, (r) => r.description.includes('· 1 changed · ahead 1'), 'the row with 1 changed');
    await host.clearNotifications();
    await host.runCommand('Kata Cloud: Remove Space…');
    await host.pickQuickItem(TASK);
    await host.waitNotification(/was not removed: it has 1 uncommitted change and 1 unpushed commit/, {
      timeout: 30000,
    });
    await host.screenshot('05-refused');
    assert.ok(fs.existsSync(spacePath), 'still there');
    await host.clearNotifications();
  });

  await ctx.step('committed and pushed: Remove Space… removes the worktree and prunes', async () => {
    git(spacePath, 'add', '-A');
    git(spacePath, 'commit', '-q', '-m', 'Scratch notes');
    git(spacePath, 'push', '-q', 'origin', BRANCH);
    await spaceRow(host, TASK, (r) => r.description.includes('· clean · ahead 2'), 'the row clean, ahead 2');
    await host.runCommand('Kata Cloud: Remove Space…');
    await host.pickQuickItem(TASK);
    await clickDialogButton(host, /Remove the space/, 'Remove, Keep Branch');
    await waitFor(() => !fs.existsSync(spacePath), { timeout: 30000, what: 'the worktree folder removed' });
    assert.doesNotMatch(git(ws, 'worktree', 'list', '--porcelain'), new RegExp(SLUG));
    // Pruned: git drops the admin folder of the worktree (and the empty worktrees/ with it).
    const admin = path.join(ws, '.git', 'worktrees');
    assert.ok(!fs.existsSync(admin) || fs.readdirSync(admin).length === 0, 'pruned');
    assert.equal(git(ws, 'branch', '--list', BRANCH).replace('*', '').trim(), BRANCH, 'branch kept');
    assert.match(git(bare, 'branch', '--list', BRANCH), new RegExp(BRANCH), 'pushed branch on the remote');
  });

  await ctx.step('the window that showed the space is told and offered the main checkout', async () => {
    await host.clickNotificationButton(/shown in this window was removed/, 'Open Main Checkout', { timeout: 30000 });
    await waitWorkbenchOn(host, ws);
    await showSpaces(host);
    await waitFor(
      () => host.welcomeContent('Spaces').then((w) => (w && /No spaces yet/.test(w.text) ? w : undefined)),
      { timeout: 60000, what: 'no spaces again' },
    );
    await host.screenshot('06-removed');
  });

  await ctx.step('refresh cost: git processes per refresh stay within one per worktree plus four', async () => {
    const figures = refreshFigures(host);
    assert.ok(figures.length > 3, `refreshes logged: ${figures.length}`);
    for (const f of figures) assert.ok(f.git <= f.worktrees + 4, `refresh spawned ${JSON.stringify(f)}`);
    const worst = figures.reduce((a, b) => (b.git > a.git ? b : a));
    ctx.log(`${figures.length} refreshes; most git processes in one: ${worst.git} for ${worst.worktrees} worktrees`);
  });
}
