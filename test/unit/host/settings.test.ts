import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkBaseUrl, parseProviderSettings, REQUEST_TIMEOUT_RANGE } from '../../../src/core/providers/settings';

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

describe('kata.requestTimeoutSeconds', () => {
  const parse = (requestTimeoutSeconds: unknown) => {
    const r = parseProviderSettings({
      anthropicBaseUrl: 'http://127.0.0.1:1/a',
      openaiBaseUrl: 'http://127.0.0.1:1/o',
      requestTimeoutSeconds,
    });
    return { ...r, issues: r.issues.filter((i) => i.setting === 'kata.requestTimeoutSeconds') };
  };

  it('accepts the range the Settings editor shows (the manifest minimum and maximum)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const spec = pkg.contributes.configuration.properties['kata.requestTimeoutSeconds'];
    expect([spec.minimum, spec.maximum]).toEqual([...REQUEST_TIMEOUT_RANGE]);
    for (const ok of [spec.minimum, spec.default, spec.maximum]) {
      const r = parse(ok);
      expect(r.issues).toEqual([]);
      expect(r.settings.idleTimeoutMs).toBe(ok * 1000);
    }
  });

  it.each([1, 4.9, 601, 3600, Number.NaN, '60'])('refuses %j, naming the range, and keeps the default', (v) => {
    const r = parse(v);
    expect(r.settings.idleTimeoutMs).toBe(60_000);
    expect(r.issues[0]?.message).toBe(
      'The setting "kata.requestTimeoutSeconds" must be a number of seconds between 5 and 600.',
    );
  });
});
