// What is sent to the model for one prompt: earlier turns, attachments and the prompt, fitted
// into the context token limit. When something has to go, the oldest turns go first, then the
// largest attachments are cut, then the prompt itself; the returned notice says exactly what
// was cut, and the UI shows it: context is never dropped silently.
import { estimateTokens, type Attachment, type Entry, type UserEntry } from './model';
import { SETTINGS } from '../settings/table';

export interface ContextMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface BuiltContext {
  messages: ContextMessage[];
  system?: string;
  /** Estimated input tokens of what will be sent. */
  tokens: number;
  droppedMessages: number;
  cutAttachments: string[];
  promptCut: boolean;
  /** Human-readable account of what was cut; undefined when nothing was. */
  notice?: string;
}

/** Per-message overhead (role markers, separators) in the rough estimate. */
const MESSAGE_OVERHEAD = 4;
const CUT_MARKER = (n: number) => `\n[… ${n.toLocaleString('en-US')} characters cut to fit the context limit]`;

/** A fence longer than any backtick run in the content, so an attachment cannot close it early. */
function fenceFor(content: string): string {
  let longest = 0;
  for (const m of content.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function attachmentBlock(a: Attachment): string {
  const fence = fenceFor(a.content);
  const what = a.kind === 'selection' ? 'Selection from' : a.kind === 'spec' ? 'Project spec' : 'File';
  const note = a.truncated ? ' (cut: the file is longer)' : '';
  return `${what} \`${a.label}\`${note}:\n${fence}${a.language ?? ''}\n${a.content}\n${fence}`;
}

/** The text of a user message as the model gets it: attachments first, then the prompt. */
export function userMessageText(text: string, attachments: readonly Attachment[]): string {
  if (attachments.length === 0) return text;
  return `${attachments.map(attachmentBlock).join('\n\n')}\n\n${text}`;
}

function msgTokens(m: ContextMessage): number {
  return estimateTokens(m.content) + MESSAGE_OVERHEAD;
}

/**
 * Earlier turns as messages: unfinished answers with text are kept. A prompt whose answer failed
 * or was stopped before any text is left out with it: re-sent with every later message, a prompt
 * the provider refuses (too long, rejected content) would make the rest of the chat fail too.
 */
export function historyMessages(entries: readonly Entry[]): ContextMessage[] {
  const out: ContextMessage[] = [];
  const noAnswer = (e: Entry | undefined) =>
    e?.kind === 'assistant' && e.status !== 'streaming' && e.text.trim() === '';
  for (const [i, e] of entries.entries()) {
    if (e.kind === 'user' && noAnswer(entries[i + 1])) continue;
    const m: ContextMessage | undefined =
      e.kind === 'user'
        ? { role: 'user', content: userMessageText(e.text, e.attachments) }
        : e.status !== 'streaming' && e.text.trim() !== ''
          ? { role: 'assistant', content: e.text }
          : undefined;
    if (!m) continue;
    const prev = out[out.length - 1];
    // Both APIs want user and assistant turns to alternate: merge neighbours of the same role.
    if (prev && prev.role === m.role) prev.content = `${prev.content}\n\n${m.content}`;
    else out.push({ ...m });
  }
  return out;
}

export interface ContextInput {
  /** Entries before the prompt being sent (the prompt itself is not among them). */
  history: readonly Entry[];
  prompt: Pick<UserEntry, 'text' | 'attachments'>;
  system?: string;
  limit: number;
}

export function buildContext(input: ContextInput): BuiltContext {
  const system = input.system?.trim() ? input.system : undefined;
  const systemTokens = system ? estimateTokens(system) + MESSAGE_OVERHEAD : 0;
  let history = historyMessages(input.history);
  const attachments = input.prompt.attachments.map((a) => ({ ...a }));
  let promptText = input.prompt.text;
  const budget = Math.max(1, input.limit);

  const promptMsg = (): ContextMessage => ({ role: 'user', content: userMessageText(promptText, attachments) });
  let historyTokens = history.reduce((n, m) => n + msgTokens(m), 0);
  const total = () => systemTokens + historyTokens + msgTokens(promptMsg());

  // 1. Oldest turns first, a user/assistant pair at a time so roles still alternate.
  let dropped = 0;
  while (history.length && total() > budget) {
    const n = history.length >= 2 ? 2 : 1;
    for (const m of history.slice(0, n)) historyTokens -= msgTokens(m);
    history = history.slice(n);
    dropped += n;
  }
  // The model must see a user turn first.
  while (history.length && history[0].role !== 'user') {
    historyTokens -= msgTokens(history[0]);
    history = history.slice(1);
    dropped++;
  }
  const cutAttachments: string[] = [];
  // 2. Then the largest attachments, down to what fits.
  while (total() > budget) {
    const largest = attachments.reduce<Attachment | undefined>(
      (best, a) => (a.content.length > (best?.content.length ?? 0) ? a : best),
      undefined,
    );
    if (!largest || largest.content.length < 200) break;
    const overChars = (total() - budget) * 4;
    const keep = Math.max(0, largest.content.length - overChars - 200);
    const cut = largest.content.length - keep;
    largest.content = largest.content.slice(0, keep) + CUT_MARKER(cut);
    largest.truncated = true;
    if (!cutAttachments.includes(largest.label)) cutAttachments.push(largest.label);
    if (keep === 0) break;
  }
  // 3. Last resort: the prompt's own tail.
  let promptCut = false;
  if (total() > budget) {
    const overChars = (total() - budget) * 4 + 200;
    const keep = Math.max(1, promptText.length - overChars);
    if (keep < promptText.length) {
      promptText = promptText.slice(0, keep) + CUT_MARKER(promptText.length - keep);
      promptCut = true;
    }
  }
  // A trailing user turn (its answer failed) next to the prompt: merge, as the APIs require alternation.
  const last = promptMsg();
  const prev = history[history.length - 1];
  const messages =
    prev && prev.role === 'user'
      ? [...history.slice(0, -1), { role: 'user' as const, content: `${prev.content}\n\n${last.content}` }]
      : [...history, last];

  const parts: string[] = [];
  if (dropped) parts.push(`left out the ${dropped === 1 ? 'oldest message' : `${dropped} oldest messages`}`);
  if (cutAttachments.length) parts.push(`cut ${cutAttachments.map((l) => `\`${l}\``).join(', ')}`);
  if (promptCut) parts.push('cut the end of the prompt');
  const tokens = systemTokens + messages.reduce((n, m) => n + msgTokens(m), 0);
  return {
    messages,
    ...(system ? { system } : {}),
    tokens,
    droppedMessages: dropped,
    cutAttachments,
    promptCut,
    ...(parts.length
      ? {
          notice: `Context over the ${budget.toLocaleString('en-US')}-token limit (${SETTINGS.chatContextTokenLimit.key}): ${parts.join(', ')}.`,
        }
      : {}),
  };
}

/** The estimate shown before sending: history + pending attachments + system prompt (+ the draft, added by the webview). */
export function estimateContextTokens(
  history: readonly Entry[],
  attachments: readonly Attachment[],
  system?: string,
): number {
  const h = historyMessages(history).reduce((n, m) => n + msgTokens(m), 0);
  const a = attachments.length ? estimateTokens(userMessageText('', attachments)) + MESSAGE_OVERHEAD : MESSAGE_OVERHEAD;
  return h + a + (system?.trim() ? estimateTokens(system) + MESSAGE_OVERHEAD : 0);
}
