// What the Spaces scenario needs to catch the view's passing states for real, and to count what
// typing costs: a git step the test holds open, a failed creation, a file typed into, the
// refreshes logged since a moment.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { NODE24, waitFor } from '../realhost/lib.mjs';
import { git, refreshFigures, spaceRow } from './spacesUi.mjs';

/**
 * A `git` first on the extension host's PATH that runs the real one, except that `git worktree
 * <add|remove>` waits while the test keeps that step's gate shut: the gate is a FIFO the held git
 * reads until the test opens it. So "creating…" and "removing…" stay on the row exactly as long
 * as the test needs, however slow the machine, and no clock is involved.
 */
export function gitGate(tmp) {
  const dir = path.join(tmp, 'git-gate');
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const real = execFileSync('sh', ['-c', 'command -v git']).toString().trim();
  const gate = (step) => path.join(dir, `worktree-${step}`);
  fs.writeFileSync(
    path.join(bin, 'git'),
    [
      '#!/bin/sh',
      `gate="${dir}/worktree-$2"`,
      'if [ "$1" = worktree ] && [ -p "$gate" ]; then : > "$gate.held"; cat "$gate" > /dev/null; fi',
      `exec "${real}" "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return {
    /**
     * The host's environment: code-server and its extension host find this git first. The server
     * would take PATH from a login shell (which resets it) unless told it was started by its CLI.
     */
    env: { PATH: `${bin}:${path.dirname(NODE24)}:${process.env.PATH}`, VSCODE_CLI: '1' },
    /** The next `git worktree <step>` waits at the gate. */
    shut(step) {
      execFileSync('mkfifo', [gate(step)]);
    },
    /** Resolves once a `git worktree <step>` is waiting at the gate. */
    held(step) {
      return waitFor(() => fs.existsSync(`${gate(step)}.held`), {
        timeout: 120000,
        what: `git worktree ${step} held at its gate`,
      });
    },
    /** Lets the waiting git run (the open returns once its reader is there); later ones pass. */
    async open(step) {
      const fifo = await fs.promises.open(gate(step), 'w');
      await fifo.close();
      fs.rmSync(gate(step));
      fs.rmSync(`${gate(step)}.held`, { force: true });
    },
  };
}

/** The buttons of the notification matching `re`, as the Notification Center shows them. */
export async function notificationButtons(host, re) {
  await host.waitNotification(re, { timeout: 30000 });
  const item = host.page.locator('.notifications-center .notification-list-item').filter({ hasText: re }).first();
  await item.hover();
  return item.locator('.notification-list-item-buttons-container .monaco-button').allTextContents();
}

/**
 * Opens a file of the window's folder with Go to File, puts the cursor at its end and types
 * `text` key by key, unsaved; resolves once the editor shows it.
 */
export async function typeAtEnd(host, file, text) {
  await host.goToFile(file);
  const tab = host.page.locator('.tab.active').filter({ hasText: path.basename(file) });
  await tab.first().waitFor({ timeout: 30000 });
  // As a user does: click into the text until the editor has the keyboard (a click can land
  // while the editor is still being laid out).
  const editor = host.page.locator('.editor-group-container.active .monaco-editor').first();
  await waitFor(
    async () => {
      await editor
        .locator('.view-line')
        .first()
        .click({ timeout: 5000 })
        .catch(() => {});
      return (await editor.getAttribute('class'))?.split(' ').includes('focused');
    },
    { timeout: 30000, what: `the editor of ${file} focused` },
  );
  await host.page.keyboard.press('Control+End');
  for (const ch of text) await host.page.keyboard.type(ch);
  // A long line wraps into several view lines: compare without the white space.
  const bare = (t) => t.replace(/\s+/g, '');
  await waitFor(async () => bare(await host.editorText().catch(() => '')).includes(bare(text)), {
    timeout: 30000,
    what: `"${text}" typed into ${file}`,
  });
}

/** The refreshes logged from `t0` to `t1` (ms): waits until at least one is in the log file. */
export function refreshesSince(host, t0, t1) {
  return waitFor(
    () => {
      const f = refreshFigures(host).filter((x) => x.at >= t0 && x.at <= t1);
      return f.length && f;
    },
    { timeout: 20000, what: 'a refresh in the log' },
  );
}

/**
 * New Space… for a task whose branch already exists (made with the git CLI): the pending row turns
 * "failed: <why>", the warning offers Use Existing Branch and Choose Another Name, and the latter
 * asks for the name again with it filled in. Escape, then Refresh Spaces clears the failed row.
 */
export async function failOnTakenBranch(host, ws, { task, branch }) {
  git(ws, 'branch', branch, 'main');
  await host.clearNotifications();
  await host.runCommand('Kata Cloud: New Space…');
  await host.quickInput(task, { expect: /New Space \(1\/2\)/ });
  await waitFor(async () => /Base Branch/.test((await host.quickInputState()).title), {
    timeout: 20000,
    what: 'the base branch pick',
  });
  await host.pickQuickItem('default branch');
  const said = new RegExp(`The branch ${branch} already exists`);
  await spaceRow(host, task, (r) => /^failed: /.test(r.description) && said.test(r.description), 'the failed row');
  // The creation's progress notification closes with it.
  await waitFor(async () => !(await host.notifications()).some((t) => /^Creating space/.test(t)), {
    timeout: 30000,
    what: 'the progress notification closed',
  });
  const buttons = await notificationButtons(host, said);
  assert.deepEqual(buttons, ['Use Existing Branch', 'Choose Another Name'], "the warning's buttons");
  await host.screenshot('02b-failed');
  await host.clickNotificationButton(said, 'Choose Another Name');
  const asked = await waitFor(
    async () => {
      const q = await host.quickInputState();
      return /New Space \(1\/2\)/.test(q.title) && q;
    },
    { timeout: 20000, what: 'New Space asking for the name again' },
  );
  assert.equal(asked.value, task);
  await host.page.keyboard.press('Escape');
  assert.equal(git(ws, 'worktree', 'list', '--porcelain').includes(branch), false, 'no worktree was added');
  await host.runCommand('Kata Cloud: Refresh Spaces');
  await waitFor(async () => !(await host.sidebarRows('Spaces')).some((r) => r.label === task), {
    timeout: 30000,
    what: 'the failed row cleared by Refresh Spaces',
  });
  await host.clearNotifications();
}
