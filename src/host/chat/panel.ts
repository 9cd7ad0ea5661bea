// One chat panel: the webview, its HTML and CSP, and the message router. Every message from the
// webview is validated with the shared protocol before anything is done with it.
//
// retainContextWhenHidden is off: a hidden panel's page is discarded, and when it is shown again
// it asks for its state (`ready`) and gets the last page of the conversation plus the answer
// streaming so far. The host keeps streaming while the page is gone.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { linkDialog } from '../../core/chat/links';
import {
  receiveWebviewMessage,
  type HostMessage,
  type ModelOption,
  type WebviewMessage,
} from '../../core/chat/protocol';
import type { ChatSpace } from '../../core/chat/model';
import type { ChatSession } from '../../core/chat/session';
import type { Conversation } from '../../core/chat/conversation';
import type { Logger } from '../../core/ports';
import { chatHtml } from './html';
import { errorDetail } from '../../core/errorMessage';

export const CHAT_VIEW_TYPE = 'kata.chat';

export interface PanelHost {
  log: Logger;
  extensionUri: vscode.Uri;
  models(): ModelOption[];
  /** Runs a chat command on behalf of this panel (export, add file, …). */
  runCommand(panel: ChatPanel, command: Extract<WebviewMessage, { type: 'run' }>): Promise<void>;
  insertCode(code: string): Promise<string | undefined>;
  onDidActivate(panel: ChatPanel): void;
  onDidClose(panel: ChatPanel): void;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableForms: false,
    enableCommandUris: false,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}

const LANGUAGE_ALIASES: Record<string, string> = {
  ts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  jsx: 'javascriptreact',
  py: 'python',
  rb: 'ruby',
  rs: 'rust',
  sh: 'shellscript',
  bash: 'shellscript',
  zsh: 'shellscript',
  shell: 'shellscript',
  yml: 'yaml',
  md: 'markdown',
  cs: 'csharp',
  'c++': 'cpp',
  kt: 'kotlin',
  ps1: 'powershell',
  golang: 'go',
  text: 'plaintext',
  txt: 'plaintext',
};

export class ChatPanel {
  private ready = false;
  /** Resolves once the session holds the whole conversation (at once for a short chat). */
  readonly loaded: Promise<void>;
  private readonly disposables: vscode.Disposable[] = [];
  /** Bytes posted to the webview (the bench reads it: host → webview traffic per answer). */
  postedChars = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly session: ChatSession,
    private readonly host: PanelHost,
    /** The space the chat belongs to (fixed when it starts), shown in the header. */
    readonly space?: ChatSpace,
    /** A long chat opened from its end: the whole conversation, still being read. */
    rest?: Promise<Conversation>,
  ) {
    // Until the session holds the whole chat, only `ready` is answered (from the last page);
    // everything else waits for it.
    this.loaded = (rest ?? Promise.resolve(undefined)).then(
      (full) => {
        if (!full) return;
        const changed = session.adopt(full);
        if (!this.ready) return;
        if (changed) this.postInit();
        else session.postAttachments();
      },
      (e: unknown) =>
        host.log.error(`Chat ${session.id}: reading the rest of its transcript failed: ${errorDetail(e)}`),
    );
    const webview = panel.webview;
    webview.options = webviewOptions(host.extensionUri);
    // A tab icon is drawn as an image, where currentColor is black: one colour per theme kind.
    panel.iconPath = {
      light: vscode.Uri.joinPath(host.extensionUri, 'media', 'kata-light.svg'),
      dark: vscode.Uri.joinPath(host.extensionUri, 'media', 'kata-dark.svg'),
    };
    this.setTitle(session.title);
    const asUri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(host.extensionUri, ...p)).toString();
    webview.html = chatHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: asUri('dist', 'webview.js'),
      styleUri: asUri('media', 'chat.css'),
      codiconUri: asUri('media', 'codicons', 'codicon.css'),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const m = receiveWebviewMessage(raw, host.log);
        if (m)
          void this.route(m).catch((e: unknown) =>
            host.log.error(`Chat panel: handling "${m.type}" failed: ${errorDetail(e)}`),
          );
      }),
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.ready = false;
        if (e.webviewPanel.active) host.onDidActivate(this);
      }),
      panel.onDidDispose(() => {
        this.ready = false;
        for (const d of this.disposables) d.dispose();
        void session.dispose();
        host.onDidClose(this);
      }),
    );
  }

  get chatId(): string {
    return this.session.id;
  }

  setTitle(title: string): void {
    this.panel.title = title.length > 40 ? `${title.slice(0, 39)}…` : title;
  }

  /** Sends a message if the page is loaded; otherwise it is dropped (the next `ready` gets the full state). */
  post(m: HostMessage): void {
    if (!this.ready) return;
    if (m.type === 'title') this.setTitle(m.title);
    this.postedChars += JSON.stringify(m).length;
    void this.panel.webview.postMessage(m);
  }

  reveal(): void {
    this.panel.reveal(this.panel.viewColumn, false);
  }

  private notice(level: 'info' | 'warning' | 'error', text: string): void {
    this.post({ type: 'notice', level, text });
  }

  private postInit(): void {
    const init = this.session.initMessage(this.host.models());
    this.post(this.space && init.type === 'init' ? { ...init, space: this.space } : init);
  }

  private async route(m: WebviewMessage): Promise<void> {
    const s = this.session;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        return this.postInit();
    }
    await this.loaded;
    switch (m.type) {
      case 'send':
        return s.send(m.text, m.model);
      case 'stop':
        return s.stop();
      case 'retry':
        return s.retry(m.answerId);
      case 'selectModel':
        return s.selectModel(m.model);
      case 'removeAttachment':
        return s.removeAttachment(m.id);
      case 'loadEarlier': {
        const page = s.earlierMessage(m.beforeId);
        if (page) this.post(page);
        return;
      }
      case 'copyCode':
        await vscode.env.clipboard.writeText(m.code);
        this.notice('info', vscode.l10n.t('Copied {0} line(s) to the clipboard.', m.code.split('\n').length));
        return;
      case 'insertCode': {
        const problem = await this.host.insertCode(m.code);
        if (problem) this.notice('warning', problem);
        return;
      }
      case 'openCode': {
        const doc = await vscode.workspace.openTextDocument({
          content: m.code,
          language: await languageId(m.language),
        });
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
        return;
      }
      case 'openLink':
        return this.openLink(m.href, m.text);
      case 'run':
        return this.host.runCommand(this, m);
    }
  }

  /** Opens a link only after the user has seen where it really goes and what its text hid. */
  private async openLink(href: string, text: string | undefined): Promise<void> {
    const d = linkDialog(href, text);
    if (!d.ok) {
      this.host.log.warn(`Chat panel: refused to open a link: ${d.reason}`);
      this.notice('warning', d.reason);
      return;
    }
    const pick = await vscode.window.showWarningMessage(
      d.message,
      { modal: true, detail: d.detail },
      d.openLabel,
      d.copyLabel,
    );
    if (pick === d.openLabel) await vscode.env.openExternal(vscode.Uri.parse(d.url, true));
    else if (pick === d.copyLabel) await vscode.env.clipboard.writeText(d.copyText);
  }
}

async function languageId(lang: string | undefined): Promise<string> {
  if (!lang) return 'plaintext';
  const id = LANGUAGE_ALIASES[lang.toLowerCase()] ?? lang.toLowerCase();
  const known = await vscode.languages.getLanguages();
  return known.includes(id) ? id : 'plaintext';
}
