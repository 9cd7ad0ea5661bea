import { describe, expect, it } from 'vitest';
import { checkBaseUrl } from '../../../src/core/providers/settings';

describe('a base URL typed without its scheme', () => {
  it.each(['localhost:11434/v1', '127.0.0.1:1234/v1', 'api.example.com/v1'])(
    '%s: the message says http:// or https:// is missing',
    (input) => {
      const r = checkBaseUrl('kata.openai.baseUrl', input);
      expect(r.url).toBeUndefined();
      expect(r.issue?.message).toBe(
        `The setting "kata.openai.baseUrl" is not a valid URL ("${input}"): start it with http:// or https://, e.g. http://localhost:11434/v1.`,
      );
    },
  );

  it('a URL with another scheme still names that scheme', () => {
    expect(checkBaseUrl('kata.openai.baseUrl', 'ftp://example.com/v1').issue?.message).toMatch(
      /must use http or https, not "ftp:"/,
    );
  });
});
