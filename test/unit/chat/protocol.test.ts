import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/core/chat/model';
import {
  MAX_WEBVIEW_MESSAGE_CHARS,
  parseHostMessage,
  parseWebviewMessage,
  receiveWebviewMessage,
} from '../../../src/core/chat/protocol';

const model = { providerId: 'anthropic', modelId: 'claude-sonnet-4-5' } as const;

describe('webview → host protocol', () => {
  it('accepts every well-formed message type', () => {
    const ok: unknown[] = [
      { type: 'ready' },
      { type: 'send', text: 'hello', model },
      { type: 'stop' },
      { type: 'retry', answerId: 'a1' },
      { type: 'selectModel', model: { providerId: 'openai', modelId: 'gpt-4o' } },
      { type: 'removeAttachment', id: 'att_1' },
      { type: 'loadEarlier', beforeId: 'u-9' },
      { type: 'copyCode', code: 'x = 1', language: 'py' },
      { type: 'insertCode', code: 'x = 1' },
      { type: 'openCode', code: 'x = 1', language: 'py' },
      { type: 'openLink', href: 'https://example.com', text: 'ex' },
      { type: 'run', command: 'setApiKey', providerId: 'openai' },
    ];
    for (const m of ok) {
      const r = parseWebviewMessage(m);
      expect(r.ok, JSON.stringify(m)).toBe(true);
    }
  });

  it('drops malformed messages with a reason that names the problem', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /not an object \(null\)/],
      ['send', /not an object \(string\)/],
      [[1, 2], /not an object \(array\)/],
      [{ text: 'hi' }, /without a type/],
      [{ type: 'send', text: '', model }, /"send" at text/],
      [{ type: 'send', text: 'hi', model: { providerId: '../Evil', modelId: 'x' } }, /at model.providerId/],
      [{ type: 'retry', answerId: '../../etc/passwd' }, /at answerId/],
      [{ type: 'run', command: 'workbench.action.terminal.new' }, /at command/],
      [{ type: 'removeAttachment', id: 'has space' }, /at id/],
    ];
    for (const [m, re] of cases) {
      const r = parseWebviewMessage(m);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(re);
    }
  });

  it('drops unknown message types', () => {
    const r = parseWebviewMessage({ type: 'executeCommand', command: 'rm -rf /' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/invalid message "executeCommand"/);
  });

  it('drops oversized messages before validating them', () => {
    const r = parseWebviewMessage({ type: 'copyCode', code: 'x'.repeat(MAX_WEBVIEW_MESSAGE_CHARS + 10) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/"copyCode" is too large/);
    const prompt = parseWebviewMessage({ type: 'send', text: 'y'.repeat(LIMITS.promptChars + 1), model });
    expect(prompt.ok).toBe(false);
  });

  it('drops messages that cannot be serialized (cycles)', () => {
    const m: Record<string, unknown> = { type: 'ready' };
    m.self = m;
    const r = parseWebviewMessage(m);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/not serializable/);
  });
});

describe('host → webview protocol', () => {
  it('validates deltas and entries', () => {
    expect(parseHostMessage({ type: 'delta', answerId: 'a1', text: 'hi' }).ok).toBe(true);
    expect(parseHostMessage({ type: 'delta', answerId: 'a1', text: '' }).ok).toBe(false);
    const entry = { kind: 'assistant', id: 'a1', replyTo: 'u1', text: '', status: 'streaming', model, at: 1 };
    expect(parseHostMessage({ type: 'entry', entry }).ok).toBe(true);
    expect(parseHostMessage({ type: 'entry', entry: { ...entry, status: 'exploded' } }).ok).toBe(false);
    const user = {
      kind: 'user',
      id: 'u1',
      text: 'q',
      at: 1,
      attachments: [{ id: 'x1', kind: 'file', label: 'a.ts', chars: 10, tokens: 3 }],
    };
    expect(parseHostMessage({ type: 'entry', entry: user }).ok).toBe(true);
    expect(parseHostMessage({ type: 'nuke' }).ok).toBe(false);
  });
});

describe('receiveWebviewMessage', () => {
  it('logs and drops what does not parse, passes the rest through', () => {
    const logs: string[] = [];
    const log = { warn: (m: string) => logs.push(m) };
    expect(receiveWebviewMessage({ type: 'stop' }, log)).toEqual({ type: 'stop' });
    expect(logs).toEqual([]);
    expect(receiveWebviewMessage({ type: 'bogus' }, log)).toBeUndefined();
    expect(
      receiveWebviewMessage({ type: 'copyCode', code: 'x'.repeat(MAX_WEBVIEW_MESSAGE_CHARS + 1) }, log),
    ).toBeUndefined();
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/dropped a message from the webview: invalid message "bogus"/);
    expect(logs[1]).toMatch(/too large/);
  });
});
