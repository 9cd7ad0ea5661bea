// How one entry of the conversation looks: a prompt with its chips, or an answer's frame (status
// line, error box, Retry, facts). The answer's Markdown body is filled in by the list.
import { answerFacts } from '../core/chat/export';
import type { AssistantEntry, ErrorInfo, UserEntryView } from '../core/chat/model';
import { formatSize, h, icon } from './dom';

export interface EntryActions {
  retry(answerId: string): void;
  setApiKey(providerId?: string): void;
}

const STATUS_TEXT: Record<string, [icon: string, text: string]> = {
  stopped: ['debug-stop', 'Stopped'],
  interrupted: ['warning', 'Interrupted'],
  error: ['error', 'Failed'],
};

/** Plain text (never Markdown) in its own box, so a refusal cannot pass for an answer. */
export function refusalBox(text: string): HTMLElement {
  return h(
    'div',
    { class: 'refusal', role: 'note', 'aria-label': 'The model refused' },
    h('p', { class: 'refusal-title' }, icon('circle-slash'), ' Refused'),
    h('p', { class: 'refusal-text', text }),
  );
}

export function renderUser(e: UserEntryView): HTMLElement {
  const chips = e.attachments.length
    ? h(
        'ul',
        { class: 'chips sent', 'aria-label': 'Attachments' },
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
    { class: 'entry user', 'data-id': e.id, 'aria-label': 'You' },
    h('div', { class: 'who' }, icon('account'), ' You'),
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
    { class: 'entry assistant', 'data-id': e.id, 'aria-label': 'Answer' },
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
    article.querySelector('.md')?.append(h('p', { class: 'empty', text: '(no text)' }));
  const st = STATUS_TEXT[e.status];
  // With an error box, the box says how the answer ended: no second status line.
  if (st && !e.error)
    article.append(
      h(
        'p',
        { class: `status status-${e.status}` },
        icon(st[0]),
        ` ${st[1]}`,
        e.status !== 'stopped'
          ? ''
          : e.text || e.refusal
            ? ' — the partial answer is kept.'
            : ' — nothing was received.',
      ),
    );
  if (e.error) article.append(errorBox(actions, e, e.error));
  else if (e.status === 'stopped' || e.status === 'interrupted')
    article.append(h('div', { class: 'actions' }, retryButton(actions, e.id)));
  article.append(h('footer', { class: 'facts', text: answerFacts(e) }));
}

function errorBox(actions: EntryActions, e: AssistantEntry, err: ErrorInfo): HTMLElement {
  const title = e.status === 'interrupted' ? 'Interrupted: ' : '';
  const box = h(
    'div',
    { class: `error-box status-${e.status}`, role: 'alert' },
    h(
      'p',
      { class: 'error-message' },
      icon(e.status === 'interrupted' ? 'warning' : 'error'),
      ` ${title}${err.message}`,
    ),
    h('p', { class: 'error-remediation', text: err.remediation }),
  );
  const row = h('div', { class: 'actions' });
  if (err.action === 'setApiKey') {
    const b = h('button', { type: 'button', class: 'secondary' }, icon('key'), ' Set API Key…');
    b.addEventListener('click', () => actions.setApiKey(err.providerId));
    row.append(b);
  }
  row.append(retryButton(actions, e.id));
  box.append(row);
  return box;
}

function retryButton(actions: EntryActions, id: string): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'retry' }, icon('refresh'), ' Retry');
  b.addEventListener('click', () => actions.retry(id));
  return b;
}
