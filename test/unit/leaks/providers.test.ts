// Provider keys never leave through the provider runtime's outputs: errors (message, remediation,
// JSON, cause chain), log lines, streamed text or request bodies. Only the auth header carries
// them, and each test checks that it did. Three keys: an Anthropic-shaped one, an OpenAI-shaped
// one from the environment, and one with no known shape on a custom OpenAI-compatible endpoint
// (the log redactor cannot recognise it by shape, so nothing may print it in the first place).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../../src/core/ports';
import type { ProviderId } from '../../../src/core/providers/types';
import { startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';
import { dump, expectNoCanary, keyOfHeaders, type Canary } from './canary';
import { A, ALL, L, MODEL, O, WRONG_A, WRONG_L, collect, errorSurfaces, makeRuntime } from './providerRuntime';
import { collectStall } from '../providers/helpers';

let fake: ProviderServer;
beforeAll(async () => {
  fake = await startProviderServer({ keys: { anthropic: [A.value], openai: [O.value, L.value] }, deltaDelayMs: 1 });
});
afterAll(() => fake.close());

const SETUPS: { name: string; provider: ProviderId; key: Canary; secrets?: Record<string, string>; env?: Env }[] = [
  {
    name: 'Anthropic key in SecretStorage',
    provider: 'anthropic',
    key: A,
    secrets: { 'kata.apiKey.anthropic': A.value },
  },
  { name: 'OpenAI key from OPENAI_API_KEY', provider: 'openai', key: O, env: { OPENAI_API_KEY: O.value } },
  {
    name: 'shapeless key for a custom OpenAI-compatible endpoint',
    provider: 'openai',
    key: L,
    secrets: { 'kata.apiKey.openai': L.value },
  },
];

// Every behaviour the fake provider can be asked for; the status each error must carry.
const DIRECTIVES: { d: string; status?: Record<ProviderId, number>; code?: string }[] = [
  { d: '' },
  { d: '[thinking]' },
  { d: '[tool]' },
  { d: '[max_tokens]' },
  ...[400, 401, 402, 403, 404, 413, 429, 500, 503, 504, 529].map((s) => ({
    d: `[error:${s}]`,
    status: { anthropic: s, openai: s === 529 ? 503 : s },
  })),
  { d: '[error:429:1]' },
  { d: '[midstream-error]', code: 'provider_unavailable' },
  { d: '[cut]', code: 'stream_interrupted' },
  { d: '[die]', code: 'stream_interrupted' },
  { d: '[stall]', code: 'stream_interrupted' },
];

describe.each(SETUPS)('$name: no key in any output of a stream', ({ provider, key, secrets, env }) => {
  it.each(DIRECTIVES)('"$d"', async ({ d, status, code }) => {
    // Live streams get a timeout no busy machine's scheduling delay reaches; the stall gets a short
    // one per call, doubled while a busy machine delays the first bytes past it (collectStall).
    const { runtime, log } = makeRuntime({
      anthropicBaseUrl: fake.anthropicBaseUrl,
      openaiBaseUrl: fake.openaiBaseUrl,
      secrets,
      env,
      idleTimeoutMs: 30_000,
    });
    const before = fake.requests.length;
    const request = {
      model: MODEL[provider],
      messages: [{ role: 'user' as const, content: `${d} leak probe` }],
      maxTokens: 64,
    };
    const r =
      d === '[stall]'
        ? await collectStall((idleTimeoutMs) => runtime.get(provider).stream(request, { idleTimeoutMs }), 300)
        : await collect(runtime.get(provider).stream(request));

    // The key really went out, in the header only.
    const sent = fake.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const q of sent) {
      expect(keyOfHeaders(q.headers)).toBe(key.value);
      expectNoCanary(JSON.stringify(q.body) + q.path, ALL, `the ${q.method} ${q.path} request body or URL`);
    }
    // The path under test was taken.
    if (status) expect(r.error?.status).toBe(status[provider]);
    if (code) expect(r.error?.code).toBe(code);
    if (!status && !code && d !== '[error:429:1]') expect(r.error).toBeUndefined();

    expectNoCanary(errorSurfaces(r.error), ALL, `the ProviderError for ${d || 'a normal answer'}`);
    expectNoCanary(r.text, ALL, 'the streamed text');
    expectNoCanary(log.text(), ALL, 'the log');
    expectNoCanary(
      dump(await runtime.resolveAuth(provider)).replace(key.value, ''),
      ALL,
      'the auth resolution (other than its apiKey field)',
    );
    expect((await runtime.resolveAuth(provider)).reason).not.toContain(key.value);
  });

  it('listing models', async () => {
    const { runtime, log } = makeRuntime({
      anthropicBaseUrl: fake.anthropicBaseUrl,
      openaiBaseUrl: fake.openaiBaseUrl,
      secrets,
      env,
    });
    const before = fake.requests.length;
    const models = await runtime.get(provider).listModels();
    expect(models.length).toBeGreaterThan(0);
    expect(fake.requests.slice(before).every((q) => keyOfHeaders(q.headers) === key.value)).toBe(true);
    expectNoCanary(dump(models) + log.text(), ALL, 'the model list or the log');
  });
});

/** How OpenAI echoes a wrong key (the fake does the same): 5 characters, stars, the last 4. */
const masked = (k: string) => `${k.slice(0, 5)}${'*'.repeat(Math.max(4, k.length - 9))}${k.slice(-4)}`;

describe('a wrong key', () => {
  it('the fake echoes a wrong OpenAI key masked, as OpenAI does (so the next tests cover a real hazard)', async () => {
    const res = await fetch(`${fake.openaiBaseUrl}/models`, { headers: { authorization: `Bearer ${WRONG_L.value}` } });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain(masked(WRONG_L.value));
  });

  it.each([
    { provider: 'anthropic' as const, key: WRONG_A },
    { provider: 'openai' as const, key: WRONG_L },
  ])('$provider: validating it fails without echoing it (not even masked)', async ({ provider, key }) => {
    const { runtime, log } = makeRuntime({
      anthropicBaseUrl: fake.anthropicBaseUrl,
      openaiBaseUrl: fake.openaiBaseUrl,
    });
    const before = fake.requests.length;
    const r = await runtime.validateKey(provider, key.value);
    expect(fake.requests.slice(before).map((q) => keyOfHeaders(q.headers))).toContain(key.value);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'invalid_auth', status: 401 });
    const surfaces = errorSurfaces(r.error) + log.text();
    expectNoCanary(surfaces, ALL, 'the key check error or the log');
    expect(surfaces).not.toContain(masked(key.value));
  });

  it('stored and used for a chat request: the 401 says which key without showing it', async () => {
    const { runtime, log } = makeRuntime({
      anthropicBaseUrl: fake.anthropicBaseUrl,
      openaiBaseUrl: fake.openaiBaseUrl,
      secrets: { 'kata.apiKey.openai': WRONG_L.value },
    });
    const r = await collect(
      runtime.get('openai').stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(r.error).toMatchObject({ code: 'invalid_auth', status: 401 });
    expect(r.error?.message).toMatch(/stored in VS Code/);
    const surfaces = errorSurfaces(r.error) + log.text();
    expectNoCanary(surfaces, ALL, 'the 401 error or the log');
    expect(surfaces).not.toContain(masked(WRONG_L.value));
  });
});
