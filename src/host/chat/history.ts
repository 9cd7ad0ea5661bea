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
  /** The space this window shows, if any (it may still be looked up): the list can be narrowed to its chats. */
  space?: ChatSpace | Promise<ChatSpace | undefined>;
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
  const { withActions = false } = options;
  const rename: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('edit'),
    tooltip: vscode.l10n.t('Rename Chat…'),
  };
  const remove: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('trash'),
    tooltip: vscode.l10n.t('Delete Chat…'),
  };
  type Item = vscode.QuickPickItem & { chat: ChatSummary };
  const qp = vscode.window.createQuickPick<Item>();
  qp.placeholder = placeHolder;
  qp.matchOnDescription = true;
  // Shown at once, busy while the chats and the space are read. Run from the palette over a chat
  // panel, a pick that appears more than 50 ms after the palette closed can lose the focus to the
  // panel (VS Code focuses the webview again then unless something else has the focus) and close.
  qp.busy = true;
  let closed = false;
  let acting = false;
  let result: ChatSummary | undefined;
  const done = new Promise<ChatSummary | undefined>((resolve) => {
    qp.onDidHide(() => {
      closed = true;
      qp.dispose();
      if (!acting) resolve(result);
    });
    qp.onDidAccept(() => {
      result = qp.selectedItems[0]?.chat;
      qp.hide();
    });
    qp.onDidTriggerItemButton(async (e) => {
      // The input box or the confirmation takes the focus: show the list again afterwards.
      acting = true;
      qp.hide();
      const target = { chatId: e.item.chat.id };
      await (e.button === rename ? run(COMMANDS.chat.rename, target) : run(COMMANDS.chat.delete, target));
      resolve((await store.list()).length ? await pickChat(store, placeHolder, options) : undefined);
    });
  });
  qp.show();

  let chats: ChatSummary[];
  let space: ChatSpace | undefined;
  try {
    [chats, space] = await Promise.all([store.list(), options.space]);
  } catch (e) {
    qp.hide();
    throw e;
  }
  if (closed) return done;
  if (chats.length === 0) {
    qp.hide();
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Kata Cloud: there are no saved chats yet. Start one with "Kata Cloud: New Chat".'),
    );
    return done;
  }
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
  const fill = (list: ChatSummary[], chosen?: HistoryScope) => {
    if (closed) return;
    const scope = chosen ?? initialScope(list, space?.path, options.scope?.get());
    // The toggle only where there is a space to narrow to.
    qp.buttons =
      space && list.some((c) => c.space?.path === space.path) ? [scope === 'space' ? showAll : onlySpace] : [];
    qp.title = space ? scopeTitle(scope, space.name) : undefined;
    const now = Date.now();
    qp.items = chatsInScope(list, scope, space?.path).map((c) => ({
      ...historyRow(c, now, space?.path),
      chat: c,
      ...(withActions ? { buttons: [rename, remove] } : {}),
    }));
  };
  qp.onDidTriggerButton(async (b) => {
    const next: HistoryScope = b === showAll ? 'all' : 'space';
    options.scope?.set(next);
    fill(await store.list(), next);
  });
  fill(chats);
  qp.busy = false;
  return done;
}
