import { describe, expect, it } from 'vitest';
import { answerFacts, conversationToMarkdown } from '../../../src/core/chat/export';
import { replay } from '../../../src/core/chat/conversation';
import type { AssistantEntry } from '../../../src/core/chat/model';

const answer = (over: Partial<AssistantEntry>): AssistantEntry => ({
  kind: 'assistant',
  id: 'a1',
  replyTo: 'u1',
  model: { providerId: 'anthropic', modelId: 'claude-haiku-4-5' },
  at: 1,
  text: 'partial',
  status: 'done',
  ...over,
});

describe('answer facts of an answer that did not finish', () => {
  it('a stopped answer shows no output count: the stream never reported the final one', () => {
    // Anthropic's message_start carries output_tokens: 1; that is not how long the answer was.
    expect(
      answerFacts(answer({ status: 'stopped', usage: { inputTokens: 131, outputTokens: 1 }, durationMs: 8000 })),
    ).toBe('anthropic/claude-haiku-4-5 · 131 in tokens · 8.0 s · stopped');
    expect(answerFacts(answer({ status: 'interrupted', usage: { outputTokens: 1 } }))).toBe(
      'anthropic/claude-haiku-4-5 · interrupted',
    );
  });

  it('a finished answer shows both counts', () => {
    expect(
      answerFacts(answer({ usage: { inputTokens: 14, outputTokens: 91 }, stopReason: 'end_turn', durationMs: 277 })),
    ).toBe('anthropic/claude-haiku-4-5 · 14 in / 91 out tokens · end_turn · 277 ms');
  });
});

describe('export layout', () => {
  it('leaves a blank line between the header and the first message', () => {
    const c = replay([{ type: 'user', entry: { kind: 'user', id: 'u1', text: 'hi', at: 1, attachments: [] } }]);
    expect(conversationToMarkdown(c, { title: 'T' })).toBe('# T\n\n## You\n\nhi\n');
    expect(conversationToMarkdown(c, { title: 'T', exportedAt: new Date('2026-01-02T03:04:05Z') })).toBe(
      '# T\n\n_Exported from Kata Cloud on 2026-01-02 03:04 UTC._\n\n## You\n\nhi\n',
    );
  });
});
