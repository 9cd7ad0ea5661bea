import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/core/redact';

describe('redactSecrets', () => {
  it.each([
    'sk-ant-api03-FAKEtestKEYnotREALexampleONLY0000000',
    'sk-proj-FAKEtestKEYnotREALexample000',
    'sk-FAKEtestKEYnotREAL00',
    'ghp_FAKERedactTestTokenNotReal000000000',
    'github_pat_11ABCDEFG0123456789_abcdefghijklmnop',
    'AKIAIOSFODNN7EXAMPLE',
  ])('hides %s', (secret) => {
    const out = redactSecrets(`failed with key ${secret} at 12:00`);
    expect(out).not.toContain(secret);
    expect(out).toContain('[REDACTED]');
    expect(out).toContain('failed with key');
  });

  it('hides Authorization and x-api-key header values but keeps the header name', () => {
    const out = redactSecrets('Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345 x-api-key: "zzzzzzzzzzzz"');
    expect(out).toContain('Bearer');
    expect(out).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
    expect(out).not.toContain('zzzzzzzzzzzz');
  });

  it('hides exact values it is told about, whatever their shape', () => {
    expect(redactSecrets('custom key local-llm-key-42 used', ['local-llm-key-42'])).toBe('custom key [REDACTED] used');
  });

  it('leaves ordinary text alone', () => {
    const text =
      'Listing openai models failed: provider_unavailable connect ECONNREFUSED 127.0.0.1:1234 (task-list, sk-short)';
    expect(redactSecrets(text)).toBe(text);
  });
});
