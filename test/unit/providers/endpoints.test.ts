// Many endpoints at once: the setting's schema and validation, the presets, the migration from
// the two older base-URL settings (a stored key keeps working), and where keys may go — each key
// only to its own endpoint, never over plain http to another machine unless confirmed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type FetchLike } from '../../../src/core/ports';
import { ModelCatalog } from '../../../src/core/providers/catalog';
import {
  checkEndpointUrl,
  endpointsOf,
  isInsecureRemote,
  isLoopback,
  newEndpointId,
  parseEndpoints,
  serializeEndpoints,
  type EndpointConfig,
} from '../../../src/core/providers/endpoints';
import { ENDPOINT_PRESETS } from '../../../src/core/providers/presets';
import { createProviderRuntime } from '../../../src/core/providers/registry';
import { parseProviderSettings } from '../../../src/core/providers/settings';
import type { ProviderSettings } from '../../../src/core/providers/types';
import { RecordStore } from '../../../src/core/state/record';
import { startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';

const KEY_A = 'sk-FAKE-endpoint-a-0123456789abcdef';
const KEY_B = 'sk-FAKE-endpoint-b-0123456789abcdef';

let fake: ProviderServer;
let second: ProviderServer;
beforeAll(async () => {
  // Two servers: two origins, so "only to its own endpoint" is checked per host, not per path.
  fake = await startProviderServer({ keys: { openai: [KEY_A] } });
  second = await startProviderServer({ keys: { openai: [KEY_B] } });
});
afterAll(async () => {
  await fake.close();
  await second.close();
});

function runtimeWith(settings: () => ProviderSettings, secrets: Map<string, string>, fetchImpl?: FetchLike) {
  return createProviderRuntime({
    secrets: {
      get: async (k) => secrets.get(k),
      store: async (k, v) => void secrets.set(k, v),
      delete: async (k) => void secrets.delete(k),
    },
    env: {},
    fetch: fetchImpl ?? ((u, i) => fetch(u, i)),
    logger: silentLogger,
    settings,
    retry: { maxRetries: 0 },
  });
}

const authOf = (r: { headers: Record<string, unknown> }) =>
  String(r.headers.authorization ?? r.headers['x-api-key'] ?? '');

describe('the kata.endpoints setting', () => {
  it('keeps valid entries and says what is wrong with the others', () => {
    const { endpoints, issues } = parseEndpoints([
      { id: 'ollama', label: 'Ollama', kind: 'openai-compatible', baseUrl: 'http://localhost:11434/v1/' },
      { id: 'Bad Id', label: 'x', kind: 'openai-compatible', baseUrl: 'http://localhost:1/v1' },
      { id: 'ollama', label: 'Again', kind: 'openai-compatible', baseUrl: 'http://localhost:2/v1' },
      { id: 'weird', label: 'Weird', kind: 'grpc', baseUrl: 'http://localhost:3/v1' },
      { id: 'creds', label: 'Creds', kind: 'openai-compatible', baseUrl: 'https://me:pw@example.com/v1' },
      'not an object',
    ]);
    expect(endpoints.map((e) => e.id)).toEqual(['ollama', 'creds']);
    expect(endpoints[0]).toEqual({
      id: 'ollama',
      label: 'Ollama',
      kind: 'openai-compatible',
      baseUrl: 'http://localhost:11434/v1',
    });
    // The bad URL stays in the list with its issue (requests fail), never swapped for another URL.
    expect(endpoints[1].issue?.message).toMatch(/user name or password/);
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/entry 2 needs an id/),
      expect.stringMatching(/entry 3 repeats the id "ollama"/),
      expect.stringMatching(/entry 4 \("weird"\) needs a kind/),
      expect.stringMatching(/Creds.*user name or password/),
      expect.stringMatching(/entry 6 is not an object/),
    ]);
    expect(parseEndpoints({}).issues[0].message).toMatch(/must be a list/);
  });

  it.each([
    ['credentials', 'https://user:secret@api.example.com/v1', /user name or password/],
    ['a query', 'https://api.example.com/v1?key=abc', /query/],
    ['a fragment', 'https://api.example.com/v1#x', /fragment/],
    ['another scheme', 'ftp://api.example.com/v1', /http or https/],
    ['no scheme', 'localhost:11434/v1', /start it with http/],
  ])('refuses a URL with %s', (_what, url, why) => {
    const r = checkEndpointUrl(url);
    expect(r.url).toBeUndefined();
    expect(r.error).toMatch(why);
    expect(r.error).not.toContain('secret');
  });

  it('accepts plain URLs and drops a trailing slash', () => {
    expect(checkEndpointUrl('https://generativelanguage.googleapis.com/v1beta/openai/')).toEqual({
      url: 'https://generativelanguage.googleapis.com/v1beta/openai',
    });
    expect(checkEndpointUrl(' http://127.0.0.1:8080/v1 ').url).toBe('http://127.0.0.1:8080/v1');
  });

  it('tells loopback from another machine for plain http', () => {
    for (const u of [
      'http://localhost:11434/v1',
      'http://127.0.0.1:1234/v1',
      'http://[::1]:8000/v1',
      'http://a.localhost/',
    ])
      expect([u, isLoopback(u), isInsecureRemote(u)]).toEqual([u, true, false]);
    for (const u of ['http://192.168.1.20:11434/v1', 'http://localhost.example.com/v1', 'http://127.0.0.1.nip.io/v1'])
      expect([u, isInsecureRemote(u)]).toEqual([u, true]);
    expect(isInsecureRemote('https://api.groq.com/openai/v1')).toBe(false);
  });

  it('makes ids from names, unique in the list', () => {
    expect(newEndpointId('LM Studio', [])).toBe('lm-studio');
    expect(newEndpointId('Ollama', ['ollama', 'ollama-2'])).toBe('ollama-3');
    expect(newEndpointId('***', [])).toBe('endpoint');
  });

  it('writes back only the fields of the setting', () => {
    const e: EndpointConfig = {
      id: 'x',
      label: 'X',
      kind: 'anthropic',
      baseUrl: 'http://10.0.0.2:4000',
      allowInsecureKey: true,
      issue: { setting: 'kata.endpoints', message: 'm' },
    };
    expect(serializeEndpoints([e])).toEqual([
      { id: 'x', label: 'X', kind: 'anthropic', baseUrl: 'http://10.0.0.2:4000', allowInsecureKey: true },
    ]);
  });
});

describe('presets', () => {
  it('cover the documented servers, each with a valid URL and a wire kind', () => {
    expect(ENDPOINT_PRESETS.map((p) => p.label)).toEqual([
      'OpenAI',
      'Anthropic',
      'Ollama',
      'LM Studio',
      'vLLM',
      'llama.cpp server',
      'OpenRouter',
      'Groq',
      'Together AI',
      'DeepSeek',
      'Mistral',
      'Google Gemini',
      'Custom…',
    ]);
    for (const p of ENDPOINT_PRESETS.filter((x) => x.baseUrl)) {
      expect(checkEndpointUrl(p.baseUrl).url, p.label).toBe(p.baseUrl);
      // Hosted APIs are https and need a key; local servers are loopback http.
      if (p.key === 'required') expect(p.baseUrl, p.label).toMatch(/^https:\/\//);
      else expect(isLoopback(p.baseUrl), p.label).toBe(true);
    }
  });
});

describe('migration from the older base-URL settings', () => {
  it('derives the built-in endpoints from them while kata.endpoints is unset, and a stored key keeps working', async () => {
    const parsed = parseProviderSettings({
      anthropicBaseUrl: fake.anthropicBaseUrl,
      openaiBaseUrl: `${fake.openaiBaseUrl}/`,
      requestTimeoutSeconds: 30,
      endpoints: undefined,
    });
    expect(parsed.issues).toEqual([]);
    expect(endpointsOf(parsed.settings)).toEqual([
      { id: 'anthropic', label: 'Anthropic', kind: 'anthropic', baseUrl: fake.anthropicBaseUrl },
      { id: 'openai', label: 'OpenAI', kind: 'openai-compatible', baseUrl: fake.openaiBaseUrl },
    ]);
    // A key stored before endpoints existed, under the provider id.
    const secrets = new Map([['kata.apiKey.openai', KEY_A]]);
    const rt = runtimeWith(() => parsed.settings, secrets);
    const before = fake.requests.length;
    expect((await rt.get('openai').listModels()).map((m) => m.id)).toContain('gpt-4o');
    const req = fake.requests.slice(before).find((r) => r.path === '/openai/v1/models');
    expect(authOf(req!)).toBe(`Bearer ${KEY_A}`);

    // The first edit writes the list; the same ids keep the same key slots.
    const written = parseProviderSettings({
      anthropicBaseUrl: 'https://api.anthropic.com',
      openaiBaseUrl: 'https://api.openai.com/v1',
      requestTimeoutSeconds: 30,
      endpoints: serializeEndpoints(endpointsOf(parsed.settings)),
    });
    const rt2 = runtimeWith(() => written.settings, secrets);
    expect((await rt2.resolveAuth('openai')).resolvedSource).toBe('secret');
    expect((await rt2.get('openai').listModels()).length).toBe(3);
  });

  it('ignores the older settings (and their problems) once kata.endpoints is set', () => {
    const r = parseProviderSettings({
      anthropicBaseUrl: 'not a url',
      openaiBaseUrl: 'https://api.openai.com/v1',
      requestTimeoutSeconds: 30,
      endpoints: [{ id: 'ollama', label: 'Ollama', kind: 'openai-compatible', baseUrl: 'http://localhost:11434/v1' }],
    });
    expect(r.issues).toEqual([]);
    expect(endpointsOf(r.settings).map((e) => e.id)).toEqual(['ollama']);
  });
});

describe('keys go only to their own endpoint', () => {
  const list = (): EndpointConfig[] => [
    { id: 'openai', label: 'OpenAI', kind: 'openai-compatible', baseUrl: fake.openaiBaseUrl },
    { id: 'ollama', label: 'Ollama', kind: 'openai-compatible', baseUrl: fake.ollamaBaseUrl },
    { id: 'team', label: 'Team server', kind: 'openai-compatible', baseUrl: second.openaiBaseUrl },
  ];
  const settings = (): ProviderSettings => ({
    anthropicBaseUrl: 'https://api.anthropic.com',
    openaiBaseUrl: 'https://api.openai.com/v1',
    endpoints: list(),
    idleTimeoutMs: 5000,
  });

  it('lists and streams each endpoint with its own key, and none to the keyless one', async () => {
    const secrets = new Map([
      ['kata.apiKey.openai', KEY_A],
      ['kata.apiKey.team', KEY_B],
    ]);
    const rt = runtimeWith(settings, secrets);
    const kv = new Map<string, unknown>();
    const records = new RecordStore({ get: (k) => kv.get(k), update: async (k, v) => void kv.set(k, v) }, silentLogger);
    const catalog = new ModelCatalog(rt, records, settings, silentLogger);
    const a0 = fake.requests.length;
    const b0 = second.requests.length;
    await catalog.refresh();
    expect(catalog.ids()).toEqual(['openai', 'ollama', 'team']);
    expect(catalog.snapshot('ollama').models.map((m) => m.id)).toEqual(['llama3.2:3b', 'qwen2.5-coder:7b']);
    expect(catalog.snapshot('ollama').models.every((m) => m.providerId === 'ollama')).toBe(true);
    expect(catalog.snapshot('team').models.length).toBe(3);

    for (const id of ['ollama', 'openai', 'team']) {
      const model = catalog.snapshot(id).models[0].id;
      let text = '';
      for await (const ev of rt
        .get(id)
        .stream({ model, messages: [{ role: 'user', content: `hello ${id}` }], maxTokens: 50 }))
        if (ev.type === 'text') text += ev.text;
      expect(text).toContain(`hello ${id}`);
    }
    const mine = fake.requests.slice(a0);
    const theirs = second.requests.slice(b0);
    expect(mine.filter((r) => r.provider === 'ollama').length).toBe(2);
    for (const r of mine.filter((x) => x.provider === 'ollama')) expect(r.headers.authorization).toBeUndefined();
    for (const r of mine.filter((x) => x.provider === 'openai')) expect(authOf(r)).toBe(`Bearer ${KEY_A}`);
    expect(theirs.length).toBe(2);
    for (const r of theirs) expect(authOf(r)).toBe(`Bearer ${KEY_B}`);
    // The default model names its endpoint; removing the endpoint drops it.
    await catalog.setDefault({ providerId: 'ollama', modelId: 'llama3.2:3b' });
    expect(catalog.getDefault()).toEqual({ providerId: 'ollama', modelId: 'llama3.2:3b' });
  });

  it('checks an unsaved endpoint with its candidate key, sent to its URL only', async () => {
    const rt = runtimeWith(settings, new Map([['kata.apiKey.openai', KEY_A]]));
    const a0 = fake.requests.length;
    const b0 = second.requests.length;
    const candidate: EndpointConfig = {
      id: 'openai',
      label: 'Moved',
      kind: 'openai-compatible',
      baseUrl: second.openaiBaseUrl,
    };
    const ok = await rt.checkEndpoint(candidate, KEY_B);
    expect(ok.ok && ok.models.length).toBe(3);
    const bad = await rt.checkEndpoint(candidate, KEY_A);
    expect(!bad.ok && bad.error.code).toBe('invalid_auth');
    expect(fake.requests.length).toBe(a0);
    expect(second.requests.slice(b0).map(authOf)).toEqual([`Bearer ${KEY_B}`, `Bearer ${KEY_A}`]);
  });

  it('refuses to send a key over plain http to another machine until the user confirmed it', async () => {
    const remote: EndpointConfig = {
      id: 'lan',
      label: 'LAN box',
      kind: 'openai-compatible',
      baseUrl: 'http://192.0.2.10:11434/v1',
    };
    const tried: string[] = [];
    // Records what would go on the network and fails like an unreachable host (TEST-NET-1).
    const recording: FetchLike = async (u) => {
      tried.push(String(u));
      throw new TypeError('fetch failed');
    };
    let current = [remote];
    const s = (): ProviderSettings => ({ ...settings(), endpoints: current });
    const rt = runtimeWith(s, new Map([['kata.apiKey.lan', KEY_A]]), recording);
    await expect(rt.get('lan').listModels()).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/plain http.*key was not sent/),
    });
    const check = await rt.checkEndpoint(remote, KEY_A);
    expect(!check.ok && check.error.message).toMatch(/plain http/);
    expect(tried).toEqual([]);

    // Without a key there is nothing to leak.
    const keyless = await runtimeWith(s, new Map(), recording)
      .get('lan')
      .listModels()
      .catch((e) => e);
    expect(keyless.code).toBe('provider_unavailable');
    expect(tried).toEqual(['http://192.0.2.10:11434/v1/models']);

    current = [{ ...remote, allowInsecureKey: true }];
    await expect(rt.get('lan').listModels()).rejects.toMatchObject({ code: 'provider_unavailable' });
    expect(tried).toHaveLength(2);
  });

  it('fails clearly for an endpoint that was removed, without any request', async () => {
    const rt = runtimeWith(settings, new Map());
    const a0 = fake.requests.length;
    await expect(rt.get('gone').listModels()).rejects.toMatchObject({
      code: 'missing_auth',
    });
    expect((await rt.resolveAuth('gone')).reason).toMatch(/no endpoint "gone"/);
    expect(fake.requests.length).toBe(a0);
  });
});
