// The chat commands in a real extension host: panels open (several at once), attachments from
// the editor, files and notes/spec.md, rename, export, copy, delete. Sending, streaming and the
// panel coming back after a window reload (the serializer) are covered by the e2e scenario
// (test/e2e/chat.e2e.mjs), which drives the webview and reloads the window the way a user does.
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { activateExtension, waitUntil } from './helpers';

function chatTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('kata.chat'));
}

async function closeChatTabs(): Promise<void> {
  await vscode.window.tabGroups.close(chatTabs());
}

describe('Chat panel commands', () => {
  const folder = () => vscode.workspace.workspaceFolders?.[0]?.uri;
  before(async () => {
    await activateExtension();
    assert.ok(folder(), 'the test window has a workspace folder');
  });

  it('New Chat opens a chat panel each time (several at once)', async () => {
    await closeChatTabs();
    const a = await vscode.commands.executeCommand<string>('kata.chat.new');
    const b = await vscode.commands.executeCommand<string>('kata.chat.new');
    assert.match(a, /^[0-9a-f-]{36}$/);
    assert.notEqual(a, b);
    await waitUntil(() => chatTabs().length === 2, 'two chat tabs');
    assert.ok(
      chatTabs().every((t) => t.label === 'New chat'),
      JSON.stringify(chatTabs().map((t) => t.label)),
    );
    // Opening an open chat reveals it instead of opening another panel.
    assert.equal(await vscode.commands.executeCommand('kata.chat.open', a), a);
    assert.equal(chatTabs().length, 2);
    await closeChatTabs();
  });

  it('Ask About Selection attaches each selection with its file name and line range', async () => {
    const uri = vscode.Uri.joinPath(folder()!, 'ask.ts');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('const a = 1;\nconst b = 2;\nconst c = 3;\n'));
    const editor = await vscode.window.showTextDocument(uri);
    editor.selections = [new vscode.Selection(0, 0, 2, 0), new vscode.Selection(2, 6, 2, 7)];
    const labels = await vscode.commands.executeCommand<string[]>('kata.chat.askAboutSelection');
    assert.deepEqual(labels, ['ask.ts:1-2', 'ask.ts:3']);
    await waitUntil(() => chatTabs().some((t) => t.isActive), 'the chat panel to be active');
    // No selection: nothing is attached (the user is told to select first).
    const again = await vscode.window.showTextDocument(uri);
    again.selection = new vscode.Selection(0, 0, 0, 0);
    assert.deepEqual(await vscode.commands.executeCommand('kata.chat.askAboutSelection'), []);
  });

  it('Add File attaches text files and refuses binary ones', async () => {
    const text = vscode.Uri.joinPath(folder()!, 'notes.txt');
    const bin = vscode.Uri.joinPath(folder()!, 'blob.bin');
    await vscode.workspace.fs.writeFile(text, new TextEncoder().encode('plain text\n'));
    await vscode.workspace.fs.writeFile(bin, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
    assert.deepEqual(await vscode.commands.executeCommand('kata.chat.addFile', text), ['notes.txt']);
    assert.deepEqual(await vscode.commands.executeCommand('kata.chat.addFile', bin), []);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('Attach Spec attaches notes/spec.md when it exists', async () => {
    const spec = vscode.Uri.joinPath(folder()!, 'notes', 'spec.md');
    await vscode.workspace.fs.delete(spec).then(undefined, () => undefined);
    assert.equal(await vscode.commands.executeCommand('kata.chat.attachSpec'), undefined);
    await vscode.workspace.fs.writeFile(spec, new TextEncoder().encode('# Spec\n\nGreet users.\n'));
    assert.equal(await vscode.commands.executeCommand('kata.chat.attachSpec'), 'notes/spec.md');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('renames and deletes a chat; an empty chat is not exported or copied', async () => {
    await closeChatTabs();
    const id = await vscode.commands.executeCommand<string>('kata.chat.new');
    assert.equal(
      await vscode.commands.executeCommand('kata.chat.rename', { chatId: id }, '  Release notes  '),
      'Release notes',
    );
    await waitUntil(() => chatTabs().some((t) => t.label === 'Release notes'), 'the tab to show the new title');
    // Nothing to export yet: the user is told so and no empty document opens. Exporting and
    // copying a chat with answers is driven through the panel in test/e2e/chat.e2e.mjs.
    const editorsBefore = vscode.workspace.textDocuments.filter((d) => d.isUntitled).length;
    assert.equal(await vscode.commands.executeCommand('kata.chat.export', { chatId: id }), undefined);
    assert.equal(await vscode.commands.executeCommand('kata.chat.copy', { chatId: id }), undefined);
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.isUntitled).length, editorsBefore);
    assert.equal(await vscode.commands.executeCommand('kata.chat.delete', { chatId: id }, { confirm: false }), true);
    await waitUntil(() => !chatTabs().some((t) => t.label === 'Release notes'), 'the deleted chat panel to close');
    await vscode.commands.executeCommand('notifications.clearAll');
    await closeChatTabs();
  });
});
