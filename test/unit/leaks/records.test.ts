// What the provider side writes to globalState (the model cache, the default model) and to the
// log while keys are saved, checked, used and rejected, captured at the KeyValueStore port. Also
// the last line of defence: what the log redactor catches by shape, and what it only catches
// when the host remembered the exact value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelCatalog } from '../../../src/core/providers/catalog';
import { createProviderRuntime } from '../../../src/core/providers/registry';
import type { ProviderSettings } from '../../../src/core/providers/types';
import { redactSecrets } from '../../../src/core/redact';
import { RecordStore } from '../../../src/core/state/record';
import { startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';
import { CapturedKv, canary, captureLogger, dump, expectNoCanary, githubTokenCanary, keyOfHeaders } from './canary';

const A = canary('sk-ant-canary-');
const O = canary('sk-proj-canary-');
const L = canary('local-llm-key-canary-');
const WRONG = canary('sk-ant-wrong-canary-');
const ALL = [A, O, L, WRONG];

let fake: ProviderServer;
beforeAll(async () => {
  fake = await startProviderServer({ keys: { anthropic: [A.value], openai: [L.value] } });
});
afterAll(() => fake.close());

describe('globalState and the log while keys are used', () => {
  it('model cache, default model and errors: no key in any record or log line', async () => {
    const kv = new CapturedKv();
    const log = captureLogger();
    const secrets = new Map<string, string>([['kata.apiKey.anthropic', A.value]]);
    const settings: ProviderSettings = {
      anthropicBaseUrl: fake.anthropicBaseUrl,
      openaiBaseUrl: fake.openaiBaseUrl,
      idleTimeoutMs: 2000,
    };
    const runtime = createProviderRuntime({
      secrets: {
        get: async (k) => secrets.get(k),
        store: async (k, v) => void secrets.set(k, v),
        delete: async (k) => void secrets.delete(k),
      },
      env: { OPENAI_API_KEY: L.value },
      fetch: (i, init) => fetch(i, init),
      logger: log,
      settings: () => settings,
    });
    const records = new RecordStore(kv, log);
    const catalog = new ModelCatalog(runtime, records, () => settings, log);
    const from = fake.requests.length;

    await catalog.refresh();
    expect(catalog.snapshot('anthropic').models.length).toBe(3);
    expect(catalog.snapshot('openai').models.length).toBe(3);
    await catalog.setDefault({ providerId: 'openai', modelId: 'gpt-4o' });

    // A wrong key is checked (and refused) and then stored anyway, as "Save Anyway" would.
    const check = await runtime.validateKey('anthropic', WRONG.value);
    expect(check.ok).toBe(false);
    secrets.set('kata.apiKey.anthropic', WRONG.value);
    await catalog.refresh(['anthropic']);
    expect(catalog.snapshot('anthropic').error?.code).toBe('invalid_auth');
    // An OpenAI-shaped key the endpoint does not know.
    secrets.set('kata.apiKey.openai', O.value);
    await catalog.refresh(['openai']);
    expect(catalog.snapshot('openai').error?.code).toBe('invalid_auth');

    const keys = new Set(fake.requests.slice(from).map((r) => keyOfHeaders(r.headers)));
    expect(keys).toEqual(new Set([A.value, L.value, WRONG.value, O.value]));
    expect(kv.text()).toContain('kata.modelCache');
    expect(kv.text()).toContain('kata.defaultModel');
    expectNoCanary(kv.text(), ALL, 'globalState');
    expectNoCanary(log.text(), ALL, 'the log');
    // What the Models view shows for an error row.
    expectNoCanary(
      dump(catalog.snapshot('anthropic').error) + dump(catalog.snapshot('openai').error),
      ALL,
      'the error rows of the Models view',
    );
  });
});

describe('the log redactor (last line of defence)', () => {
  const gh = githubTokenCanary();
  const shaped = [A, O, gh];

  it('catches key shapes without being told the value', () => {
    const line = `x-api-key: ${A.value} Authorization: Bearer ${O.value} token ${gh.value} aws AKIA0123456789ABCDEF`;
    const out = redactSecrets(line);
    expectNoCanary(out, shaped, 'a redacted line');
    expect(out).not.toContain('AKIA0123456789ABCDEF');
  });

  it('catches a shapeless key only when the host remembered it', () => {
    const line = `the local server said: unknown key ${L.value}`;
    expect(redactSecrets(line)).toContain(L.value);
    expectNoCanary(redactSecrets(line, [L.value]), [L], 'a line redacted with the remembered key');
  });
});
