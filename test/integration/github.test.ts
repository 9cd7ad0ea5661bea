// GitHub in the real extension host: the fake GitHub runs inside this host on 127.0.0.1 and is
// reached through the application-scoped kata.github.enterpriseUrl setting (REST /api/v3). The
// runner's workspace has no git repository and the built-in Git extension disabled, so the Pull
// Requests view must say so rather than fail; tokens are checked with GET /user before they are
// kept, and the view's state follows sign-in and sign-out.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { DEFAULT_TOKEN, startGitHubServer, type GitHubServer } from '../fakes/githubServer.mjs';
import { activateExtension, waitUntil } from './helpers';

interface Summary {
  state: string;
  problem?: string;
  login?: string;
  counts?: Record<string, number>;
}

const summary = async (): Promise<Summary> => {
  const s = await vscode.commands.executeCommand<Summary>('kata.prs.refresh');
  assert.ok(s && typeof s.state === 'string', `kata.prs.refresh returned ${JSON.stringify(s)}`);
  return s;
};

describe('GitHub sign-in and the Pull Requests view', () => {
  let gh: GitHubServer;
  const config = () => vscode.workspace.getConfiguration();

  before(async () => {
    await activateExtension();
    gh = await startGitHubServer();
    await config().update('kata.github.enterpriseUrl', gh.url, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('kata.github.clearToken');
    await config().update('kata.github.enterpriseUrl', undefined, vscode.ConfigurationTarget.Global);
    await gh.close();
  });

  it('the enterprise URL setting is application-scoped (a workspace cannot redirect the token)', async () => {
    const ext = vscode.extensions.getExtension('kata-cloud.kata-cloud')!;
    const props = (
      ext.packageJSON as { contributes: { configuration: { properties: Record<string, { scope?: string }> } } }
    ).contributes.configuration.properties;
    assert.equal(props['kata.github.enterpriseUrl']?.scope, 'application');
  });

  it('without Git the view says why it is empty (no error popup), and makes no request', async () => {
    const s = await waitUntil(
      async () => {
        const x = await summary();
        return x.state !== 'loading' ? x : undefined;
      },
      'the GitHub view state to settle',
      25000,
    );
    assert.ok(['noGit', 'noRepo'].includes(s.state), `state ${JSON.stringify(s)}`);
    assert.equal(gh.count('graphql'), 0);
  });

  it('a rejected token is not kept: one GET /user, false, still signed out', async () => {
    const before = gh.count('user');
    const ok = await vscode.commands.executeCommand<boolean>('kata.github.setToken', {
      token: 'ghp_' + 'x'.repeat(36),
    });
    assert.equal(ok, false);
    assert.equal(gh.count('user') - before, 1, 'the token was checked once against the enterprise REST root');
    assert.match(gh.requests.at(-1)!.path, /^\/api\/v3\/user$/);
    assert.equal((await summary()).login, undefined);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('a valid token is checked with GET /user and the login is known', async () => {
    const ok = await vscode.commands.executeCommand<boolean>('kata.github.setToken', { token: DEFAULT_TOKEN });
    assert.equal(ok, true);
    const s = await waitUntil(
      async () => {
        const x = await summary();
        return x.login ? x : undefined;
      },
      'the login after Set GitHub Token',
      45000,
    );
    assert.equal(s.login, 'octocat');
    // The token travelled in the Authorization header of the check, and nowhere else.
    const check = gh.requests.filter((r) => r.route === 'user').at(-1)!;
    assert.equal(check.headers.authorization, `token ${DEFAULT_TOKEN}`);
    for (const r of gh.requests) assert.ok(!`${r.path}${r.raw}`.includes(DEFAULT_TOKEN), `${r.method} ${r.path}`);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('Clear GitHub Token signs out', async () => {
    await vscode.commands.executeCommand('kata.github.clearToken');
    const s = await waitUntil(
      async () => {
        const x = await summary();
        return x.login === undefined ? x : undefined;
      },
      'signed out after Clear GitHub Token',
      25000,
    );
    assert.equal(s.login, undefined);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('Create Pull Request… without a repository explains instead of failing', async () => {
    let settled = false;
    const pending = Promise.resolve(vscode.commands.executeCommand('kata.pr.create')).finally(() => (settled = true));
    // The explanation is an error notification that waits for the user; dismissing it settles the
    // command. Dismiss until it has been shown and dismissed.
    await waitUntil(
      async () => {
        await vscode.commands.executeCommand('notifications.clearAll');
        return settled;
      },
      'the explanation to be shown and dismissed',
      20000,
    );
    await pending;
    assert.equal(gh.count('pulls.create'), 0);
  });
});
