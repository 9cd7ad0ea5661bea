// The chat feature: panels (several at once, restored after a reload by the serializer), the
// history, and the chat commands. Nothing is read from disk until a chat is opened.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { conversationToMarkdown } from '../../core/chat/export';
import { providerKeys } from '../../core/providers/knownSecrets';
import type { HistoryScope } from '../../core/chat/history';
import type { ChatSpace, ModelRef } from '../../core/chat/model';
import type { ModelOption, WebviewMessage } from '../../core/chat/protocol';
import { ChatSession } from '../../core/chat/session';
import { ChatStore } from '../../core/chat/store';
import { PAGE_ENTRIES } from '../../core/chat/paging';
import type { Feature, Services } from '../services';
import { chatIdFrom, noSpaces, spaceFrom, type ChatSpaces } from '../../core/chat/commandArgs';
import { fileAttachment, findSpec, selectionAttachments } from './attachments';
import { pickChat } from './history';
import { CHAT_VIEW_TYPE, ChatPanel, webviewOptions } from './panel';
import { COMMANDS, run } from '../commands';
import { errorMessage } from '../../core/errorMessage';

export type { ChatSpaces };

export function createChatFeature(services: Services, spaces: ChatSpaces = noSpaces): Feature<'chat'> {
  const { context, log, config, models } = services;
  /** The space this window shows, or none when the Spaces feature cannot tell (no repository, untrusted, git failed). */
  const currentSpace = () =>
    spaces.current().catch((e: unknown) => {
      log.warn(`Chat: could not tell which space this window shows: ${errorMessage(e)}`);
      return undefined;
    });
  let historyScope: HistoryScope | undefined;
  const store = new ChatStore(fs, vscode.Uri.joinPath(context.globalStorageUri, 'chats').fsPath, services.records, log);
  const panels = new Set<ChatPanel>();
  let lastActive: ChatPanel | undefined;
  let lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  // Parsed (and any problem reported) by the settings owner; read per request.
  const settings = () => config.values().chat;

  const modelOptions = (): ModelOption[] =>
    models.chatModels().map((m) => ({
      providerId: m.providerId,
      modelId: m.id,
      label: m.displayName || m.id,
      group: models.labelOf(m.providerId),
      ...(m.contextWindow ? { contextWindow: m.contextWindow } : {}),
    }));
  const defaultModel = (): ModelRef | undefined => {
    const d = models.getDefault();
    if (d) return d;
    const first = models.chatModels()[0];
    return first ? { providerId: first.providerId, modelId: first.id } : undefined;
  };

  const findPanel = (chatId: string) => [...panels].find((p) => p.chatId === chatId);

  /**
   * Opens a chat in a panel (a new one without an id). `space` binds a chat that has no
   * transcript yet to a space; a saved chat keeps the space it was started in.
   */
  async function openChat(
    chatId: string = randomUUID(),
    existing?: vscode.WebviewPanel,
    space?: ChatSpace,
  ): Promise<ChatPanel> {
    const open = findPanel(chatId);
    if (open && !existing) {
      open.reveal();
      return open;
    }
    // A long chat shows its last page first; the panel takes the rest when it is read.
    const { first, rest } = await store.open(chatId, PAGE_ENTRIES);
    const chatSpace = space ? await store.bindSpace(chatId, space) : store.spaceOf(chatId);
    // The session posts through the panel, which is built after it.
    const ref: { panel?: ChatPanel } = {};
    const session = new ChatSession(
      {
        id: chatId,
        store,
        provider: (id) => services.providers.get(id),
        settings,
        log,
        clock: { now: () => Date.now() },
        newId: () => randomUUID(),
        post: (m) => ref.panel?.post(m),
      },
      first,
      defaultModel(),
    );
    const webviewPanel =
      existing ??
      vscode.window.createWebviewPanel(
        CHAT_VIEW_TYPE,
        vscode.l10n.t('New chat'),
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
        webviewOptions(context.extensionUri),
      );
    const panel = new ChatPanel(
      webviewPanel,
      session,
      {
        log,
        extensionUri: context.extensionUri,
        models: modelOptions,
        runCommand,
        insertCode,
        onDidActivate: (p) => (lastActive = p),
        onDidClose: (p) => {
          panels.delete(p);
          if (lastActive === p) lastActive = [...panels].at(-1);
        },
      },
      chatSpace,
      rest,
    );
    ref.panel = panel;
    panels.add(panel);
    lastActive = panel;
    return panel;
  }

  /** The chat a command is about: its argument, else the last active panel, else one picked from the history. */
  async function targetChat(arg: unknown, placeHolder: string): Promise<string | undefined> {
    const id = chatIdFrom(arg);
    if (id) return id;
    if (lastActive) return lastActive.chatId;
    const pick = await pickChat(store, placeHolder, { space: currentSpace() });
    return pick?.id;
  }

  /** Attachments go to the chat the user was last in, or to a new one. */
  async function attachTarget(arg: unknown): Promise<ChatPanel> {
    const id = chatIdFrom(arg);
    const panel = id ? await openChat(id) : (lastActive ?? (await newChat()));
    panel.reveal();
    return panel;
  }

  /** A new chat, in the given space or else the one this window shows. */
  async function newChat(space?: ChatSpace): Promise<ChatPanel> {
    const chatSpace = space ?? (await currentSpace());
    const panel = await openChat(randomUUID(), undefined, chatSpace);
    if (chatSpace) await services.milestones.reach('chat');
    return panel;
  }

  async function insertCode(code: string): Promise<string | undefined> {
    let editor =
      lastEditor && vscode.window.visibleTextEditors.includes(lastEditor)
        ? lastEditor
        : vscode.window.visibleTextEditors[0];
    // The usual layout has the file in a tab behind the chat: bring it back (its cursor is restored).
    if (!editor && lastEditor && !lastEditor.document.isClosed)
      editor = await vscode.window.showTextDocument(lastEditor.document, {
        viewColumn: lastEditor.viewColumn,
        preserveFocus: false,
      });
    if (!editor) return vscode.l10n.t('Open a file in an editor first, then use Insert at Cursor.');
    const ok = await editor.edit((b) => editor.selections.forEach((sel) => b.replace(sel, code)));
    if (!ok) return vscode.l10n.t('The editor did not accept the insertion (it may be read-only).');
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    return undefined;
  }

  async function runCommand(panel: ChatPanel, m: Extract<WebviewMessage, { type: 'run' }>): Promise<void> {
    const arg = { chatId: panel.chatId };
    const commands: Record<typeof m.command, () => Thenable<unknown>> = {
      setApiKey: () => run(COMMANDS.providers.setApiKey, m.providerId),
      openSettings: () => config.open({ area: 'chat' }),
      export: () => run(COMMANDS.chat.export, arg),
      copyConversation: () => run(COMMANDS.chat.copy, arg),
      addFile: () => run(COMMANDS.chat.addFile, arg),
      attachSpec: () => run(COMMANDS.chat.attachSpec, arg),
      openLog: () => run(COMMANDS.providers.showLog),
      history: () => run(COMMANDS.chat.open),
      newChat: () => run(COMMANDS.chat.new),
    };
    await commands[m.command]();
  }

  /** A new chat has nothing to export or copy: say so rather than produce an empty document. */
  function nothingYet(entries: number): boolean {
    if (entries > 0) return false;
    void vscode.window.showInformationMessage(vscode.l10n.t('Kata Cloud: this chat has no messages yet.'));
    return true;
  }

  async function conversationOf(id: string) {
    const open = findPanel(id);
    if (open) await open.loaded;
    return open ? open.session.snapshot() : store.load(id);
  }

  /** Adds attachments to a panel; resolves with the labels that were added. */
  const addAttachments = (panel: ChatPanel, list: Parameters<ChatSession['addAttachment']>[0][]): string[] => {
    const added: string[] = [];
    for (const a of list) {
      const r = panel.session.addAttachment(a);
      if (r.ok) added.push(a.label);
      else void vscode.window.showWarningMessage(vscode.l10n.t('Kata Cloud: {0}', r.reason));
    }
    panel.post({ type: 'focusInput' });
    return added;
  };
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;

  const disposables: vscode.Disposable[] = [
    vscode.window.registerWebviewPanelSerializer(CHAT_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel, state: unknown) {
        const id = chatIdFrom(
          typeof state === 'object' && state !== null ? (state as { chatId?: unknown }).chatId : undefined,
        );
        // A restored chat that was never written has lost its space with the old window: this one's.
        await openChat(id ?? randomUUID(), webviewPanel, await currentSpace());
      },
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e) lastEditor = e;
    }),
    models.onDidChange(() => {
      const list = modelOptions();
      for (const p of panels) p.post({ type: 'models', models: list, selected: p.session.model ?? null });
    }),
    config.onDidChange((e) => {
      if (!e.affects('chat')) return;
      for (const p of panels) p.session.postAttachments();
    }),
    { dispose: () => [...panels].forEach((p) => p.panel.dispose()) },
  ];

  return {
    disposables,
    commands: {
      // Each command resolves with what it did (a chat id, labels, text), for other callers.
      // `{ space }` (New Chat in Space) binds it to that space, else it belongs to this window's.
      new: async (arg?: unknown) => (await newChat(spaceFrom(arg))).chatId,
      open: async (arg?: unknown) => {
        const id =
          chatIdFrom(arg) ??
          (
            await pickChat(store, vscode.l10n.t('Open a saved chat'), {
              withActions: true,
              space: currentSpace(),
              scope: { get: () => historyScope, set: (s) => (historyScope = s) },
            })
          )?.id;
        return id ? (await openChat(id)).chatId : undefined;
      },
      rename: async (arg?: unknown, newTitle?: unknown) => {
        const id = await targetChat(arg, vscode.l10n.t('Rename which chat?'));
        if (!id) return undefined;
        const current = (await store.get(id))?.title ?? findPanel(id)?.session.title ?? vscode.l10n.t('New chat');
        const title =
          typeof newTitle === 'string' && newTitle.trim()
            ? newTitle
            : await vscode.window.showInputBox({
                title: vscode.l10n.t('Rename Chat'),
                value: current,
                validateInput: (v) =>
                  v.trim()
                    ? v.length > 200
                      ? vscode.l10n.t('At most {0} characters.', 200)
                      : undefined
                    : vscode.l10n.t('The title cannot be empty.'),
              });
        if (title === undefined) return undefined;
        await store.rename(id, title);
        const panel = findPanel(id);
        if (panel) {
          panel.session.setTitle(title.trim());
          panel.post({ type: 'title', title: title.trim() });
          panel.setTitle(title.trim());
        }
        return title.trim();
      },
      delete: async (arg?: unknown, options?: { confirm?: boolean }) => {
        const id = await targetChat(arg, vscode.l10n.t('Delete which chat?'));
        if (!id) return false;
        const title = (await store.get(id))?.title ?? findPanel(id)?.session.title ?? vscode.l10n.t('this chat');
        const del = vscode.l10n.t('Delete');
        // Only the in-host tests may skip the confirmation.
        const confirmed =
          testMode && options?.confirm === false
            ? del
            : await vscode.window.showWarningMessage(
                vscode.l10n.t('Delete the chat "{0}"?', title),
                { modal: true, detail: vscode.l10n.t('Its saved transcript is removed. This cannot be undone.') },
                del,
              );
        if (confirmed !== del) return false;
        findPanel(id)?.panel.dispose();
        await store.delete(id);
        return true;
      },
      askAboutSelection: async (arg?: unknown) => {
        const editor = vscode.window.activeTextEditor ?? lastEditor;
        const attachments = editor ? selectionAttachments(editor) : [];
        if (attachments.length === 0) {
          void vscode.window.showInformationMessage(
            vscode.l10n.t('Kata Cloud: select some text in an editor first, then use Ask About Selection.'),
          );
          return [];
        }
        return addAttachments(await attachTarget(arg), attachments);
      },
      addFile: async (arg?: unknown, more?: unknown) => {
        // From the Explorer: (uri, selectedUris); from the panel: ({ chatId }); from the palette: nothing.
        let uris =
          Array.isArray(more) && more.every((u) => u instanceof vscode.Uri)
            ? (more as vscode.Uri[])
            : arg instanceof vscode.Uri
              ? [arg]
              : undefined;
        uris ??= await vscode.window.showOpenDialog({
          canSelectMany: true,
          openLabel: vscode.l10n.t('Add to Chat'),
          defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        });
        if (!uris?.length) return [];
        const results = await Promise.all(uris.map((u) => fileAttachment(u)));
        for (const r of results)
          if (!r.ok) void vscode.window.showWarningMessage(vscode.l10n.t('Kata Cloud: {0}', r.reason));
        const ok = results.flatMap((r) => (r.ok ? [r.attachment] : []));
        return ok.length ? addAttachments(await attachTarget(arg instanceof vscode.Uri ? undefined : arg), ok) : [];
      },
      attachSpec: async (arg?: unknown) => {
        // The spec of the space the chat belongs to; a chat without one takes the open folder's.
        const id = chatIdFrom(arg);
        const known = id ? await openChat(id) : lastActive;
        const space = known ? known.space : await currentSpace();
        const found = await findSpec(space);
        if (!found.ok) {
          void vscode.window.showInformationMessage(vscode.l10n.t('Kata Cloud: {0}', found.reason));
          return undefined;
        }
        const r = await fileAttachment(found.uri, 'spec', found.label);
        if (!r.ok) {
          void vscode.window.showWarningMessage(vscode.l10n.t('Kata Cloud: {0}', r.reason));
          return undefined;
        }
        const panel = known ?? (await newChat(space));
        panel.reveal();
        return addAttachments(panel, [r.attachment])[0];
      },
      export: async (arg?: unknown) => {
        const id = await targetChat(arg, vscode.l10n.t('Export which chat?'));
        if (!id) return undefined;
        const c = await conversationOf(id);
        if (nothingYet(c.entries.length)) return undefined;
        const md = conversationToMarkdown(c, {
          title: (await store.get(id))?.title ?? findPanel(id)?.session.title,
          exportedAt: new Date(),
          knownSecrets: await providerKeys(services.providers),
        });
        const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: md });
        await vscode.window.showTextDocument(doc, { preview: false });
        return md;
      },
      copy: async (arg?: unknown) => {
        const id = await targetChat(arg, vscode.l10n.t('Copy which chat?'));
        if (!id) return undefined;
        const c = await conversationOf(id);
        if (nothingYet(c.entries.length)) return undefined;
        const md = conversationToMarkdown(c, {
          title: (await store.get(id))?.title ?? findPanel(id)?.session.title,
          knownSecrets: await providerKeys(services.providers),
        });
        await vscode.env.clipboard.writeText(md);
        const n = c.entries.length;
        void vscode.window.showInformationMessage(
          n === 1
            ? vscode.l10n.t('Kata Cloud: copied the conversation ({0} message) as Markdown.', n)
            : vscode.l10n.t('Kata Cloud: copied the conversation ({0} messages) as Markdown.', n),
        );
        return md;
      },
    },
  };
}
