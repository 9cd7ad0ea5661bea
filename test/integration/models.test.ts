// Providers in the real host, against the fake provider server the runner points the
// kata.*.baseUrl settings at. The tests of the first window run in order and leave the state
// the "@reload" tests check after the window reloads: an OpenAI key in SecretStorage, no
// Anthropic key, and openai/gpt-4o-mini as the default model.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import {
  activateExtension,
  fakeBaseUrls,
  FAKE_KEYS,
  FAKE_MODEL_IDS,
  refreshModels,
  settleWithin,
  untitledMarkdownWith,
  waitUntil,
} from './helpers';

const DEFAULT = { providerId: 'openai', modelId: 'gpt-4o-mini' };

describe('Providers, keys and the Models view', () => {
  before(async () => {
    await activateExtension();
    fakeBaseUrls();
  });

  it('starts with no key anywhere (no stored key, no ANTHROPIC_API_KEY / OPENAI_API_KEY)', async () => {
    const s = await refreshModels();
    assert.equal(s.anthropic.auth, 'none', JSON.stringify(s.anthropic));
    assert.equal(s.openai.auth, 'none', JSON.stringify(s.openai));
    assert.deepEqual([...s.anthropic.models, ...s.openai.models], []);
  });

  it('rejects an invalid key with a message and does not store it', async () => {
    const pending = vscode.commands.executeCommand<boolean>('kata.setApiKey', 'anthropic', {
      key: 'sk-ant-not-a-valid-key-42',
    });
    // The rejection is an error notification that waits for the user; it must not store.
    const early = await settleWithin(pending, 3000);
    assert.ok(
      !early.settled || early.value === false,
      `setApiKey resolved ${JSON.stringify(early)} for an invalid key`,
    );
    await vscode.commands.executeCommand('notifications.clearAll');
    const result = await settleWithin(pending, 5000);
    assert.deepEqual(result, { settled: true, value: false });
    const s = await refreshModels();
    assert.equal(s.anthropic.auth, 'none', `anthropic after an invalid key: ${JSON.stringify(s.anthropic)}`);
  });

  it('checks a valid OpenAI key, stores it in SecretStorage and lists the models from the endpoint', async () => {
    const ok = await vscode.commands.executeCommand<boolean>('kata.setApiKey', 'openai', { key: FAKE_KEYS.openai });
    assert.equal(ok, true);
    const s = await refreshModels();
    assert.equal(s.openai.auth, 'secret', JSON.stringify(s.openai));
    assert.equal(s.openai.error, undefined);
    assert.deepEqual([...s.openai.models].sort(), [...FAKE_MODEL_IDS.openai].sort());
  });

  it('stores an Anthropic key and lists every page of its models', async () => {
    assert.equal(
      await vscode.commands.executeCommand<boolean>('kata.setApiKey', 'anthropic', { key: FAKE_KEYS.anthropic }),
      true,
    );
    const s = await refreshModels();
    assert.equal(s.anthropic.auth, 'secret', JSON.stringify(s.anthropic));
    // The fake serves two models per page: three models means pagination was followed.
    assert.deepEqual([...s.anthropic.models].sort(), [...FAKE_MODEL_IDS.anthropic].sort());
  });

  it('clears a stored key from SecretStorage', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('kata.clearApiKey', 'anthropic'), true);
    const s = await refreshModels();
    assert.equal(s.anthropic.auth, 'none', JSON.stringify(s.anthropic));
    assert.equal(s.openai.auth, 'secret', 'clearing one provider leaves the other alone');
  });

  it('ignores a workspace .vscode/settings.json that tries to redirect the endpoint (application scope)', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test window has a workspace folder');
    const dir = path.join(folder.uri.fsPath, '.vscode');
    const file = path.join(dir, 'settings.json');
    fs.mkdirSync(dir, { recursive: true });
    const changed = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidChangeConfiguration(() => {
        sub.dispose();
        resolve();
      });
    });
    fs.writeFileSync(file, JSON.stringify({ 'kata.openai.baseUrl': 'http://127.0.0.1:9/steal/v1' }));
    try {
      assert.equal((await settleWithin(changed, 5000)).settled, true, 'VS Code read the workspace settings file');
      const s = await refreshModels();
      assert.equal(s.openai.error, undefined, JSON.stringify(s.openai));
      assert.deepEqual(
        [...s.openai.models].sort(),
        [...FAKE_MODEL_IDS.openai].sort(),
        'the user-level endpoint is still used',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a malformed base URL instead of falling back to the default host, and recovers', async () => {
    const config = vscode.workspace.getConfiguration('kata');
    const original = config.inspect<string>('openai.baseUrl')?.globalValue;
    await config.update('openai.baseUrl', 'not a url', vscode.ConfigurationTarget.Global);
    try {
      // The endpoint list follows the setting through a configuration event: wait for it to apply.
      await waitUntil(
        async () => (await refreshModels()).openai.error === 'bad_request',
        'the malformed base URL reported as bad_request',
      );
    } finally {
      await vscode.workspace
        .getConfiguration('kata')
        .update('openai.baseUrl', original, vscode.ConfigurationTarget.Global);
    }
    const s = await waitUntil(async () => {
      const r = await refreshModels();
      return r.openai.error === undefined && r.openai.models.length > 0 ? r : undefined;
    }, 'the models listed again once the base URL is restored');
    assert.equal(s.openai.models.length, FAKE_MODEL_IDS.openai.length);
  });

  it('sets the default model', async () => {
    await vscode.commands.executeCommand('kata.models.setDefault', DEFAULT);
    const s = await refreshModels();
    assert.deepEqual(s.openai.default, DEFAULT);
  });

  it("Ask… streams the default model's answer into an untitled Markdown editor", async () => {
    const prompt = 'What is a git worktree? (first window)';
    await vscode.commands.executeCommand('kata.ask', prompt);
    const doc = await waitUntil(() => untitledMarkdownWith(prompt), 'the Ask editor', 30000);
    const text = doc.getText();
    assert.match(text, /OpenAI · gpt-4o-mini/, text.slice(0, 300));
    // The fake echoes the prompt and names the model it was asked for.
    assert.ok(text.includes(`Echo: ${prompt}`), text.slice(0, 400));
    assert.ok(text.includes('`gpt-4o-mini`'), 'the request went to the default model');
    assert.match(text, /\*Done in \d+(\.\d)? s\.\*/, 'the answer ends with its completion note');
    assert.equal(vscode.window.activeTextEditor?.document, doc, 'the answer editor is the active one');
  });
});

describe('After a window reload', () => {
  before(async () => {
    await activateExtension();
  });

  it('@reload keeps the OpenAI key in SecretStorage and the cleared Anthropic key cleared', async () => {
    const s = await refreshModels();
    assert.equal(s.openai.auth, 'secret', JSON.stringify(s.openai));
    assert.deepEqual([...s.openai.models].sort(), [...FAKE_MODEL_IDS.openai].sort());
    assert.equal(s.anthropic.auth, 'none', JSON.stringify(s.anthropic));
  });

  it('@reload keeps the default model, and Ask… uses it without asking', async () => {
    const s = await refreshModels();
    assert.deepEqual(s.openai.default, DEFAULT);
    const prompt = 'Which model answers after a reload?';
    // With the default lost, Ask… would open a model picker and wait: do not hang on it.
    const run = await settleWithin(vscode.commands.executeCommand('kata.ask', prompt), 90000);
    if (!run.settled) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.ok(run.settled, 'Ask… did not finish: it probably asked for a model');
    const text = untitledMarkdownWith(prompt)?.getText() ?? '';
    assert.ok(text.includes('`gpt-4o-mini`') && text.includes(`Echo: ${prompt}`), text.slice(0, 400));
  });
});
