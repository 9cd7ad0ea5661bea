// Export Chat as Markdown and Copy Conversation. What the user saw and nothing more: prompts,
// answers, the names of attachments (not their contents) and per-answer facts. Key-shaped
// strings are redacted as a last line of defence.
import { redactSecrets } from '../redact';
import type { Conversation } from './conversation';
import { sentences } from '../sentence';
import { honestAnswer, modelKey, type AssistantEntry, type Entry } from './model';

const STATUS_LABEL: Record<AssistantEntry['status'], string> = {
  streaming: 'in progress',
  done: 'complete',
  stopped: 'stopped',
  interrupted: 'interrupted',
  error: 'failed',
};

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** "model · 120 in / 300 out tokens · end_turn · 2.3 s": the facts shown under an answer. */
export function answerFacts(a: AssistantEntry): string {
  const parts = [modelKey(a.model)];
  if (a.status !== 'done' && a.stopReason === undefined) {
    // The final output count comes with the stop reason; before it, Anthropic reports 1.
    if (a.usage?.inputTokens !== undefined) parts.push(`${a.usage.inputTokens.toLocaleString('en-US')} in tokens`);
  } else if (a.usage && (a.usage.inputTokens !== undefined || a.usage.outputTokens !== undefined)) {
    parts.push(
      `${a.usage.inputTokens?.toLocaleString('en-US') ?? '?'} in / ${a.usage.outputTokens?.toLocaleString('en-US') ?? '?'} out tokens`,
    );
  }
  if (a.stopReason) parts.push(a.stopReason);
  if (a.durationMs !== undefined) parts.push(formatDuration(a.durationMs));
  if (a.status !== 'done') parts.push(STATUS_LABEL[a.status]);
  return parts.join(' · ');
}

function entryMarkdown(e: Entry): string {
  if (e.kind === 'user') {
    const att = e.attachments.map(
      (a) =>
        `> Attached: \`${a.label.replace(/`/g, "'")}\` (${a.content.length.toLocaleString('en-US')} characters${a.truncated ? ', cut' : ''})`,
    );
    return [
      '## You',
      '',
      ...(att.length ? [...att, ''] : []),
      e.text,
      ...(e.contextNotice ? ['', `> ${e.contextNotice}`] : []),
    ].join('\n');
  }
  e = honestAnswer(e);
  const body = e.text.trim() ? e.text : e.refusal ? '' : '_(no text)_';
  const refusal = e.refusal ? ['', `> **Refused:** ${e.refusal.replace(/\n/g, '\n> ')}`] : [];
  const err = e.error ? ['', `> **Error:** ${sentences(e.error.message, e.error.remediation)}`] : [];
  return ['## Assistant', '', body, ...refusal, ...err, '', `<sub>${answerFacts(e)}</sub>`].join('\n');
}

export function conversationToMarkdown(
  c: Conversation,
  opts: { title?: string; exportedAt?: Date; knownSecrets?: readonly string[] } = {},
): string {
  const title = (opts.title ?? c.title ?? 'Chat').replace(/\s+/g, ' ').trim();
  const head = [`# ${title}`, ''];
  if (opts.exportedAt)
    head.push(`_Exported from Kata Cloud on ${opts.exportedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC._`, '');
  const body = c.entries.map(entryMarkdown).join('\n\n');
  return redactSecrets(`${head.join('\n')}\n${body}\n`, opts.knownSecrets ?? []);
}
