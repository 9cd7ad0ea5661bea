// How one entry of the conversation looks: a prompt with its chips, or an answer's frame (status
// line, error box, Retry, facts). The answer's Markdown body is filled in by the list.
import { answerFacts } from '../core/chat/export';
import type { AssistantEntry, ChatErrorAction, ErrorInfo, UserEntryView } from '../core/chat/model';
import { formatSize, h, icon } from './dom';
import { S, fill } from './strings';

export interface EntryActions {
  retry(answerId: string): void;
  setApiKey(providerId?: string): void;
  /** The error's other actions that the host runs (Open Settings, Open Log). */
  run(action: 'openSettings' | 'openLog'): void;
}

const STATUS_ICON: Record<string, string> = { stopped: 'debug-stop', interrupted: 'warning', error: 'error' };

/** The status line of an answer that ended without an error box. */
function statusText(e: AssistantEntry): string {
  const s = S();
  if (e.status === 'stopped') return e.text || e.refusal ? s.stoppedKept : s.stoppedNothing;
  return e.status === 'interrupted' ? s.interrupted : s.failed;
}

/** Plain text (never Markdown) in its own box, so a refusal cannot pass for an answer. */
export function refusalBox(text: string): HTMLElement {
  return h(
    'div',
    { class: 'refusal', role: 'note', 'aria-label': S().modelRefused },
    h('p', { class: 'refusal-title' }, icon('circle-slash'), ` ${S().refused}`),
    h('p', { class: 'refusal-text', text }),
  );
}

export function renderUser(e: UserEntryView): HTMLElement {
  const chips = e.attachments.length
    ? h(
        'ul',
        { class: 'chips sent', 'aria-label': S().attachments },
        ...e.attachments.map((a) =>
          h(
            'li',
            { class: 'chip', title: a.label },
            icon(a.kind === 'selection' ? 'selection' : a.kind === 'spec' ? 'notebook' : 'file'),
            h('span', { class: 'chip-label', text: a.label }),
            h('span', { class: 'chip-size', text: formatSize(a.chars) }),
          ),
        ),
      )
    : null;
  const notice = e.contextNotice
    ? h('p', { class: 'context-notice', role: 'note' }, icon('warning'), ` ${e.contextNotice}`)
    : null;
  return h(
    'article',
    { class: 'entry user', 'data-id': e.id, 'aria-label': S().you },
    h('div', { class: 'who' }, icon('account'), ` ${S().you}`),
    chips,
    h('div', { class: 'prompt-text', text: e.text }),
    notice,
  );
}

/** An answer's frame with an empty Markdown body (`.md`). */
export function answerFrame(e: AssistantEntry): { article: HTMLElement; body: HTMLElement } {
  const body = h('div', { class: 'md' });
  const article = h(
    'article',
    { class: 'entry assistant', 'data-id': e.id, 'aria-label': S().answer },
    h('div', { class: 'who' }, icon('sparkle'), ` ${e.model.modelId}`),
    body,
  );
  return { article, body };
}

/** How a finished answer ended: status line or error box, Retry, and the facts line. */
export function decorateAnswer(
  actions: EntryActions,
  article: HTMLElement,
  e: AssistantEntry,
  blank = !/\S/.test(e.text),
): void {
  article.querySelector('.typing')?.remove();
  article.dataset.status = e.status;
  if (blank && !e.error && !e.refusal)
    article.querySelector('.md')?.append(h('p', { class: 'empty', text: S().noText }));
  const st = STATUS_ICON[e.status];
  // With an error box, the box says how the answer ended: no second status line.
  if (st && !e.error) article.append(h('p', { class: `status status-${e.status}` }, icon(st), ` ${statusText(e)}`));
  if (e.error) article.append(errorBox(actions, e, e.error));
  else if (e.status === 'stopped' || e.status === 'interrupted')
    article.append(h('div', { class: 'actions' }, retryButton(actions, e.id)));
  article.append(h('footer', { class: 'facts', text: answerFacts(e, S()) }));
}

function errorBox(actions: EntryActions, e: AssistantEntry, err: ErrorInfo): HTMLElement {
  const s = S();
  const box = h(
    'div',
    { class: `error-box status-${e.status}`, role: 'alert' },
    h(
      'p',
      { class: 'error-message' },
      icon(e.status === 'interrupted' ? 'warning' : 'error'),
      ` ${e.status === 'interrupted' ? fill(s.interruptedError, err.message) : err.message}`,
    ),
    h('p', { class: 'error-remediation', text: err.remediation }),
  );
  // The error's own actions, in its order: the chat does Retry, the host the rest.
  const row = h('div', { class: 'actions' }, ...err.actions.map((a) => actionButton(actions, a, e, err)));
  box.append(row);
  return box;
}

function actionButton(actions: EntryActions, a: ChatErrorAction, e: AssistantEntry, err: ErrorInfo): HTMLElement {
  const s = S();
  if (a === 'retry') return retryButton(actions, e.id);
  const [codicon, label] =
    a === 'setApiKey' ? ['key', s.setApiKey] : a === 'openSettings' ? ['gear', s.openSettings] : ['output', s.openLog];
  const b = h('button', { type: 'button', class: 'secondary', 'data-action': a }, icon(codicon), ` ${label}`);
  b.addEventListener('click', () => (a === 'setApiKey' ? actions.setApiKey(err.providerId) : actions.run(a)));
  return b;
}

function retryButton(actions: EntryActions, id: string): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'retry' }, icon('refresh'), ` ${S().retry}`);
  b.addEventListener('click', () => actions.retry(id));
  return b;
}
