// Chat History: the quick pick of saved chats, newest first, with Rename and Delete on each row.
import * as vscode from 'vscode';
import type { ChatStore, ChatSummary } from '../../core/chat/store';
import { run } from '../commands';

function ago(ms: number): string {
  const s = Math.max(0, (Date.now() - ms) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(ms).toLocaleDateString();
}

/**
 * Picks a saved chat. In the history (`withActions`), each row also has Rename and Delete
 * buttons; the list is rebuilt after either.
 */
export async function pickChat(
  store: ChatStore,
  placeHolder: string,
  withActions = false,
): Promise<ChatSummary | undefined> {
  if ((await store.list()).length === 0) {
    void vscode.window.showInformationMessage(
      'Kata Cloud: there are no saved chats yet. Start one with "Kata Cloud: New Chat".',
    );
    return undefined;
  }
  const rename: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: 'Rename Chat…' };
  const remove: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Delete Chat…' };
  type Item = vscode.QuickPickItem & { chat: ChatSummary };
  const qp = vscode.window.createQuickPick<Item>();
  qp.placeholder = placeHolder;
  qp.matchOnDescription = true;
  const fill = async () => {
    qp.items = (await store.list()).map((c) => ({
      label: c.title,
      description: c.model ? c.model.modelId : '',
      detail: `${ago(c.updatedAt)} · ${c.messages} message${c.messages === 1 ? '' : 's'}`,
      chat: c,
      ...(withActions ? { buttons: [rename, remove] } : {}),
    }));
  };
  await fill();
  return new Promise<ChatSummary | undefined>((resolve) => {
    let result: ChatSummary | undefined;
    let acting = false;
    qp.onDidAccept(() => {
      result = qp.selectedItems[0]?.chat;
      qp.hide();
    });
    qp.onDidTriggerItemButton(async (e) => {
      // The input box or the confirmation takes the focus: show the list again afterwards.
      acting = true;
      qp.hide();
      await run(e.button === rename ? 'kata.chat.rename' : 'kata.chat.delete', {
        chatId: e.item.chat.id,
      });
      resolve((await store.list()).length ? await pickChat(store, placeHolder, withActions) : undefined);
    });
    qp.onDidHide(() => {
      qp.dispose();
      if (!acting) resolve(result);
    });
    qp.show();
  });
}
