// A revoked GitHub token in the real extension host: a background refresh never prompts (the view
// falls back to its signed-out welcome), and a user's Refresh prompts once per cooldown. The
// workspace folder becomes a git repository whose remote is on the fake GitHub's host for the
// length of this file, with the built-in Git extension switched on; both are undone afterwards.
//
// A prompt is observed through what the code exposes: the re-auth prompt waits for the user, so
// a Refresh that prompts stays pending until the notification is dismissed, and kata.prs.refresh
// then says what the 401 led to (`reauth`).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { startGitHubServer, type GitHubServer } from '../fakes/githubServer.mjs';
import { activateExtension, activeApi, settleWithin, waitUntil } from './helpers';

interface Summary {
  state: string;
  login?: string;
  error?: string;
  reauth?: string;
}

const refresh = async (): Promise<Summary> => {
  const s = await vscode.commands.executeCommand<Summary>('kata.prs.refresh');
  assert.ok(s && typeof s.state === 'string', `kata.prs.refresh returned ${JSON.stringify(s)}`);
  return s;
};

const token = (c: string) => `ghp_${c.repeat(36)}`;
/** The extension's read-only API: the view's state without sending a request. */
const kata = () => activeApi<{ pullRequests(): Summary }>();

describe('GitHub: a revoked token and the re-auth prompt', () => {
  let gh: GitHubServer;
  let ws: string;
  let gitEnabledBefore: boolean | undefined;
  const config = () => vscode.workspace.getConfiguration();
  const rejectedGraphql = () => gh.requests.filter((r) => r.route === 'graphql' && !r.login).length;

  /** Signs in with a fresh token and waits for the background refresh that sign-in starts. */
  async function signInWith(t: string, login: string): Promise<void> {
    gh.addToken(t, login);
    const before = gh.count('graphql');
    assert.equal(await vscode.commands.executeCommand<boolean>('kata.github.setToken', { token: t }), true);
    await vscode.commands.executeCommand('notifications.clearAll');
    await waitUntil(() => gh.count('graphql') > before, 'the background refresh after sign-in', 15000);
    // The reply reaches the view a moment after the fake saw the request.
    await waitUntil(async () => (await refresh()).login === login, `signed in as @${login}`, 25000);
  }

  before(async function () {
    this.timeout(60000);
    await activateExtension();
    ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(ws, 'the runner opens a workspace folder');
    assert.ok(!fs.existsSync(path.join(ws, '.git')), 'the workspace folder is not a git repository yet');
    gh = await startGitHubServer();
    await vscode.commands.executeCommand('kata.github.clearToken');
    await config().update('kata.github.enterpriseUrl', gh.url, vscode.ConfigurationTarget.Global);
    const host = new URL(gh.url).hostname;
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: ws });
    execFileSync('git', ['remote', 'add', 'origin', `git@${host}:acme/widgets.git`], { cwd: ws });
    gitEnabledBefore = config().inspect<boolean>('git.enabled')?.globalValue;
    await config().update('git.enabled', true, vscode.ConfigurationTarget.Global);
    const s = await waitUntil(
      async () => {
        const x = await refresh();
        return x.state === 'signedOut' ? x : undefined;
      },
      'the Pull Requests view to find the repository and say "signed out"',
      45000,
    );
    assert.equal(s.login, undefined);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  after(async function () {
    this.timeout(30000);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('kata.github.clearToken');
    await vscode.commands.executeCommand('notifications.clearAll');
    await config().update('kata.github.enterpriseUrl', undefined, vscode.ConfigurationTarget.Global);
    // Put back the runner's own value (false), not the default.
    await config().update('git.enabled', gitEnabledBefore, vscode.ConfigurationTarget.Global);
    if (ws) fs.rmSync(path.join(ws, '.git'), { recursive: true, force: true });
    await gh?.close();
  });

  it('a background refresh with a revoked stored token shows no prompt: the view falls back to signed out', async function () {
    this.timeout(60000);
    const t = token('b');
    await signInWith(t, 'bg-user');
    gh.revokeToken(t);
    // A background refresh: the host setting changes away and back, the list is dropped, and the
    // visible view refreshes by itself when it is ready again.
    await vscode.commands.executeCommand('kata.pullRequests.focus');
    await config().update('kata.github.enterpriseUrl', undefined, vscode.ConfigurationTarget.Global);
    await waitUntil(async () => (await refresh()).state === 'noRemote', 'the view to leave the fake host', 15000);
    const rejectedBefore = rejectedGraphql();
    await config().update('kata.github.enterpriseUrl', gh.url, vscode.ConfigurationTarget.Global);
    // Watch the fake only: a Refresh command now would be a user action.
    await waitUntil(() => rejectedGraphql() > rejectedBefore, 'the background refresh to be answered 401', 20000);
    // The view itself, read without a request, once the 401 has been taken in.
    await waitUntil(() => kata().pullRequests().state === 'signedOut', 'the view to fall back to signed out', 20000);
    const requests = gh.requests.length;
    const s = await refresh();
    assert.equal(s.state, 'signedOut', `after a background 401: ${JSON.stringify(s)}`);
    assert.equal(s.login, undefined);
    // Refresh in the signed-out state does nothing more: no request, no prompt, it settles at once.
    assert.equal(gh.requests.length, requests);
    assert.equal(s.reauth, undefined);
  });

  it('a Refresh by the user with a revoked token prompts once (the background 401 before used no prompt)', async function () {
    this.timeout(60000);
    const t = token('u');
    await signInWith(t, 'user-one');
    gh.revokeToken(t);
    const rejectedBefore = rejectedGraphql();
    const pending = vscode.commands.executeCommand<Summary>('kata.prs.refresh');
    const early = await settleWithin(pending, 4000);
    assert.equal(early.settled, false, `Refresh settled without waiting on a prompt: ${JSON.stringify(early)}`);
    assert.equal(rejectedGraphql(), rejectedBefore + 1, 'the refresh was answered 401');
    await vscode.commands.executeCommand('notifications.clearAll');
    const done = await settleWithin(pending, 5000);
    assert.ok(done.settled, 'dismissing the prompt settles the Refresh');
    assert.equal(done.value.reauth, 'prompted');
    assert.equal(done.value.state, 'signedOut');
  });

  it('a second 401 after a user action inside the cooldown does not prompt again', async function () {
    this.timeout(60000);
    const t = token('c');
    await signInWith(t, 'user-two');
    gh.revokeToken(t);
    const rejectedBefore = rejectedGraphql();
    const r = await settleWithin(vscode.commands.executeCommand<Summary>('kata.prs.refresh'), 4000);
    assert.ok(r.settled, 'a Refresh inside the cooldown must not wait on a prompt');
    assert.equal(rejectedGraphql(), rejectedBefore + 1, 'the refresh was answered 401');
    assert.equal(r.value.reauth, 'cooldown');
    assert.equal(r.value.state, 'signedOut');
    assert.equal(r.value.login, undefined);
  });
});
