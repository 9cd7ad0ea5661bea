// The chat panel's browser side. Everything from the host is validated with the shared protocol
// before it is used; everything sent back is a protocol message the host validates again.
import { parseHostMessage, type HostMessage, type RunnableCommand, type WebviewMessage } from '../core/chat/protocol';
import { Composer } from './composer';
import { h, icon, iconButton } from './dom';
import { ConversationList } from './list';
import { showRetryWait } from './retryWait';
import { drainNow, idle } from './schedule';
import { S, fill, setStrings } from './strings';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  chatId?: string;
  draft?: string;
  lastPrompt?: string;
}

const vscode = acquireVsCodeApi();
const saved: SavedState = (() => {
  const s = vscode.getState();
  return typeof s === 'object' && s !== null ? (s as SavedState) : {};
})();
let state: SavedState = { ...saved };
let busy = false;
let stateTimer: ReturnType<typeof setTimeout> | undefined;

function post(m: WebviewMessage): void {
  vscode.postMessage(m);
}
function saveState(patch: Partial<SavedState>): void {
  state = { ...state, ...patch };
  clearTimeout(stateTimer);
  stateTimer = setTimeout(() => vscode.setState(state), 300);
}

const app = document.getElementById('app') ?? document.body;
const announcer = h('div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'true' });

function announce(text: string): void {
  // Clearing first makes a repeated message ("Answer complete.") be read again.
  announcer.textContent = '';
  requestAnimationFrame(() => (announcer.textContent = text));
}

function run(command: RunnableCommand, providerId?: string): void {
  post({ type: 'run', command, ...(providerId ? { providerId } : {}) });
}

/**
 * The panel, built when the first `init` brings the texts (the host answers `ready` with it);
 * until then the page stays empty and busy.
 */
function build() {
  const s = S();
  const notices = h('div', { class: 'notices', 'aria-live': 'polite' });
  const title = h('h1', { class: 'chat-title' });
  // The space (git worktree) the chat belongs to; hidden for a chat that has none.
  const spaceName = h('span', { class: 'chat-space-name' });
  const spaceChip = h('span', { class: 'chat-space', hidden: true }, icon('git-branch'), spaceName);
  const list = new ConversationList({
    retry: (answerId) => post({ type: 'retry', answerId }),
    // The host validates the id (schema) and looks it up in the endpoint list.
    setApiKey: (providerId) => run('setApiKey', providerId),
    run: (command) => run(command),
    loadEarlier: (beforeId) => post({ type: 'loadEarlier', beforeId }),
    announce,
  });
  const composer = new Composer({
    send: (text, model) => {
      saveState({ lastPrompt: text, draft: '' });
      post({ type: 'send', text, model });
    },
    stop: () => stop(),
    selectModel: (model) => post({ type: 'selectModel', model }),
    removeAttachment: (id) => post({ type: 'removeAttachment', id }),
    draftChanged: (text) => saveState({ draft: text }),
    run: (command) => run(command),
  });
  composer.lastPrompt = saved.lastPrompt ?? '';
  composer.setDraft(saved.draft ?? '');

  const toolbar = h('header', { class: 'toolbar' }, title, spaceChip, h('span', { class: 'spacer' }));
  for (const [name, label, command] of [
    ['history', s.chatHistory, 'history'],
    ['add', s.newChat, 'newChat'],
    ['copy', s.copyConversation, 'copyConversation'],
    ['export', s.exportMarkdown, 'export'],
  ] as const) {
    const b = iconButton(name, label);
    b.addEventListener('click', () => run(command));
    toolbar.append(b);
  }

  app.replaceChildren(toolbar, list.scroller, notices, composer.root, announcer);
  app.removeAttribute('aria-busy');
  listen(list);
  if (document.hasFocus()) composer.input.focus();
  return { notices, title, spaceName, spaceChip, list, composer };
}
type Ui = ReturnType<typeof build>;
let ui: Ui | undefined;

function notice(level: 'info' | 'warning' | 'error', text: string): void {
  if (!ui) return;
  const { notices, composer } = ui;
  const close = iconButton('close', S().dismiss);
  const el = h(
    'div',
    { class: `notice notice-${level}`, role: level === 'error' ? 'alert' : 'status' },
    h('span', { text }),
    close,
  );
  close.addEventListener('click', () => {
    el.remove();
    composer.input.focus();
  });
  notices.append(el);
  while (notices.childElementCount > 3) notices.firstElementChild?.remove();
  if (level === 'info') setTimeout(() => el.remove(), 8000);
}

/** Stop: the answer stops moving at once; what the host had already sent on its way is not shown. */
function stop(): void {
  ui?.list.freeze();
  post({ type: 'stop' });
}

function setBusy(b: boolean): void {
  busy = b;
  ui?.composer.setBusy(b);
}

function handle(m: HostMessage): void {
  if (m.type === 'init') {
    setStrings(m.strings);
    ui ??= build();
  }
  // Nothing else comes before the first `init` (the host answers `ready` with it).
  if (!ui) return;
  const { title, spaceChip, spaceName, composer, list } = ui;
  switch (m.type) {
    case 'init':
      saveState({ chatId: m.chatId });
      title.textContent = m.title;
      document.title = m.title;
      spaceChip.hidden = !m.space;
      spaceName.textContent = m.space?.name ?? '';
      spaceChip.title = m.space ? fill(S().spaceTitle, m.space.name, m.space.path) : '';
      composer.setModels(m.models, m.selected);
      composer.setAttachments(m.attachments, m.contextTokens, m.contextTokenLimit);
      list.reset(m.entries, m.hasEarlier);
      setBusy(m.entries.some((e) => e.kind === 'assistant' && e.status === 'streaming'));
      break;
    case 'earlier':
      list.prepend(m.entries, m.hasEarlier);
      break;
    case 'models':
      composer.setModels(m.models, m.selected);
      break;
    case 'title':
      title.textContent = m.title;
      document.title = m.title;
      break;
    case 'entry':
      list.upsert(m.entry);
      if (m.entry.kind === 'assistant' && m.entry.status === 'streaming') setBusy(true);
      break;
    case 'delta':
      list.delta(m.answerId, m.text);
      break;
    case 'refusal':
      list.refusal(m.answerId, m.text);
      break;
    case 'answerEnd': {
      list.end(m);
      setBusy(false);
      // Focus goes back to the prompt unless the user has moved on to something else. Inside the
      // webview's frame activeElement stays on the prompt while the user is in the command palette
      // or an editor, so only a frame that has focus may move it (otherwise a quick pick closes).
      const a = document.activeElement;
      if (document.hasFocus() && (!a || a === document.body || composer.root.contains(a))) composer.input.focus();
      break;
    }
    case 'retryWait':
      announce(`${showRetryWait(document.querySelector(`[data-id="${CSS.escape(m.answerId)}"] .typing`), m)}.`);
      break;
    case 'remove':
      list.remove(m.entryId);
      break;
    case 'attachments':
      composer.setAttachments(m.items, m.contextTokens, m.contextTokenLimit);
      break;
    case 'notice':
      notice(m.level, m.text);
      break;
    case 'focusInput':
      composer.input.focus();
      break;
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const r = parseHostMessage(event.data);
  if (!r.ok) {
    console.warn(`Kata Cloud chat: dropped a message from the host: ${r.reason}`);
    return;
  }
  handle(r.message);
});

// Links and code actions, delegated. Links carry no href: they open only through the host.
function activate(target: EventTarget | null, e: Event): void {
  const el = target instanceof Element ? target : null;
  const link = el?.closest<HTMLElement>('.md-link');
  if (link) {
    e.preventDefault();
    e.stopPropagation();
    const href = link.dataset.href;
    // The text as the model wrote it (hidden characters included): the host's dialog spells it out.
    if (href) post({ type: 'openLink', href, text: (link.dataset.text ?? '').slice(0, 2000) });
    return;
  }
  const action = el?.closest<HTMLElement>('.code-action');
  if (action) {
    e.preventDefault();
    const block = action.closest<HTMLElement>('.code-block');
    const code = block?.querySelector('code')?.textContent ?? '';
    const language = block?.dataset.lang || undefined;
    const type =
      action.dataset.action === 'insert' ? 'insertCode' : action.dataset.action === 'open' ? 'openCode' : 'copyCode';
    post({ type, code, ...(language ? { language } : {}) });
    if (type === 'copyCode') {
      action.classList.add('done');
      setTimeout(() => action.classList.remove('done'), 1200);
    }
  }
}
function listen(list: ConversationList): void {
  list.scroller.addEventListener('click', (e) => activate(e.target, e));
  list.scroller.addEventListener('auxclick', (e) => activate(e.target, e));
  list.scroller.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && e.target instanceof Element && e.target.matches('.md-link'))
      activate(e.target, e);
  });
}

document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && busy) {
    e.preventDefault();
    stop();
  }
});

post({ type: 'ready' });
// The prompt takes focus when the panel does (VS Code focuses the frame when the panel is shown
// with focus); a frame loading in the background never pulls focus out of the workbench.
window.addEventListener('focus', () => {
  if (document.activeElement === document.body) ui?.composer.input.focus();
});

// Hooks for the browser tests and the bench (they drive the real bundle).
(window as unknown as { __kataChat: object }).__kataChat = {
  flush: () => ui?.list.flush(),
  drain: () => drainNow(),
  idle: () => idle(),
  streamingText: () => ui?.list.streamingText ?? '',
  size: () => ui?.list.size ?? 0,
  renderedPages: () => ui?.list.renderedPages ?? 0,
  firstId: () => ui?.list.firstId,
};
