// Export Chat as Markdown and Copy Conversation. What the user saw and nothing more: prompts,
// answers, the names of attachments (not their contents) and per-answer facts. Key-shaped
// strings are redacted as a last line of defence.
import { formatMessage, t } from '../l10n';
import { redactSecrets } from '../redact';
import type { Conversation } from './conversation';
import { sentences } from '../sentence';
import { honestAnswer, modelKey, type AssistantEntry, type Entry } from './model';

/** The templates of an answer's facts line; the chat webview gets them in its strings table. */
export function factWords() {
  return {
    inTokens: t('{0} in tokens'),
    inOutTokens: t('{0} in / {1} out tokens'),
    durationMs: t('{0} ms'),
    durationS: t('{0} s'),
    statusStreaming: t('in progress'),
    statusDone: t('complete'),
    statusStopped: t('stopped'),
    statusInterrupted: t('interrupted'),
    statusError: t('failed'),
  };
}
export type FactWords = ReturnType<typeof factWords>;

export function formatDuration(ms: number, words: FactWords = factWords()): string {
  return ms < 1000 ? formatMessage(words.durationMs, ms) : formatMessage(words.durationS, (ms / 1000).toFixed(1));
}

/** "model · 120 in / 300 out tokens · end_turn · 2.3 s": the facts shown under an answer. */
export function answerFacts(a: AssistantEntry, words: FactWords = factWords()): string {
  const status: Record<AssistantEntry['status'], string> = {
    streaming: words.statusStreaming,
    done: words.statusDone,
    stopped: words.statusStopped,
    interrupted: words.statusInterrupted,
    error: words.statusError,
  };
  const parts = [modelKey(a.model)];
  if (a.status !== 'done' && a.stopReason === undefined) {
    // The final output count comes with the stop reason; before it, Anthropic reports 1.
    if (a.usage?.inputTokens !== undefined)
      parts.push(formatMessage(words.inTokens, a.usage.inputTokens.toLocaleString('en-US')));
  } else if (a.usage && (a.usage.inputTokens !== undefined || a.usage.outputTokens !== undefined)) {
    parts.push(
      formatMessage(
        words.inOutTokens,
        a.usage.inputTokens?.toLocaleString('en-US') ?? '?',
        a.usage.outputTokens?.toLocaleString('en-US') ?? '?',
      ),
    );
  }
  if (a.stopReason) parts.push(a.stopReason);
  if (a.durationMs !== undefined) parts.push(formatDuration(a.durationMs, words));
  if (a.status !== 'done') parts.push(status[a.status]);
  return parts.join(' · ');
}

function entryMarkdown(e: Entry): string {
  if (e.kind === 'user') {
    const att = e.attachments.map((a) => {
      const name = `\`${a.label.replace(/`/g, "'")}\``;
      const chars = a.content.length.toLocaleString('en-US');
      return `> ${a.truncated ? t('Attached: {0} ({1} characters, cut)', name, chars) : t('Attached: {0} ({1} characters)', name, chars)}`;
    });
    return [
      `## ${t('You')}`,
      '',
      ...(att.length ? [...att, ''] : []),
      e.text,
      ...(e.contextNotice ? ['', `> ${e.contextNotice}`] : []),
    ].join('\n');
  }
  e = honestAnswer(e);
  const body = e.text.trim() ? e.text : e.refusal ? '' : `_${t('(no text)')}_`;
  const refusal = e.refusal ? ['', `> **${t('Refused:')}** ${e.refusal.replace(/\n/g, '\n> ')}`] : [];
  const err = e.error ? ['', `> **${t('Error:')}** ${sentences(e.error.message, e.error.remediation)}`] : [];
  return [`## ${t('Assistant')}`, '', body, ...refusal, ...err, '', `<sub>${answerFacts(e)}</sub>`].join('\n');
}

export function conversationToMarkdown(
  c: Conversation,
  opts: { title?: string; exportedAt?: Date; knownSecrets?: readonly string[] } = {},
): string {
  const title = (opts.title ?? c.title ?? t('Chat')).replace(/\s+/g, ' ').trim();
  const head = [`# ${title}`, ''];
  if (opts.exportedAt)
    head.push(
      `_${t('Exported from Kata Cloud on {0} UTC.', opts.exportedAt.toISOString().slice(0, 16).replace('T', ' '))}_`,
      '',
    );
  const body = c.entries.map(entryMarkdown).join('\n\n');
  return redactSecrets(`${head.join('\n')}\n${body}\n`, opts.knownSecrets ?? []);
}
