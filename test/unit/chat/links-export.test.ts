import { describe, expect, it } from 'vitest';
import { conversationToMarkdown, answerFacts } from '../../../src/core/chat/export';
import { checkLink, revealHidden } from '../../../src/core/chat/links';
import { replay } from '../../../src/core/chat/conversation';

describe('link check before opening', () => {
  it('refuses anything but http(s) and mailto, naming the scheme', () => {
    for (const [href, re] of [
      ['javascript:alert(1)', /"javascript:"/],
      ['vscode://ms-python.python/x', /"vscode:"/],
      ['command:workbench.action.reloadWindow', /"command:"/],
      ['data:text/html,<b>', /"data:"/],
      ['file:///etc/passwd', /"file:"/],
      ['/relative/path', /Only http, https and mailto/],
    ] as const) {
      const r = checkLink(href);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(re);
    }
  });

  it('shows the real target: zero-width and bidi characters are spelled out', () => {
    const r = checkLink('https://example.com/\u202Egnp.exe\u200B');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.display).toBe('https://example.com/<U+202E>gnp.exe<U+200B>');
    expect(r.warnings.join(' ')).toMatch(/invisible or text-direction characters/);
  });

  it('shows the punycode form of a look-alike host and a user-info prefix', () => {
    const r = checkLink('https://аpple.com@evil.example/');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.host).toBe('evil.example');
    expect(r.warnings.join(' ')).toMatch(/real host is evil\.example/);
    const idn = checkLink('https://раураl.com/');
    expect(idn.ok && idn.host.startsWith('xn--')).toBe(true);
    expect(idn.ok && idn.warnings.join(' ')).toMatch(/mixes Cyrillic and Latin letters and reads like paypal\.com/);
  });

  it('passes a plain link through without warnings', () => {
    expect(checkLink('https://example.com/docs?a=1')).toMatchObject({
      ok: true,
      url: 'https://example.com/docs?a=1',
      display: 'https://example.com/docs?a=1',
      host: 'example.com',
      warnings: [],
    });
    expect(revealHidden('plain').found).toBe(false);
  });
});

describe('markdown export', () => {
  const model = { providerId: 'anthropic', modelId: 'claude-sonnet-4-5' } as const;
  const c = replay([
    { type: 'title', title: 'Keys  and\nthings' },
    {
      type: 'user',
      entry: {
        kind: 'user',
        id: 'u1',
        text: 'my key is sk-ant-api03-abcdefghijklmnop, review `a.ts`',
        at: 1,
        attachments: [{ id: 'f1', kind: 'file', label: 'src/a.ts', content: 'SECRET FILE BODY' }],
      },
    },
    { type: 'answerStart', id: 'a1', replyTo: 'u1', model, at: 2 },
    { type: 'answerDelta', id: 'a1', text: 'Here:\n```ts\nx\n```' },
    {
      type: 'answerEnd',
      id: 'a1',
      status: 'stopped',
      usage: { inputTokens: 1200, outputTokens: 34 },
      stopReason: 'end_turn',
      durationMs: 2300,
    },
  ]);

  it('exports prompts, answers, attachment names and answer facts — not attachment bodies or keys', () => {
    const md = conversationToMarkdown(c, { exportedAt: new Date('2026-01-02T03:04:05Z') });
    expect(md.startsWith('# Keys and things\n')).toBe(true);
    expect(md).toContain('_Exported from Kata Cloud on 2026-01-02 03:04 UTC._');
    expect(md).toContain('> Attached: `src/a.ts` (16 characters)');
    expect(md).not.toContain('SECRET FILE BODY');
    expect(md).not.toContain('sk-ant-api03-abcdefghijklmnop');
    expect(md).toContain('[REDACTED]');
    expect(md).toContain('Here:\n```ts\nx\n```');
    expect(md).toContain('anthropic/claude-sonnet-4-5 · 1,200 in / 34 out tokens · end_turn · 2.3 s · stopped');
  });

  it('formats answer facts', () => {
    const a = c.entries[1];
    if (a.kind !== 'assistant') throw new Error('expected an answer');
    expect(answerFacts({ ...a, status: 'done', usage: undefined, stopReason: undefined, durationMs: 950 })).toBe(
      'anthropic/claude-sonnet-4-5 · 950 ms',
    );
  });
});

describe('export with known secrets', () => {
  it('hides exact key values that have no recognisable shape', () => {
    const c = replay([
      {
        type: 'user',
        entry: { kind: 'user', id: 'u1', text: 'my local key is local-llm-key-xyz123', at: 1, attachments: [] },
      },
    ]);
    expect(conversationToMarkdown(c)).toContain('local-llm-key-xyz123');
    const md = conversationToMarkdown(c, { knownSecrets: ['local-llm-key-xyz123'] });
    expect(md).not.toContain('local-llm-key-xyz123');
    expect(md).toContain('my local key is [REDACTED]');
  });
});
