// Chat History: the quick pick of saved chats, newest first, with Rename and Delete on each row.
// In a window that shows a space, a title-bar toggle switches between that space's chats and all
// of them (the rules are src/core/chat/history.ts).
import * as vscode from 'vscode';
import { chatsInScope, historyRow, initialScope, scopeTitle, type HistoryScope } from '../../core/chat/history';
import type { ChatStore, ChatSummary } from '../../core/chat/store';
import type { ChatSpace } from '../../core/chat/transcript';
import { COMMANDS, run } from '../commands';

export interface HistoryOptions {
  /** Rename and Delete buttons on each row (the history itself, not a "which chat?" pick). */
  withActions?: boolean;
  /** The space this window shows, if any: the list can be narrowed to its chats. */
  space?: ChatSpace;
  /** The scope the user last chose in this window. */
  scope?: { get(): HistoryScope | undefined; set(scope: HistoryScope): void };
}

/**
 * Picks a saved chat. In the history (`withActions`), each row also has Rename and Delete
 * buttons; the list is rebuilt after either.
 */
export async function pickChat(
  store: ChatStore,
  placeHolder: string,
  options: HistoryOptions = {},
): Promise<ChatSummary | undefined> {
  const { withActions = false, space } = options;
  if ((await store.list()).length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Kata Cloud: there are no saved chats yet. Start one with "Kata Cloud: New Chat".'),
    );
    return undefined;
  }
  const rename: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('edit'),
    tooltip: vscode.l10n.t('Rename Chat…'),
  };
  const remove: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('trash'),
    tooltip: vscode.l10n.t('Delete Chat…'),
  };
  const onlySpace: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('filter'),
    tooltip: space
      ? vscode.l10n.t('Show Only the Chats of {0}', space.name)
      : vscode.l10n.t('Show Only the Chats of This Space'),
  };
  const showAll: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('filter-filled'),
    tooltip: vscode.l10n.t('Show All Chats'),
  };
  type Item = vscode.QuickPickItem & { chat: ChatSummary };
  const qp = vscode.window.createQuickPick<Item>();
  qp.placeholder = placeHolder;
  qp.matchOnDescription = true;
  let scope: HistoryScope = 'all';
  const fill = async (chosen?: HistoryScope) => {
    const chats = await store.list();
    scope = chosen ?? initialScope(chats, space?.path, options.scope?.get());
    // The toggle only where there is a space to narrow to.
    qp.buttons =
      space && chats.some((c) => c.space?.path === space.path) ? [scope === 'space' ? showAll : onlySpace] : [];
    qp.title = space ? scopeTitle(scope, space.name) : undefined;
    const now = Date.now();
    qp.items = chatsInScope(chats, scope, space?.path).map((c) => ({
      ...historyRow(c, now, space?.path),
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
    qp.onDidTriggerButton(async (b) => {
      const next: HistoryScope = b === showAll ? 'all' : 'space';
      options.scope?.set(next);
      await fill(next);
    });
    qp.onDidTriggerItemButton(async (e) => {
      // The input box or the confirmation takes the focus: show the list again afterwards.
      acting = true;
      qp.hide();
      const target = { chatId: e.item.chat.id };
      await (e.button === rename ? run(COMMANDS.chat.rename, target) : run(COMMANDS.chat.delete, target));
      resolve((await store.list()).length ? await pickChat(store, placeHolder, options) : undefined);
    });
    qp.onDidHide(() => {
      qp.dispose();
      if (!acting) resolve(result);
    });
    qp.show();
  });
}
