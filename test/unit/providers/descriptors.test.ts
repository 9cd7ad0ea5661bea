import { describe, expect, it } from 'vitest';
import { PROVIDERS, descriptorOf } from '../../../src/core/providers/descriptors';
import {
  BUILT_IN_ENDPOINTS,
  ENDPOINT_KINDS,
  LEGACY_BASE_URL_SETTING,
  serializeEndpoints,
} from '../../../src/core/providers/endpoints';
import { ENDPOINT_PRESETS } from '../../../src/core/providers/presets';
import { SETTINGS } from '../../../src/core/settings/table';

describe('provider descriptors', () => {
  it('give one descriptor per endpoint kind the settings accept', () => {
    expect(PROVIDERS.map((p) => p.kind)).toEqual([...ENDPOINT_KINDS]);
    for (const k of ENDPOINT_KINDS)
      expect(SETTINGS.endpoints.schema.safeParse([{ id: 'x', kind: k, baseUrl: 'http://h' }]).success).toBe(true);
    for (const k of ENDPOINT_KINDS) expect(descriptorOf(k).kind).toBe(k);
  });

  it('make the built-in endpoints the manifest default of the endpoint list', () => {
    expect(serializeEndpoints(BUILT_IN_ENDPOINTS)).toEqual(SETTINGS.endpoints.default);
  });

  it('give each built-in endpoint its older base-URL setting, whose default is the provider API', () => {
    for (const p of PROVIDERS) {
      expect(LEGACY_BASE_URL_SETTING[p.builtIn.id]).toBe(p.baseUrlSetting.key);
      expect(p.defaultBaseUrl).toBe(p.baseUrlSetting.default);
      expect(p.secretKey).toBe(`kata.apiKey.${p.builtIn.id}`);
      expect(p.envVar).toMatch(/^[A-Z_]+_API_KEY$/);
    }
  });

  it('agree with the presets of the built-in endpoints', () => {
    for (const p of PROVIDERS) {
      const preset = ENDPOINT_PRESETS.find((x) => x.id === p.builtIn.id);
      expect(preset).toMatchObject({ kind: p.kind, baseUrl: p.defaultBaseUrl, label: p.builtIn.label });
    }
  });
});
