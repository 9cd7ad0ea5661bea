import { describe, expect, it } from 'vitest';
import { checkBaseUrl, parseProviderSettings } from '../../../src/core/providers/settings';

describe('base URL settings', () => {
  it.each([
    ['http://localhost:11434/v1', 'http://localhost:11434/v1'],
    ['https://openrouter.ai/api/v1/', 'https://openrouter.ai/api/v1'],
    ['  http://127.0.0.1:1234/v1  ', 'http://127.0.0.1:1234/v1'],
  ])('accepts %s', (input, url) => {
    expect(checkBaseUrl('kata.openai.baseUrl', input)).toEqual({ url });
  });

  it.each([
    ['', /empty/],
    ['localhost:11434', /http or https|not a valid URL/],
    ['not a url', /not a valid URL/],
    ['file:///etc/passwd', /http or https/],
    ['https://user:pw@example.com/v1', /user name or password/],
    ['https://example.com/v1?key=1', /query/],
  ])('rejects %j with a message naming the setting', (input, re) => {
    const r = checkBaseUrl('kata.openai.baseUrl', input);
    expect(r.url).toBeUndefined();
    expect(r.issue?.message).toMatch(re);
    expect(r.issue?.message).toContain('kata.openai.baseUrl');
  });

  it('falls back to defaults for invalid values and reports each', () => {
    const r = parseProviderSettings({
      anthropicBaseUrl: 'ftp://x',
      openaiBaseUrl: 'http://localhost:1/v1',
      requestTimeoutSeconds: -3,
    });
    expect(r.settings.anthropicBaseUrl).toBe('https://api.anthropic.com');
    expect(r.settings.openaiBaseUrl).toBe('http://localhost:1/v1');
    expect(r.settings.idleTimeoutMs).toBe(60_000);
    expect(r.issues.map((i) => i.setting)).toEqual(['kata.anthropic.baseUrl', 'kata.requestTimeoutSeconds']);
  });
});
