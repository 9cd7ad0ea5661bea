import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { activateExtension, contributedCommands, EXTENSION_ID, waitUntil } from './helpers';

describe('Kata Cloud in a real extension host', () => {
  it('activates', async () => {
    const ext = await activateExtension();
    assert.equal(ext.isActive, true);
    assert.equal(ext.id, EXTENSION_ID);
    console.log(
      `[in-host] VS Code ${vscode.version}, appHost=${vscode.env.appHost}, uiKind=${vscode.env.uiKind}, remote=${vscode.env.remoteName ?? 'none'}`,
    );
  });

  it('registers every command the manifest contributes', async () => {
    const ext = await activateExtension();
    const contributed = contributedCommands(ext);
    assert.ok(contributed.length >= 20, `only ${contributed.length} contributed commands`);
    // Registration happens inside activate(); commands appear in the registry right after.
    const missing = await waitUntil(
      async () => {
        const registered = new Set(await vscode.commands.getCommands(true));
        const m = contributed.filter((c) => !registered.has(c));
        return m.length === 0 ? [] : undefined;
      },
      'every contributed command to be registered',
      5000,
    ).catch(async (e: Error) => {
      const registered = new Set(await vscode.commands.getCommands(true));
      throw new Error(`${e.message}\nnot registered: ${contributed.filter((c) => !registered.has(c)).join(', ')}`);
    });
    assert.deepEqual(missing, []);
  });

  it('never activates on "*"', async () => {
    const ext = await activateExtension();
    const events = (ext.packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
    assert.ok(!events.includes('*'), `activationEvents: ${JSON.stringify(events)}`);
  });
});
