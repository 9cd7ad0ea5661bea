// The wording users read in notifications, error rows and the chat: each message must read as a
// sentence whether the subject is a provider ("OpenAI") or a custom server ("The server at …").
import { describe, expect, it } from 'vitest';
import { errorFromBody } from '../../../src/core/providers/httpErrors';
import { descriptorOf } from '../../../src/core/providers/descriptors';
import type { Endpoint } from '../../../src/core/providers/requestEndpoint';

const ep = (over: Partial<Endpoint>): Endpoint => ({
  providerId: 'openai',
  kind: 'openai-compatible',
  label: 'The server at 127.0.0.1:8080',
  endpointLabel: 'OpenAI',
  baseUrl: 'http://127.0.0.1:8080/v1',
  setting: 'kata.openai.baseUrl',
  custom: true,
  envVar: 'OPENAI_API_KEY',
  authSource: 'secret',
  format: descriptorOf(over.kind ?? 'openai-compatible').format,
  apiRoot: descriptorOf(over.kind ?? 'openai-compatible').apiRoot,
  fetch: fetch,
  logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  ...over,
});

describe('provider error wording', () => {
  it('429 reads as a sentence for a custom server and for a provider', () => {
    const h = new Headers({ 'retry-after': '3' });
    expect(errorFromBody(ep({}), 429, h, '{}').message).toBe(
      'The server at 127.0.0.1:8080 is limiting the request rate (429). Try again in 3 s.',
    );
    expect(
      errorFromBody(ep({ label: 'Anthropic', providerId: 'anthropic', custom: false }), 429, new Headers(), '{}')
        .message,
    ).toBe('Anthropic is limiting the request rate (429).');
  });

  it('401 without a key says none was sent, once, and what to do', () => {
    const e = errorFromBody(ep({ authSource: 'none' }), 401, new Headers(), '{"error":{"message":"missing key"}}');
    expect(e.message).toBe('The server at 127.0.0.1:8080 needs an API key, and none was sent (401).');
    expect(e.remediation).toBe("Run 'Kata Cloud: Set API Key…' for OpenAI, or set OPENAI_API_KEY.");
    expect(e.code).toBe('invalid_auth');
  });

  it('401 with a stored key names where the key came from', () => {
    expect(errorFromBody(ep({}), 401, new Headers(), '{}').message).toBe(
      'The server at 127.0.0.1:8080 rejected the API key stored in VS Code (401).',
    );
  });
});
