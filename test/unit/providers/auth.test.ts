// Auth resolution order and the runtime's key check / settings-per-request behaviour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';
import { resolveAuth } from '../../../src/core/providers/auth';
import { secretKeyFor } from '../../../src/core/providers/registry';
import { DEFAULT_PROVIDER_SETTINGS, type ProviderId } from '../../../src/core/providers/types';
import { silentLogger } from '../../../src/core/ports';
import { ANTHROPIC_KEY, OPENAI_KEY, collect, makeRuntime } from './helpers';

type Row = {
  name: string;
  id: ProviderId;
  secret?: string;
  env?: Record<string, string>;
  openaiBaseUrl?: string;
  expected: { resolvedSource: string; fallbackApplied: boolean; failureCode?: string; apiKey?: string; reason: RegExp };
};

const rows: Row[] = [
  {
    name: 'stored key wins over env',
    id: 'anthropic',
    secret: 'sk-ant-stored',
    env: { ANTHROPIC_API_KEY: 'sk-ant-env' },
    expected: { resolvedSource: 'secret', fallbackApplied: false, apiKey: 'sk-ant-stored', reason: /secret storage/ },
  },
  {
    name: 'env fallback',
    id: 'anthropic',
    env: { ANTHROPIC_API_KEY: ' sk-ant-env\n' },
    expected: { resolvedSource: 'env', fallbackApplied: true, apiKey: 'sk-ant-env', reason: /ANTHROPIC_API_KEY/ },
  },
  {
    name: 'blank stored key is ignored',
    id: 'openai',
    secret: '   ',
    env: { OPENAI_API_KEY: 'sk-env' },
    expected: { resolvedSource: 'env', fallbackApplied: true, apiKey: 'sk-env', reason: /OPENAI_API_KEY/ },
  },
  {
    name: 'none at all',
    id: 'anthropic',
    env: { OPENAI_API_KEY: 'sk-other' },
    expected: {
      resolvedSource: 'none',
      fallbackApplied: false,
      failureCode: 'missing_auth',
      reason: /No Anthropic key in VS Code secret storage or in the ANTHROPIC_API_KEY/,
    },
  },
  {
    name: 'none for the default OpenAI endpoint',
    id: 'openai',
    expected: { resolvedSource: 'none', fallbackApplied: false, failureCode: 'missing_auth', reason: /OPENAI_API_KEY/ },
  },
  {
    name: 'custom endpoint without a key',
    id: 'openai',
    openaiBaseUrl: 'http://localhost:11434/v1',
    expected: {
      resolvedSource: 'none',
      fallbackApplied: false,
      reason: /http:\/\/localhost:11434\/v1 is used without a key/,
    },
  },
  {
    name: 'custom endpoint with env key',
    id: 'openai',
    openaiBaseUrl: 'http://localhost:1234/v1',
    env: { OPENAI_API_KEY: 'sk-lm' },
    expected: { resolvedSource: 'env', fallbackApplied: true, apiKey: 'sk-lm', reason: /OPENAI_API_KEY/ },
  },
];

describe('resolveAuth', () => {
  it.each(rows)('$name', async (row) => {
    const auth = await resolveAuth(row.id, {
      secrets: {
        get: async (k) => (k === secretKeyFor(row.id) ? row.secret : undefined),
        store: async () => {},
        delete: async () => {},
      },
      env: row.env ?? {},
      logger: silentLogger,
      settings: () => ({
        ...DEFAULT_PROVIDER_SETTINGS,
        openaiBaseUrl: row.openaiBaseUrl ?? DEFAULT_PROVIDER_SETTINGS.openaiBaseUrl,
      }),
    });
    const { reason, ...rest } = row.expected;
    expect(auth).toMatchObject({ providerId: row.id, requestedSource: 'secret', ...rest });
    if (!rest.failureCode) expect(auth.failureCode).toBeUndefined();
    if (!rest.apiKey) expect(auth.apiKey).toBeUndefined();
    expect(auth.reason).toMatch(reason);
    expect(auth.envVar).toBe(row.id === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY');
    if (auth.apiKey) expect(auth.reason).not.toContain(auth.apiKey);
  });

  it('falls back to the environment when secret storage throws', async () => {
    const warnings: string[] = [];
    const auth = await resolveAuth('anthropic', {
      secrets: {
        get: async () => Promise.reject(new Error('keychain locked')),
        store: async () => {},
        delete: async () => {},
      },
      env: { ANTHROPIC_API_KEY: 'sk-ant-env' },
      logger: { ...silentLogger, warn: (m: string) => warnings.push(m) },
      settings: () => DEFAULT_PROVIDER_SETTINGS,
    });
    expect(auth).toMatchObject({ resolvedSource: 'env', apiKey: 'sk-ant-env' });
    expect(auth.reason).toMatch(/could not be read/);
    expect(warnings[0]).toMatch(/keychain locked/);
  });
});

describe('runtime', () => {
  let fake: ProviderServer;
  beforeAll(async () => {
    fake = await startProviderServer({ deltaDelayMs: 0 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('validateKey accepts a good key and refuses a bad one without storing anything', async () => {
    const t = makeRuntime({ anthropicBaseUrl: fake.anthropicBaseUrl, openaiBaseUrl: fake.openaiBaseUrl });
    const good = await t.runtime.validateKey('anthropic', `  ${ANTHROPIC_KEY} `);
    expect(good.ok && good.models.map((m) => m.id)).toEqual([
      'claude-sonnet-4-5',
      'claude-opus-4-1',
      'claude-haiku-4-5',
    ]);
    const bad = await t.runtime.validateKey('openai', 'sk-not-a-real-key-000000000000');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('invalid_auth');
      expect(bad.error.remediation).toBe('Check the key and try again; it was not saved.');
      expect(JSON.stringify(bad.error.toJSON())).not.toContain('sk-not-a-real');
    }
    const empty = await t.runtime.validateKey('openai', '  ');
    expect(empty.ok || empty.error.code).toBe('missing_auth');
    expect(t.secrets.size).toBe(0);
    // The candidate was really sent.
    expect(fake.requests.some((r) => r.headers['x-api-key'] === ANTHROPIC_KEY)).toBe(true);
  });

  it('reads settings and keys on every request', async () => {
    const t = makeRuntime({ anthropicBaseUrl: 'http://127.0.0.1:9/nowhere', openaiBaseUrl: fake.openaiBaseUrl });
    const a = t.runtime.get('openai');
    expect(t.runtime.get('openai')).toBe(a);
    const first = await collect(a.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'first' }] }));
    expect(first.error?.code).toBe('invalid_auth'); // custom endpoint without key: sent none, the fake wants one
    t.secrets.set(secretKeyFor('openai'), OPENAI_KEY);
    const second = await collect(a.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'second' }] }));
    expect(second.error).toBeUndefined();
    const other = await startProviderServer({ deltaDelayMs: 0 });
    try {
      t.settings.openaiBaseUrl = other.openaiBaseUrl;
      await collect(a.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'third' }] }));
      expect(other.requests.map((r) => r.path)).toEqual(['/openai/v1/chat/completions']);
    } finally {
      await other.close();
    }
  });

  it('logs requests without keys or headers', async () => {
    const t = makeRuntime({
      anthropicBaseUrl: fake.anthropicBaseUrl,
      secrets: { [secretKeyFor('anthropic')]: ANTHROPIC_KEY },
    });
    await t.runtime.get('anthropic').listModels();
    await collect(
      t.runtime
        .get('anthropic')
        .stream({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: '[error:429:1] log' }] }),
    );
    const all = t.logs.join('\n');
    expect(all).toMatch(/anthropic: GET \/anthropic\/v1\/models → 200/);
    expect(all).toMatch(
      /anthropic: Rate limited — retrying in 1 s \(rate_limited, HTTP 429; retry 1 of 2 after 1000 ms/,
    );
    expect(all).not.toContain(ANTHROPIC_KEY);
    expect(all).not.toMatch(/x-api-key/i);
  });
});
