// GitHub pull requests as a new user sees them, through the real workbench: signed out → Set GitHub Token… →
// the Pull Requests view fills from the fake GitHub (reached through kata.github.enterpriseUrl,
// REST under /api/v3, GraphQL at /api/graphql) with one GraphQL request per refresh → a PR link
// opens → in a git repository whose GitHub-looking remote maps to a local bare repository
// (url.<path>.insteadOf, no network), a staged change carrying a fake token → Create Pull
// Request… → the draft shows [REDACTED] → Create → commit + push through the Git extension → the
// fake received the PR with the redacted body → Open. Screenshots go to test-results/e2e/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { providerSettings, readExtensionLog, waitFor } from '../realhost/lib.mjs';
import { DEFAULT_TOKEN, startGitHubServer } from '../fakes/githubServer.mjs';
import { git, makeRepo } from './gitRepo.mjs';

export const timeoutMs = 240000;

// Token-shaped, in the staged change: it must never reach GitHub.
const LEAKED = 'ghp_' + 'E2eLeakedTokenValue0123456789abcdefAB'.slice(0, 36);
const BRANCH = 'feature/greeting';
const ANTHROPIC_KEY = 'sk-ant-test-valid-0123456789';
const SPEC = '# Spec\n\n## Greet users by name\n\nThe greeting says "Hello, <name>!" instead of a generic hello.\n';

/** A workspace repository whose remote looks like GitHub but pushes into a local bare repository. */
function makeRepos(ws, tmp, host) {
  fs.writeFileSync(path.join(ws, 'src', 'greet.ts'), 'export const greet = () => "Hello";\n');
  const bare = makeRepo(ws, tmp, host);
  // The branch of the fake's PR #101, on the remote only: Checkout Branch has to fetch it.
  git(ws, 'checkout', '-q', '-b', 'topic-101');
  fs.writeFileSync(path.join(ws, 'CRASH.md'), 'Empty config no longer crashes.\n');
  git(ws, 'add', 'CRASH.md');
  git(ws, 'commit', '-q', '-m', 'Fix crash on empty config');
  git(ws, 'push', '-q', 'origin', 'topic-101');
  git(ws, 'checkout', '-q', 'main');
  git(ws, 'branch', '-q', '-D', 'topic-101');
  git(ws, 'checkout', '-q', '-b', BRANCH);
  return bare;
}

async function collapsePane(host, name) {
  const header = host.page.locator('.part.sidebar .pane-header', { hasText: name }).first();
  await header.waitFor();
  if ((await header.getAttribute('aria-expanded')) !== 'false') await header.click();
  await waitFor(async () => (await header.getAttribute('aria-expanded')) === 'false', {
    timeout: 45000,
    what: `the ${name} pane folded`,
  });
}

async function prRows(host, pred, what) {
  let rows = [];
  await waitFor(async () => pred((rows = await host.sidebarRows('Pull Requests'))), { timeout: 30000, what }).catch(
    (e) => {
      throw new Error(
        `${e.message.split(' (last')[0]}; rows: ${JSON.stringify(rows.map((r) => `${r.label} | ${r.description}`))}`,
      );
    },
  );
  return rows;
}

/** A page the workbench opens for an external link (window.open), or the URL shown in a confirm dialog. */
async function expectOpened(host, re, action) {
  const popup = host.context.waitForEvent('page', { timeout: 15000 }).catch(() => undefined);
  await action();
  const page = await popup;
  if (page) {
    const url = await waitFor(() => (page.url() !== 'about:blank' ? page.url() : undefined), {
      timeout: 10000,
      what: 'the popup URL',
    }).catch(() => page.url());
    await page.close().catch(() => {});
    assert.match(decodeURIComponent(url), re, `opened ${url}`);
    return url;
  }
  const dialog = await host.page
    .locator('.monaco-dialog-box')
    .first()
    .textContent({ timeout: 5000 })
    .catch(() => '');
  assert.match(dialog ?? '', re, `no page opened and no dialog naming the link (dialog: ${dialog})`);
  await host.page.keyboard.press('Escape');
  return dialog;
}

async function clickDialogButton(host, textRe, button) {
  const box = host.page.locator('.monaco-dialog-box').filter({ hasText: textRe }).first();
  await box.waitFor({ timeout: 45000 });
  await box.locator('.dialog-buttons .monaco-button').filter({ hasText: button }).first().click();
  host.log(`dialog ${textRe}: clicked "${button}"`);
}

export default async function github(ctx) {
  const gh = await startGitHubServer();
  try {
    await run(ctx, gh);
  } finally {
    await gh.close();
  }
}

async function run(ctx, gh) {
  const ghHost = new URL(gh.url).hostname;
  const host = await ctx.startHost({
    open: false,
    settings: {
      'kata.github.enterpriseUrl': gh.url,
      ...providerSettings(ctx.fake),
      // The harness disables the built-in Git extension; this scenario needs it.
      'git.enabled': true,
      'git.autofetch': false,
      'git.confirmSync': false,
      'git.showPushSuccessNotification': false,
      'git.openRepositoryInParentFolders': 'never',
    },
    workspace: { 'README.md': '# Widgets\n', 'notes/spec.md': SPEC, 'src/greet.ts': '' },
  });
  const bare = makeRepos(host.workspace, ctx.tmp, ghHost);
  gh.repo('acme/widgets').bareDir = bare;
  await host.open();

  await ctx.step('signed out: the Pull Requests view says how to sign in', async () => {
    await host.openViewContainer('Kata Cloud');
    await host.widenSidebar();
    const welcome = await waitFor(
      () => host.welcomeContent('Pull Requests').then((w) => (w && /Sign in to GitHub/.test(w.text) ? w : undefined)),
      { timeout: 40000, what: 'the signed-out welcome content' },
    );
    assert.ok(welcome.buttons.includes('Sign in to GitHub'), JSON.stringify(welcome));
    assert.ok(
      welcome.links.some((l) => /Personal Access Token/i.test(l)),
      JSON.stringify(welcome),
    );
    assert.equal(gh.count('graphql'), 0, 'no list request before sign-in');
    await host.screenshot('01-signed-out');
  });

  await ctx.step(
    'Set GitHub Token… checks the token with GET /user and the view fills with one GraphQL request',
    async () => {
      // Four categories need the room the Spaces pane below takes: fold it, as a user would.
      await collapsePane(host, 'Spaces');
      await host.runCommand('Kata Cloud: Set GitHub Token…');
      const box = await host.quickInput(DEFAULT_TOKEN, { expect: /GitHub Token/ });
      assert.equal(box.type, 'password', 'the token box must mask input');
      await host.waitNotification(/signed in to 127\.0\.0\.1 as @octocat/);
      assert.equal(gh.count('user'), 1, 'the token was checked once with GET /user');
      const rows = await prRows(
        host,
        (r) =>
          r.some((x) => x.label.startsWith('#101 Fix crash on empty config')) && r.some((x) => x.label === 'All Open'),
        'PR rows from the fake',
      );
      for (const c of ['Waiting for My Review', 'Assigned to Me', 'Created by Me', 'All Open'])
        assert.ok(
          rows.some((r) => r.label === c),
          `category ${c}`,
        );
      const crash = rows.find((r) => r.label.startsWith('#101'));
      assert.match(crash.description, /@bob · checks failing · changes requested/);
      const draft = rows.find((r) => r.label.startsWith('#102'));
      assert.match(draft?.description ?? '', /draft/);
      // Every category is on screen: the requests that filled them have all been answered.
      assert.equal(gh.count('graphql'), 1, 'one GraphQL request filled all four categories');
      await host.closeNotificationCenter();
      await host.screenshot('02-pull-requests');
    },
  );

  await ctx.step('Refresh costs exactly one more request; Load More one more', async () => {
    const before = gh.count();
    await host.page.locator('.part.sidebar .pane-header', { hasText: 'Pull Requests' }).hover();
    await host
      .viewPane('Pull Requests')
      .locator('.actions .action-label[aria-label^="Refresh Pull Requests"]')
      .first()
      .click();
    await waitFor(() => gh.count('graphql') === 2, { timeout: 45000, what: 'the refresh request' });
    // A second request from the same refresh would show in the exact counts of the Load More step below.
    assert.equal(gh.count() - before, 1, 'refresh = 1 request in total');
    // Make room: collapse the Models pane and the first three categories, then scroll the tree
    // (rows are virtualised: "Load More" of All Open exists only once it is on screen).
    await host.page.locator('.part.sidebar .pane-header', { hasText: 'Models' }).first().click();
    const pane = host.viewPane('Pull Requests');
    for (const c of ['Waiting for My Review', 'Assigned to Me', 'Created by Me'])
      await pane.locator('.monaco-list-row', { hasText: c }).first().click();
    const more = pane.locator('.monaco-list-row', { hasText: 'Load More' }).first();
    await waitFor(
      async () => {
        if (await more.isVisible()) return true;
        await pane.locator('.monaco-list').first().hover();
        await host.page.mouse.wheel(0, 400);
        return false;
      },
      { timeout: 45000, interval: 300, what: 'the Load More row' },
    );
    await host.screenshot('03-load-more');
    await more.click();
    // Rows are virtualised: the category's "shown of total" says how many are loaded.
    await prRows(
      host,
      (r) => r.some((x) => x.label === 'All Open' && x.description === '40 of 45'),
      'All Open showing 40 of 45',
    );
    assert.equal(gh.count('graphql'), 3, 'Load More = 1 request');
    assert.equal(gh.count() - before, 2, 'refresh and Load More = 2 requests in total');
    ctx.log(`requests on the fake: refresh 1, refresh again 1, load more 1 (graphql total ${gh.count('graphql')})`);
  });

  await ctx.step('clicking a PR opens it on GitHub', async () => {
    const pane = host.viewPane('Pull Requests');
    await pane.locator('.monaco-list').first().hover();
    await host.page.mouse.wheel(0, -5000);
    await pane.locator('.monaco-list-row', { hasText: 'Waiting for My Review' }).first().click();
    const row = pane.locator('.monaco-list-row', { hasText: '#101 Fix crash on empty config' }).first();
    await expectOpened(host, /\/acme\/widgets\/pull\/101/, () => row.click());
  });

  await ctx.step('Create Pull Request… drafts from the staged change with the token redacted', async () => {
    fs.mkdirSync(path.join(host.workspace, 'src'), { recursive: true });
    fs.writeFileSync(
      path.join(host.workspace, 'src', 'greet.ts'),
      'export const greet = (name: string) => `Hello, ${name}!`;\n',
    );
    fs.writeFileSync(
      path.join(host.workspace, 'src', 'config.ts'),
      `export const GITHUB_TOKEN = "${LEAKED}";\nexport const retries = 3;\n`,
    );
    fs.writeFileSync(path.join(host.workspace, '.env'), 'DATABASE_PASSWORD=plain-text-secret\n');
    git(host.workspace, 'add', 'src/greet.ts', 'src/config.ts', '.env');
    await host.runCommand('Kata Cloud: Create Pull Request…');
    const text = await waitFor(
      async () => {
        const t = await host.editorText().catch(() => '');
        return t.includes('## Summary') ? t : undefined;
      },
      { timeout: 30000, what: 'the draft document' },
    );
    assert.match(text.split('\n')[0], /^feat: greet users by name$/);
    assert.ok(text.includes('[REDACTED]'), `the token is shown as [REDACTED]:\n${text}`);
    assert.ok(!text.includes(LEAKED), 'the token is not in the draft');
    const lens = host.page
      .locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Create Pull Request' })
      .first();
    await lens.waitFor({ timeout: 45000 });
    await host.screenshot('04-draft');
  });

  await ctx.step("Draft with AI streams the selected model's draft; the prompt it got carries no secret", async () => {
    await host.runCommandAndPick('Kata Cloud: Set API Key…', 'Anthropic');
    await host.quickInput(ANTHROPIC_KEY, { expect: /Anthropic API key/i });
    await host.waitNotification(/Anthropic key saved/);
    await host.closeNotificationCenter();
    await host.page
      .locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Draft with AI' })
      .first()
      .click();
    // No default model yet: the pick offers the models and remembers the choice.
    await host.pickQuickItem('Claude Sonnet 4.5');
    const text = await waitFor(
      async () => {
        const t = await host.editorText().catch(() => '');
        return t.startsWith('Echo: ') && t.includes('fake provider') ? t : undefined;
      },
      { timeout: 30000, what: 'the AI draft streamed into the document' },
    );
    assert.ok(!text.includes(LEAKED));
    const calls = ctx.fake.requests.filter((r) => r.method === 'POST' && /\/messages$/.test(r.path));
    assert.equal(calls.length, 1, 'one model request');
    const prompt = JSON.stringify(calls[0].body);
    assert.ok(
      prompt.includes('[REDACTED]') && prompt.includes('[diff suppressed: .env may contain secrets]'),
      'the prompt is the redacted diff',
    );
    assert.ok(prompt.includes('Greet users by name'), 'the prompt carries the spec');
    for (const secret of [LEAKED, DEFAULT_TOKEN, 'plain-text-secret'])
      assert.ok(!prompt.includes(secret), `the model must not see ${secret.slice(0, 8)}…`);
    await host.screenshot('05-ai-draft');
    // Back to the deterministic draft: Create Pull Request… again rebuilds it in place.
    await host.runCommand('Kata Cloud: Create Pull Request…');
    await waitFor(async () => (await host.editorText().catch(() => '')).startsWith('feat: greet users by name'), {
      timeout: 30000,
      what: 'the rebuilt draft',
    });
  });

  await ctx.step(
    'Create: commit and push are offered, the fake receives the redacted body, Open is shown',
    async () => {
      await host.clearNotifications();
      await host.page
        .locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Create Pull Request' })
        .first()
        .click();
      await clickDialogButton(host, /Commit the 3 staged files first/, 'Commit');
      await clickDialogButton(host, /is not on origin yet/, 'Push');
      const msg = await host.waitNotification(/created pull request #\d+: feat: greet users by name/, {
        timeout: 30000,
      });
      assert.equal(gh.created.length, 1, 'one pull request was created');
      const pr = gh.created[0];
      assert.equal(pr.body.head, `acme:${BRANCH}`);
      assert.equal(pr.body.base, 'main');
      assert.equal(pr.body.title, 'feat: greet users by name');
      assert.ok(pr.body.body.includes('[REDACTED]'), 'the body carries [REDACTED]');
      assert.ok(pr.body.body.includes('[diff suppressed: .env may contain secrets]'), 'the .env diff is suppressed');
      for (const secret of [LEAKED, DEFAULT_TOKEN, 'plain-text-secret'])
        assert.ok(!pr.body.body.includes(secret), `the body must not contain ${secret.slice(0, 8)}…`);
      assert.equal(
        git(bare, 'rev-parse', '--verify', `refs/heads/${BRANCH}`).length,
        40,
        'the branch was pushed to the bare remote',
      );
      assert.match(
        git(host.workspace, 'log', '-1', '--format=%s'),
        /^feat: greet users by name$/,
        'the staged change was committed with the title',
      );
      // The list refreshes after creation: the new PR is under Created by Me (one more request).
      await prRows(
        host,
        (r) => r.some((x) => x.label === 'Created by Me' && x.description === '3'),
        'Created by Me showing the new PR',
      );
      assert.equal(gh.count('graphql'), 4, 'one refresh after creating');
      await host.screenshot('06-created');
      const number = /#(\d+)/.exec(msg)[1];
      await expectOpened(host, new RegExp(`/acme/widgets/pull/${number}`), () =>
        host.clickNotificationButton(/created pull request/, 'Open'),
      );
    },
  );

  await ctx.step('no token in anything the fake received except the Authorization header, nor in the log', async () => {
    const api = gh.requests.filter((r) => r.path.startsWith('/api/'));
    assert.ok(api.length >= 6, `API requests seen: ${api.length}`);
    for (const r of gh.requests) {
      const { authorization, ...headers } = r.headers;
      // Browser page loads of the opened PR links carry no credentials at all.
      assert.equal(
        authorization,
        r.path.startsWith('/api/') ? `token ${DEFAULT_TOKEN}` : undefined,
        `${r.method} ${r.path} authorization`,
      );
      const seen = JSON.stringify({ path: r.path, headers, body: r.raw });
      for (const secret of [DEFAULT_TOKEN, LEAKED])
        assert.ok(!seen.includes(secret), `${r.method} ${r.path} carried a token outside Authorization`);
    }
    const log = readExtensionLog(host);
    assert.ok(log.includes('Created pull request #'), 'the extension log was read');
    for (const secret of [DEFAULT_TOKEN, LEAKED]) assert.ok(!log.includes(secret), 'a token reached the log');
    ctx.log(
      `fake GitHub received ${gh.requests.length} requests: ${JSON.stringify(Object.entries(gh.requests.reduce((m, r) => ({ ...m, [r.route]: (m[r.route] ?? 0) + 1 }), {})))}`,
    );
  });

  await ctx.step('Checkout Branch on a PR row fetches its branch and checks it out, tracking the remote', async () => {
    await host.clearNotifications();
    const pane = host.viewPane('Pull Requests');
    const row = pane.locator('.monaco-list-row', { hasText: '#101 Fix crash on empty config' }).first();
    await row.hover();
    await row.locator('.action-label[aria-label^="Checkout Pull Request Branch"]').first().click();
    await waitFor(() => git(host.workspace, 'rev-parse', '--abbrev-ref', 'HEAD') === 'topic-101', {
      timeout: 45000,
      what: 'HEAD on topic-101',
    });
    // The upstream is set right after the checkout.
    await waitFor(
      () => git(host.workspace, 'rev-parse', '--abbrev-ref', 'topic-101@{upstream}') === 'origin/topic-101',
      { timeout: 10000, what: 'topic-101 tracking origin/topic-101' },
    );
    assert.ok(fs.existsSync(path.join(host.workspace, 'CRASH.md')), 'the PR branch content is in the working tree');
    await host.screenshot('07-checked-out');
  });
}
