import { describe, expect, it } from 'vitest';
import { buildContext, estimateContextTokens, historyMessages, userMessageText } from '../../../src/core/chat/context';
import type { Attachment, Entry } from '../../../src/core/chat/model';

const model = { providerId: 'openai', modelId: 'gpt-4o' } as const;
function turns(n: number, size = 400): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ kind: 'user', id: `u${i}`, text: `question ${i} ${'q'.repeat(size)}`, attachments: [], at: i });
    out.push({
      kind: 'assistant',
      id: `a${i}`,
      replyTo: `u${i}`,
      text: `answer ${i} ${'a'.repeat(size)}`,
      status: 'done',
      model,
      at: i,
    });
  }
  return out;
}
const att = (label: string, chars: number): Attachment => ({
  id: label.replace(/\W/g, '_'),
  kind: 'file',
  label,
  content: 'x'.repeat(chars),
});

describe('context building', () => {
  it('sends everything when it fits, with no notice', () => {
    const r = buildContext({
      history: turns(3),
      prompt: { text: 'next', attachments: [] },
      system: 'be brief',
      limit: 100_000,
    });
    expect(r.messages).toHaveLength(7);
    expect(r.messages[6]).toEqual({ role: 'user', content: 'next' });
    expect(r.system).toBe('be brief');
    expect(r.notice).toBeUndefined();
    expect(r.droppedMessages).toBe(0);
    expect(r.tokens).toBeGreaterThan(3 * 200);
  });

  it('drops the oldest turns first, in pairs, and says so', () => {
    const r = buildContext({ history: turns(20), prompt: { text: 'next', attachments: [] }, limit: 1_000 });
    expect(r.tokens).toBeLessThanOrEqual(1_000);
    expect(r.droppedMessages % 2).toBe(0);
    expect(r.droppedMessages).toBeGreaterThan(0);
    expect(r.messages[0].role).toBe('user');
    expect(r.messages[0].content).toMatch(/^question (\d+)/);
    expect(r.messages.at(-1)?.content).toBe('next');
    expect(r.notice).toMatch(new RegExp(`left out the ${r.droppedMessages} oldest messages`));
    expect(r.notice).toMatch(/1,000-token limit/);
  });

  it('then cuts the largest attachment, visibly, keeping its head', () => {
    const r = buildContext({
      history: [],
      prompt: { text: 'explain', attachments: [att('small.ts', 400), att('big.log', 40_000)] },
      limit: 2_000,
    });
    expect(r.tokens).toBeLessThanOrEqual(2_000);
    expect(r.cutAttachments).toEqual(['big.log']);
    const content = r.messages[0].content;
    expect(content).toMatch(/characters cut to fit the context limit/);
    expect(content).toContain('x'.repeat(400)); // the small one is intact
    expect(content.endsWith('explain')).toBe(true);
    expect(r.notice).toMatch(/cut `big\.log`/);
  });

  it('cuts the prompt itself only as a last resort', () => {
    const r = buildContext({ history: turns(2), prompt: { text: 'p'.repeat(20_000), attachments: [] }, limit: 1_000 });
    expect(r.promptCut).toBe(true);
    expect(r.tokens).toBeLessThanOrEqual(1_000);
    expect(r.messages).toHaveLength(1);
    expect(r.notice).toMatch(/cut the end of the prompt/);
  });

  it('keeps partial answers and leaves out prompts whose answer failed before any text', () => {
    const h: Entry[] = [
      { kind: 'user', id: 'u1', text: 'one', attachments: [], at: 1 },
      { kind: 'assistant', id: 'a1', replyTo: 'u1', text: '', status: 'error', model, at: 2 },
      { kind: 'user', id: 'u2', text: 'two', attachments: [], at: 3 },
      { kind: 'assistant', id: 'a2', replyTo: 'u2', text: 'half an answer', status: 'interrupted', model, at: 4 },
      { kind: 'user', id: 'u3', text: 'three', attachments: [], at: 5 },
      { kind: 'assistant', id: 'a3', replyTo: 'u3', text: '', status: 'error', model, at: 6 },
    ];
    expect(historyMessages(h)).toEqual([
      { role: 'user', content: 'two' },
      { role: 'assistant', content: 'half an answer' },
    ]);
    const r = buildContext({ history: h, prompt: { text: 'four', attachments: [] }, limit: 10_000 });
    expect(r.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(r.messages[2].content).toBe('four');
  });

  it('fences attachments with a fence longer than any backtick run inside them', () => {
    const text = userMessageText('why?', [
      { id: 's1', kind: 'selection', label: 'a.md:1-3', language: 'md', content: 'x\n```\ny' },
    ]);
    expect(text).toContain('Selection from `a.md:1-3`:\n````md\nx\n```\ny\n````');
    expect(text.endsWith('why?')).toBe(true);
  });

  it('estimates pending context from history, attachments and system prompt', () => {
    const base = estimateContextTokens([], [], '');
    const withAtt = estimateContextTokens([], [att('f.ts', 4_000)], '');
    expect(withAtt - base).toBeGreaterThanOrEqual(1_000);
    expect(estimateContextTokens(turns(1, 4_000), [], '')).toBeGreaterThan(2_000);
  });
});

describe('chat settings', () => {
  it('accepts valid values and reports invalid ones with the setting name, falling back to defaults', async () => {
    const { parseChatSettings, DEFAULT_CHAT_SETTINGS } = await import('../../../src/core/chat/settings');
    expect(
      parseChatSettings({
        systemPrompt: 'Be brief.',
        maxOutputTokens: 2048,
        temperature: 0.7,
        contextTokenLimit: 50_000,
      }),
    ).toEqual({
      settings: { systemPrompt: 'Be brief.', maxOutputTokens: 2048, temperature: 0.7, contextTokenLimit: 50_000 },
      issues: [],
    });
    expect(
      parseChatSettings({
        systemPrompt: undefined,
        maxOutputTokens: undefined,
        temperature: null,
        contextTokenLimit: undefined,
      }),
    ).toEqual({ settings: DEFAULT_CHAT_SETTINGS, issues: [] });
    const bad = parseChatSettings({ systemPrompt: 42, maxOutputTokens: 1.5, temperature: 9, contextTokenLimit: 10 });
    expect(bad.settings).toEqual(DEFAULT_CHAT_SETTINGS);
    expect(bad.issues.map((i) => i.setting)).toEqual([
      'kata.chat.systemPrompt',
      'kata.chat.maxOutputTokens',
      'kata.chat.temperature',
      'kata.chat.contextTokenLimit',
    ]);
  });
});
