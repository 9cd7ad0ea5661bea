import { describe, expect, it } from 'vitest';
import { SETTINGS, checkSetting, userLevelOnly } from '../../../src/core/settings/table';
import { areasAffected, parseSettings } from '../../../src/core/settings/values';
import { manifest as pkg } from '../support/manifest';

const props = pkg.contributes.configuration.properties as Record<
  string,
  {
    scope?: string;
    default?: unknown;
    description?: string;
    markdownDescription?: string;
    minimum?: number;
    maximum?: number;
  }
>;
const rows = Object.values(SETTINGS);

describe('the settings table and contributes.configuration', () => {
  it('have the same keys, both ways', () => {
    expect(rows.map((r) => r.key).sort()).toEqual(Object.keys(props).sort());
  });

  it.each(rows.map((r) => [r.key, r] as const))(
    '%s: same scope and default, a description, a default the schema accepts',
    (key, r) => {
      const p = props[key];
      expect(r.scope).toBe(p.scope ?? 'window');
      expect(r.default).toEqual(p.default);
      expect((p.markdownDescription ?? p.description ?? '').length).toBeGreaterThan(10);
      expect(r.schema.safeParse(r.default).success).toBe(true);
      expect(r.affects.length).toBeGreaterThan(10);
    },
  );

  it.each(rows.filter((r) => props[r.key].minimum !== undefined).map((r) => [r.key, r] as const))(
    '%s: the schema accepts the manifest minimum and maximum, and refuses just outside them',
    (key, r) => {
      const { minimum, maximum } = props[key] as { minimum: number; maximum: number };
      expect(r.schema.safeParse(minimum).success).toBe(true);
      expect(r.schema.safeParse(maximum).success).toBe(true);
      expect(r.schema.safeParse(minimum - 0.5).success).toBe(false);
      expect(r.schema.safeParse(maximum + 0.5).success).toBe(false);
    },
  );

  it('reads every URL setting from the user level only', () => {
    for (const r of rows.filter((x) => /url/i.test(x.key))) expect(userLevelOnly(r), r.key).toBe(true);
  });
});

describe('checkSetting', () => {
  it('takes the default while unset, the value when it fits, and names the setting and the fix otherwise', () => {
    expect(checkSetting(SETTINGS.chatMaxOutputTokens, undefined)).toEqual({ value: 4096 });
    expect(checkSetting(SETTINGS.chatMaxOutputTokens, 100)).toEqual({ value: 100 });
    expect(checkSetting(SETTINGS.spacesOpenIn, 'sideways')).toEqual({
      value: 'ask',
      issue: {
        setting: 'kata.spaces.openIn',
        message:
          'The setting "kata.spaces.openIn" must be "ask", "thisWindow" or "newWindow"; a new space asks where to open.',
      },
    });
  });
});

describe('parseSettings', () => {
  it('gives every area its defaults when nothing is set, with no issue', () => {
    const { values, issues } = parseSettings({});
    expect(issues).toEqual([]);
    expect(values.providers).toEqual({
      anthropicBaseUrl: 'https://api.anthropic.com',
      openaiBaseUrl: 'https://api.openai.com/v1',
      idleTimeoutMs: 60_000,
    });
    expect(values.chat).toEqual({
      systemPrompt: '',
      maxOutputTokens: 4096,
      temperature: null,
      contextTokenLimit: 100_000,
    });
    expect(values.github.endpoints.host).toBe('github.com');
    expect(values.github.problem).toBeUndefined();
    expect(values.spaces).toEqual({ branchPrefix: 'kata/', folder: '', openIn: 'ask' });
  });

  it('reports each refused value once, naming its setting, and keeps the default', () => {
    const { values, issues } = parseSettings({
      requestTimeoutSeconds: 1,
      chatTemperature: 7,
      githubEnterpriseUrl: 'http://ghe.example.com',
      spacesBranchPrefix: 42,
      endpoints: 'not a list',
    });
    expect(issues.map((i) => i.setting)).toEqual([
      'kata.endpoints',
      'kata.requestTimeoutSeconds',
      'kata.chat.temperature',
      'kata.github.enterpriseUrl',
      'kata.spaces.branchPrefix',
    ]);
    for (const i of issues) expect(i.message).toContain(i.setting);
    expect(values.providers.idleTimeoutMs).toBe(60_000);
    expect(values.chat.temperature).toBeNull();
    expect(values.github.endpoints.host).toBe('github.com');
    expect(values.github.problem).toMatch(/must use https/);
    expect(values.spaces.branchPrefix).toBe('kata/');
  });

  it('takes a user endpoint list over the older base-URL settings, whose problems then do not count', () => {
    const { values, issues } = parseSettings({
      anthropicBaseUrl: 'ftp://nowhere',
      endpoints: [{ id: 'ollama', label: 'Ollama', kind: 'openai-compatible', baseUrl: 'http://localhost:11434/v1' }],
    });
    expect(issues).toEqual([]);
    expect(values.providers.endpoints?.map((e) => e.id)).toEqual(['ollama']);
  });
});

describe('areasAffected', () => {
  it('names the areas of the keys a change touched', () => {
    const touched = new Set(['kata.chat.temperature', 'kata.github.enterpriseUrl']);
    expect([...areasAffected((k) => touched.has(k))].sort()).toEqual(['chat', 'github']);
    expect(areasAffected(() => false).size).toBe(0);
  });
});
