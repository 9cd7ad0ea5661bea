// Spaces as a new user meets them, in the real workbench: a repository whose GitHub-looking
// remote pushes into a local bare repository → the Getting Started walkthrough, nothing checked →
// Set API Key… checks its step → the Spaces view says there are none yet → New Space… (task name,
// base): the row reads "creating…" while git adds the worktree (held by the test) → asked once
// where spaces open → the window reloads on the new worktree, its spec open, the walkthrough's
// space step checked → the worktree, branch and spec exist on disk → New Space… on a branch that
// exists fails: the row says why and the warning offers its ways out → a task checked in the view
// changes the file (and Undo brings it back) → the spec committed, a file typed into and saved
// shows "1 changed" (typing itself refreshes nothing) → a commit makes it "ahead 2" → Create Pull
// Request from Space… on the row, against the
// fake GitHub (a real HTTP server): the draft is the space's, its branch is pushed, the row shows
// the PR and selecting it opens it → Remove Space… refuses while there is uncommitted work, then
// (committed and pushed) removes the worktree ("removing…" while git works, held by the test) and
// prunes, and the window that showed the space is offered the main checkout. Screenshots of each state go to test-results/e2e/spaces-*.png (the
// ones in docs/images come from here).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { providerSettings, waitFor } from '../realhost/lib.mjs';
import { DEFAULT_TOKEN, startGitHubServer } from '../fakes/githubServer.mjs';
import { DEFAULT_KEYS } from '../fakes/providerServer.mjs';
import { failOnTakenBranch, gitGate, refreshesSince, typeAtEnd } from './spacesStates.mjs';
import {
  clickDialogButton,
  closeWalkthrough,
  git,
  lines,
  makeRepo,
  openWalkthrough,
  openedUrl,
  refreshFigures,
  showSpaces,
  spaceRow,
  walkthroughChecked,
  waitWorkbenchOn,
} from './spacesUi.mjs';

export const timeoutMs = 600000;

const TASK = 'Add the login page';
const SLUG = 'add-the-login-page';
const BRANCH = `kata/${SLUG}`;
// The pull request's title, as the draft makes it from the space's spec title.
const TITLE = 'feat: add the login page';
const STEP = {
  key: 'Set an API key or an endpoint',
  space: 'Create a space for your task',
  spec: 'Write the spec',
  chat: 'Chat in the space',
  pr: 'Create the pull request',
};
// A branch that exists before New Space… is asked for it.
const TAKEN = { task: 'Fix the footer', branch: 'kata/fix-the-footer' };

export default async function spaces(ctx) {
  const gh = await startGitHubServer();
  try {
    await run(ctx, gh);
  } finally {
    await gh.close();
  }
}

async function run(ctx, gh) {
  const gate = gitGate(ctx.tmp);
  const host = await ctx.startHost({
    open: false,
    env: gate.env,
    settings: {
      'kata.github.enterpriseUrl': gh.url,
      ...providerSettings(ctx.fake),
      // The Pull Requests data (and so the PR state on the rows) needs the built-in Git extension.
      'git.enabled': true,
      'git.autofetch': false,
      'git.openRepositoryInParentFolders': 'never',
      // The desktop's default (a browser's is to save 1 s after the last key): typing reaches the
      // disk only when saved, so what the typing step counts is the extension's own doing.
      'files.autoSave': 'off',
    },
    workspace: { 'README.md': '# Shop\n', 'src/app.ts': 'export const app = 1;\n' },
  });
  const ws = host.workspace;
  const bare = makeRepo(ws, ctx.tmp, new URL(gh.url).hostname);
  gh.repo('acme/widgets').bareDir = bare;
  const spacePath = path.join(`${ws}.spaces`, SLUG);
  await host.open();

  await ctx.step('the Getting Started walkthrough: nothing checked; Set API Key… checks the key step', async () => {
    await openWalkthrough(host);
    await walkthroughChecked(host, { done: [], notDone: Object.values(STEP) }, 'a fresh walkthrough');
    await host.runCommandAndPick('Kata Cloud: Set API Key…', 'Anthropic');
    await host.quickInput(DEFAULT_KEYS.anthropic, { expect: /Anthropic API key/i });
    await host.waitNotification(/Anthropic key saved/);
    await host.closeNotificationCenter();
    // The palette's Escape took the Welcome page back to its start: open the walkthrough again.
    await openWalkthrough(host);
    await walkthroughChecked(host, { done: [STEP.key], notDone: [STEP.space, STEP.pr] }, 'the key step checked');
    await closeWalkthrough(host);
  });

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
    gate.shut('add');
    await host.pickQuickItem('default branch');
    // git is adding the worktree (held at the gate): the row says so until it is done.
    await gate.held('add');
    await spaceRow(host, TASK, (r) => r.description === 'creating…', 'the row creating…');
    await host.screenshot('02a-creating');
    await gate.open('add');
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

  await ctx.step('the walkthrough remembers the key step and checks the space step', async () => {
    await openWalkthrough(host);
    // The spec New Space opened is the template: not written yet.
    await walkthroughChecked(
      host,
      { done: [STEP.key, STEP.space], notDone: [STEP.spec, STEP.pr] },
      'key and space checked',
    );
    await closeWalkthrough(host);
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

  await ctx.step('New Space… on a branch that exists fails: the row says why, the warning offers its ways out', () =>
    failOnTakenBranch(host, ws, TAKEN),
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

  await ctx.step('the spec is the one change of a new space: committed, the row is clean and ahead 1', async () => {
    await spaceRow(host, TASK, (r) => r.description.includes('· 1 changed · 1/3 tasks'), 'the spec as its one change');
    git(spacePath, 'add', 'notes/spec.md');
    git(spacePath, 'commit', '-q', '-m', 'Spec: add the login page');
    await spaceRow(host, TASK, (r) => r.description.includes('· clean · ahead 1 · 1/3 tasks'), 'clean, ahead 1');
  });

  await ctx.step('typing in a file of the space refreshes nothing; saved, the row shows 1 changed', async () => {
    // 137 keys, one by one: a refresh (or a request for one) per key would show as one per key.
    const line = 'Sign in with an email address and a password. '.repeat(3).trim();
    const t0 = Date.now();
    await typeAtEnd(host, 'README.md', line);
    const typed = Date.now();
    await host.page.keyboard.press('Control+S');
    await waitFor(() => fs.readFileSync(path.join(spacePath, 'README.md'), 'utf8').includes(line), {
      timeout: 20000,
      what: 'README.md saved',
    });
    await spaceRow(host, TASK, (r) => r.description.includes('· 1 changed · ahead 1 · 1/3 tasks'), '1 changed');
    const seen = Date.now();
    await host.screenshot('04a-one-changed');
    // Every refresh logged from the first key until the row showed the save, with the requests
    // (file events, saves) it coalesced; the commit just before may still add its own.
    const figs = await refreshesSince(host, t0, seen);
    const whileTyping = figs.filter((f) => f.at <= typed).length;
    const requests = figs.reduce((n, f) => n + f.requests, 0);
    ctx.log(
      `${line.length} keys, then a save: ${figs.length} refresh(es), ${whileTyping} of them logged while typing;`,
    );
    ctx.log(`${requests} refresh request(s) in all: ${JSON.stringify(figs)}`);
    assert.ok(figs.length <= 3 && requests <= 10, `bounded: ${JSON.stringify(figs)}`);
  });

  await ctx.step('a commit makes it clean and ahead 2', async () => {
    git(spacePath, 'add', '-A');
    git(spacePath, 'commit', '-q', '-m', 'Login page');
    const row = await spaceRow(
      host,
      TASK,
      (r) => r.description.includes('· clean · ahead 2 · 1/3 tasks'),
      'the row clean and ahead 2 after the commit',
    );
    ctx.log(`row: ${row.description}`);
    await host.screenshot('04-ahead');
  });

  let prNumber = 0;
  await ctx.step(
    "Create Pull Request from Space… on the row: the space's draft, its branch pushed, the PR on the row",
    async () => {
      await host.runCommand('Kata Cloud: Set GitHub Token…');
      await host.quickInput(DEFAULT_TOKEN, { expect: /GitHub Token/ });
      await host.waitNotification(/signed in to 127\.0\.0\.1 as @octocat/);
      await host.clearNotifications();
      const row = host.viewPane('Spaces').locator('.monaco-list-row').filter({ hasText: TASK }).first();
      await row.hover();
      await row.locator('.action-label[aria-label^="Create Pull Request from Space"]').first().click();
      // The draft is made in the space's worktree: titled from the space's spec, which it quotes.
      await waitFor(
        async () =>
          /^feat: add the login page\n[^]*> # Add the login page/.test(await host.editorText().catch(() => '')),
        { timeout: 30000, what: "the draft made from the space's spec" },
      );
      await host.page
        .locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Create Pull Request' })
        .first()
        .click();
      await clickDialogButton(host, new RegExp(`${BRANCH} is not on origin yet`), 'Push');
      const msg = await host.waitNotification(/created pull request #\d+/, { timeout: 30000 });
      prNumber = Number(/#(\d+)/.exec(msg)[1]);
      assert.equal(gh.created.length, 1, 'one pull request was created');
      const pr = gh.created[0].body;
      assert.deepEqual([pr.head, pr.base, pr.title], [`acme:${BRANCH}`, 'main', TITLE]);
      assert.match(pr.body, /What this change achieves/, 'the body quotes the space spec');
      assert.equal(git(bare, 'rev-parse', `refs/heads/${BRANCH}`), git(spacePath, 'rev-parse', 'HEAD'), 'pushed');
      assert.equal(git(spacePath, 'rev-parse', '--abbrev-ref', '@{upstream}'), `origin/${BRANCH}`, 'tracking it');
      await host.clearNotifications();
      const shown = await spaceRow(
        host,
        TASK,
        (r, rows) =>
          r.description.endsWith(`· clean · ahead 2 · 1/3 tasks · PR #${prNumber} open`) &&
          rows.some((x) => x.label === `#${prNumber} ${TITLE}` && x.description === 'open'),
        'the row and its first child showing the PR',
      );
      ctx.log(`row: ${shown.description}`);
      await host.screenshot('07-pull-request');
      const child = host
        .viewPane('Spaces')
        .locator('.monaco-list-row')
        .filter({ hasText: `#${prNumber} ${TITLE}` });
      const url = await openedUrl(host, () => child.first().click());
      assert.match(url, new RegExp(`/acme/widgets/pull/${prNumber}`), `selecting the PR opened ${url}`);
    },
  );

  await ctx.step('the walkthrough checks the pull request step', async () => {
    await openWalkthrough(host);
    await walkthroughChecked(
      host,
      { done: [STEP.key, STEP.space, STEP.spec, STEP.pr], notDone: [STEP.chat] },
      'key, space, spec (a task checked and saved) and pull request checked',
    );
    await host.screenshot('08-walkthrough');
    await closeWalkthrough(host);
  });

  await ctx.step('merged on GitHub: Refresh Pull Requests, and the row says so (no request per row)', async () => {
    gh.repo('acme/widgets').pulls.find((p) => p.number === prNumber).state = 'merged';
    const rest = () => gh.requests.filter((r) => r.route !== 'graphql').length;
    const [restBefore, graphqlBefore] = [rest(), gh.count('graphql')];
    await host.runCommand('Kata Cloud: Refresh Pull Requests');
    await spaceRow(host, TASK, (r) => r.description.endsWith(`· PR #${prNumber} merged`), 'the row showing it merged');
    const graphql = gh.count('graphql') - graphqlBefore;
    ctx.log(`refresh: ${graphql} GraphQL request(s), ${rest() - restBefore} REST request(s)`);
    assert.ok(graphql >= 1, 'the state came with the list query');
    assert.equal(rest() - restBefore, 0, 'no REST request per row');
    await host.screenshot('08b-pull-request-merged');
  });

  await ctx.step('Remove Space… refuses while there is uncommitted work, saying which', async () => {
    fs.writeFileSync(path.join(spacePath, 'scratch.txt'), 'notes\n');
    await spaceRow(host, TASK, (r) => r.description.includes('· 1 changed · ahead 2'), 'the row with 1 changed');
    await host.clearNotifications();
    await host.runCommandAndPick('Kata Cloud: Remove Space…', TASK);
    // The branch is pushed: only the uncommitted file would be lost.
    await host.waitNotification(/was not removed: it has 1 uncommitted change, which would be lost/, {
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
    await spaceRow(host, TASK, (r) => r.description.includes('· clean · ahead 3'), 'the row clean, ahead 3');
    await host.runCommandAndPick('Kata Cloud: Remove Space…', TASK);
    gate.shut('remove');
    await clickDialogButton(host, /Remove the space/, 'Remove, Keep Branch');
    // git is removing the worktree (held at the gate): the row says so until it is done.
    await gate.held('remove');
    await spaceRow(host, TASK, (r) => r.description.startsWith('removing… · '), 'the row removing…');
    await host.screenshot('05b-removing');
    await gate.open('remove');
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
