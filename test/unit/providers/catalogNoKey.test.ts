// After Clear API Key… (or when the environment variable is gone) a provider has no key: its
// cached model list must not stay on screen as if it could be used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelCatalog } from '../../../src/core/providers/catalog';
import { createProviderRuntime } from '../../../src/core/providers/registry';
import type { ProviderSettings } from '../../../src/core/providers/types';
import { RecordStore } from '../../../src/core/state/record';
import { nothingConfigured } from '../../../src/core/providers/modelsTree';
import { DEFAULT_KEYS, startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';

let fake: ProviderServer;
beforeAll(async () => {
  fake = await startProviderServer();
});
afterAll(() => fake.close());

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('model list when the key goes away', () => {
  it("a cleared key empties that provider's list; a rejected key keeps it", async () => {
    const kv = new Map<string, unknown>();
    const store = { get: (k: string) => kv.get(k), update: async (k: string, v: unknown) => void kv.set(k, v) };
    const secrets = new Map<string, string>([['kata.apiKey.anthropic', DEFAULT_KEYS.anthropic]]);
    const settings: ProviderSettings = {
      anthropicBaseUrl: fake.anthropicBaseUrl,
      openaiBaseUrl: 'https://api.openai.com/v1',
      idleTimeoutMs: 2000,
    };
    const runtime = createProviderRuntime({
      secrets: {
        get: async (k) => secrets.get(k),
        store: async (k, v) => void secrets.set(k, v),
        delete: async (k) => void secrets.delete(k),
      },
      env: {},
      fetch: (i, init) => fetch(i, init),
      logger: quiet,
      settings: () => settings,
      retry: { maxRetries: 0 },
    });
    const catalog = new ModelCatalog(runtime, new RecordStore(store, quiet), () => settings, quiet);

    await catalog.refresh(['anthropic']);
    expect(catalog.snapshot('anthropic').models).toHaveLength(3);

    // A rejected key is another matter: the last list stays, with the error beside it.
    secrets.set('kata.apiKey.anthropic', 'sk-ant-wrong-0000000000000000');
    await catalog.refresh(['anthropic']);
    expect(catalog.snapshot('anthropic').error?.code).toBe('invalid_auth');
    expect(catalog.snapshot('anthropic').models).toHaveLength(3);

    secrets.delete('kata.apiKey.anthropic');
    await catalog.refresh(['anthropic']);
    const s = catalog.snapshot('anthropic');
    expect(s.error?.code).toBe('missing_auth');
    expect(s.models).toEqual([]);
    expect(catalog.allModels()).toEqual([]);
    await catalog.refresh(['openai']);
    expect(nothingConfigured(catalog.ids().map((id) => catalog.snapshot(id)))).toBe(true);
  });
});
