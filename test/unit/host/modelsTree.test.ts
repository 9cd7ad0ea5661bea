import { describe, expect, it } from 'vitest';
import type { ProviderSnapshot } from '../../../src/core/providers/catalog';
import { ProviderError } from '../../../src/core/providers/errors';
import type { AuthResolution } from '../../../src/core/providers/types';
import {
  authTooltip,
  childNodes,
  formatTokens,
  nothingConfigured,
  providerNode,
} from '../../../src/core/providers/modelsTree';

const envAuth: AuthResolution = {
  providerId: 'anthropic',
  requestedSource: 'secret',
  resolvedSource: 'env',
  fallbackApplied: true,
  reason: 'No key in Secret Storage; using ANTHROPIC_API_KEY.',
  envVar: 'ANTHROPIC_API_KEY',
  apiKey: 'sk-ant-secret-value-123',
};
const missing: AuthResolution = {
  providerId: 'openai',
  requestedSource: 'secret',
  resolvedSource: 'none',
  fallbackApplied: false,
  failureCode: 'missing_auth',
  reason: 'No key found.',
  envVar: 'OPENAI_API_KEY',
};

describe('models tree view model', () => {
  it('describes the auth source and never shows the key', () => {
    const snap: ProviderSnapshot = {
      providerId: 'anthropic',
      auth: envAuth,
      models: [
        {
          providerId: 'anthropic',
          id: 'claude-x',
          displayName: 'Claude X',
          contextWindow: 200_000,
          maxOutputTokens: 64_000,
        },
      ],
      fetchedAt: 1_000,
      loading: false,
    };
    const node = providerNode(
      snap,
      { label: 'Anthropic', kind: 'anthropic', baseUrl: 'https://api.anthropic.com' },
      1_000 + 120_000,
    );
    expect(node.description).toBe('key from ANTHROPIC_API_KEY · 1 models · updated 2 min ago');
    expect(node.tooltip).toContain('Fallback applied: yes');
    expect(node.tooltip).toContain('Resolved source: ANTHROPIC_API_KEY');
    expect(JSON.stringify(node)).not.toContain('sk-ant-secret-value-123');
    expect(authTooltip(missing)).toContain('Failure: missing_auth');
  });

  it('marks the default model and shows context window and max output', () => {
    const snap: ProviderSnapshot = {
      providerId: 'anthropic',
      auth: envAuth,
      models: [
        {
          providerId: 'anthropic',
          id: 'claude-x',
          displayName: 'Claude X',
          contextWindow: 200_000,
          maxOutputTokens: 64_000,
        },
        { providerId: 'anthropic', id: 'claude-y', displayName: 'claude-y' },
      ],
      loading: false,
    };
    const [x, y] = childNodes(snap, { providerId: 'anthropic', modelId: 'claude-x' });
    expect(x).toMatchObject({
      kind: 'model',
      isDefault: true,
      description: 'claude-x · 200K context · 64K max output · default',
    });
    expect(y).toMatchObject({ kind: 'model', isDefault: false, description: '' });
  });

  it('shows a provider error as a row with its remediation, keeping cached models', () => {
    const error = new ProviderError({
      providerId: 'openai',
      code: 'provider_unavailable',
      message: 'Could not reach http://127.0.0.1:9/v1.',
      remediation: 'Check kata.openai.baseUrl — is the server running?',
      retryable: true,
    });
    const snap: ProviderSnapshot = {
      providerId: 'openai',
      auth: { ...missing, failureCode: undefined, resolvedSource: 'none' },
      models: [{ providerId: 'openai', id: 'llama3', displayName: 'llama3' }],
      loading: false,
      error,
    };
    const rows = childNodes(snap, null);
    expect(rows[0]).toMatchObject({
      kind: 'message',
      severity: 'error',
      label: error.message,
      description: error.remediation,
      action: 'openSettings',
    });
    expect(rows[1]).toMatchObject({ kind: 'model', label: 'llama3' });
    expect(
      providerNode(snap, { label: 'OpenAI', kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' }, 0),
    ).toMatchObject({ kind: 'provider', state: 'error' });
  });

  it('offers to set a key when there is none', () => {
    const rows = childNodes({ providerId: 'openai', auth: missing, models: [], loading: false }, null);
    expect(rows).toEqual([
      expect.objectContaining({ kind: 'message', action: 'setApiKey', description: 'or set OPENAI_API_KEY' }),
    ]);
  });

  it('asks for welcome content only when no provider is usable', () => {
    const none = [
      {
        providerId: 'anthropic' as const,
        auth: { ...missing, providerId: 'anthropic' as const },
        models: [],
        loading: false,
      },
      { providerId: 'openai' as const, auth: missing, models: [], loading: false },
    ];
    expect(nothingConfigured(none)).toBe(true);
    expect(
      nothingConfigured([
        none[0],
        { providerId: 'openai', auth: { ...missing, failureCode: undefined }, models: [], loading: false },
      ]),
    ).toBe(false);
  });

  it('formats token counts compactly', () => {
    expect([formatTokens(512), formatTokens(8192), formatTokens(128_000), formatTokens(1_048_576)]).toEqual([
      '512',
      '8.2K',
      '128K',
      '1M',
    ]);
  });
});

describe('a custom endpoint without a key that answers 401', () => {
  const noKey: AuthResolution = {
    providerId: 'openai',
    requestedSource: 'secret',
    resolvedSource: 'none',
    fallbackApplied: false,
    reason: 'Custom endpoint: no key is sent.',
    envVar: 'OPENAI_API_KEY',
  };
  it('offers Set API Key… and Configure Endpoints… under the red row, as a new user gets', () => {
    const error = new ProviderError({
      providerId: 'openai',
      code: 'invalid_auth',
      message: 'The server at 127.0.0.1 rejected the request: a key is required.',
      remediation: 'Set an API key for this endpoint.',
      retryable: false,
      status: 401,
    });
    const nodes = childNodes({ providerId: 'openai', loading: false, models: [], auth: noKey, error }, null);
    expect(nodes.map((n) => n.kind === 'message' && [n.severity, n.label, n.action])).toEqual([
      ['error', error.message, undefined],
      ['info', 'Set API Key…', 'setApiKey'],
      ['info', 'Configure Endpoints…', 'openSettings'],
    ]);
  });
});
