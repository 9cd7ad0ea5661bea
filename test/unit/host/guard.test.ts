import { describe, expect, it } from 'vitest';
import { BUILT_IN_ENDPOINTS } from '../../../src/core/providers/endpoints';
import { guardInvalidEndpoints } from '../../../src/core/providers/guard';
import type { ProviderRuntime } from '../../../src/core/providers/registry';
import type { SettingIssue } from '../../../src/core/providers/settings';
import type { AuthResolution, ProviderAdapter, ProviderId } from '../../../src/core/providers/types';

// A runtime that records which provider it was asked to reach.
function recordingRuntime(calls: string[]): ProviderRuntime {
  const auth = (id: ProviderId): AuthResolution => ({
    providerId: id,
    requestedSource: 'secret',
    resolvedSource: 'secret',
    fallbackApplied: false,
    reason: 'stored',
    envVar: 'X',
  });
  const adapter = (id: ProviderId): ProviderAdapter => ({
    id,
    resolveAuth: async () => auth(id),
    listModels: async () => {
      calls.push(`list:${id}`);
      return [];
    },
    stream: async function* () {
      calls.push(`stream:${id}`);
      yield { type: 'done', stopReason: 'end_turn' } as const;
    },
  });
  return {
    endpoints: () => [...BUILT_IN_ENDPOINTS],
    checkEndpoint: async (e) => {
      calls.push(`check:${e.id}`);
      return { ok: true, models: [] };
    },
    get: adapter,
    resolveAuth: async (id) => auth(id),
    validateKey: async (id) => {
      calls.push(`validate:${id}`);
      return { ok: true, models: [] };
    },
  };
}

describe('guardInvalidEndpoints', () => {
  const issue: SettingIssue = {
    setting: 'kata.openai.baseUrl',
    message: 'The setting "kata.openai.baseUrl" is not a valid URL ("localhost:1234").',
  };

  it('refuses every request of the provider whose base URL is invalid, naming the setting', async () => {
    const calls: string[] = [];
    const rt = guardInvalidEndpoints(recordingRuntime(calls), () => [issue]);
    await expect(rt.get('openai').listModels()).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('kata.openai.baseUrl'),
    });
    const it = rt.get('openai').stream({ model: 'm', messages: [] })[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toMatchObject({ code: 'bad_request' });
    const v = await rt.validateKey('openai', 'sk-x');
    expect(v.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it('leaves the other provider alone', async () => {
    const calls: string[] = [];
    const rt = guardInvalidEndpoints(recordingRuntime(calls), () => [issue]);
    await rt.get('anthropic').listModels();
    for await (const _ of rt.get('anthropic').stream({ model: 'm', messages: [] })) void _;
    expect(calls).toEqual(['list:anthropic', 'stream:anthropic']);
  });
});
