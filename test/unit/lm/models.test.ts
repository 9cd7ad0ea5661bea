// The models lent to VS Code: which endpoints lend, ids, names, limits (live lists first, then
// the table, then the documented defaults) and capabilities.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, knownModel, modelLimits } from '../../../src/core/lm/limits';
import {
  familyAndVersion,
  lmModels,
  lmSignature,
  parseLmModelId,
  type EndpointState,
} from '../../../src/core/lm/models';
import { BUILT_IN_ENDPOINTS, type EndpointConfig } from '../../../src/core/providers/endpoints';
import type { ModelInfo } from '../../../src/core/providers/types';

const [ANTHROPIC, OPENAI] = BUILT_IN_ENDPOINTS;
const OLLAMA: EndpointConfig = {
  id: 'ollama',
  label: 'Ollama',
  kind: 'openai-compatible',
  baseUrl: 'http://localhost:11434/v1',
};
const OPENROUTER: EndpointConfig = {
  id: 'openrouter',
  label: 'OpenRouter',
  kind: 'openai-compatible',
  baseUrl: 'https://openrouter.ai/api/v1',
};

const m = (providerId: string, id: string, over: Partial<ModelInfo> = {}): ModelInfo => ({
  providerId,
  id,
  displayName: id,
  ...over,
});

const secret = { resolvedSource: 'secret' } as EndpointState['auth'];

describe('which models are lent', () => {
  it('lends the chat models of every endpoint with a key or that answered without one, in the user order', () => {
    const states: EndpointState[] = [
      {
        endpoint: ANTHROPIC,
        auth: secret,
        models: [m('anthropic', 'claude-sonnet-4-5', { displayName: 'Claude Sonnet 4.5' })],
      },
      {
        endpoint: OPENAI,
        auth: secret,
        models: [m('openai', 'gpt-4o'), m('openai', 'text-embedding-3-small'), m('openai', 'tts-1')],
      },
      { endpoint: OLLAMA, models: [m('ollama', 'llama3.2:3b')] },
    ];
    const out = lmModels(states);
    expect(out.map((x) => x.id)).toEqual(['anthropic/claude-sonnet-4-5', 'openai/gpt-4o', 'ollama/llama3.2:3b']);
    expect(out[0]).toMatchObject({
      name: 'Claude Sonnet 4.5',
      detail: 'Anthropic',
      endpointId: 'anthropic',
      endpointKind: 'anthropic',
      modelId: 'claude-sonnet-4-5',
    });
    expect(out[0].tooltip).toContain('claude-sonnet-4-5 on Anthropic (api.anthropic.com).');
    expect(out[2].tooltip).toContain('on Ollama (localhost:11434)');
  });

  it('keeps two endpoints listing the same model apart: unique ids, each naming its endpoint', () => {
    const out = lmModels([
      { endpoint: OPENAI, auth: secret, models: [m('openai', 'gpt-4o')] },
      { endpoint: OPENROUTER, auth: secret, models: [m('openrouter', 'gpt-4o')] },
    ]);
    expect(out.map((x) => x.id)).toEqual(['openai/gpt-4o', 'openrouter/gpt-4o']);
    expect(out.map((x) => x.detail)).toEqual(['OpenAI', 'OpenRouter']);
    expect(parseLmModelId('openrouter/anthropic/claude-3.5-sonnet')).toEqual({
      endpointId: 'openrouter',
      modelId: 'anthropic/claude-3.5-sonnet',
    });
    expect(parseLmModelId('no-slash')).toBeUndefined();
  });

  it('takes the models away when the key was rejected or removed, or the URL is refused, but not when offline', () => {
    const models = [m('openai', 'gpt-4o')];
    expect(lmModels([{ endpoint: OPENAI, models, error: { code: 'invalid_auth' } }])).toEqual([]);
    expect(lmModels([{ endpoint: OPENAI, models, error: { code: 'missing_auth' } }])).toEqual([]);
    const refused = { ...OPENAI, issue: { setting: 'kata.endpoints', message: 'bad URL' } };
    expect(lmModels([{ endpoint: refused, models }])).toEqual([]);
    expect(lmModels([{ endpoint: OPENAI, models, error: { code: 'provider_unavailable' } }])).toHaveLength(1);
    expect(lmModels([{ endpoint: OPENAI, models: [] }])).toEqual([]);
  });

  it('the signature changes with what VS Code shows and only then', () => {
    const a = lmModels([{ endpoint: OPENAI, models: [m('openai', 'gpt-4o')] }]);
    const b = lmModels([{ endpoint: OPENAI, models: [m('openai', 'gpt-4o')] }]);
    const c = lmModels([{ endpoint: { ...OPENAI, label: 'Work' }, models: [m('openai', 'gpt-4o')] }]);
    expect(lmSignature(a)).toBe(lmSignature(b));
    expect(lmSignature(a)).not.toBe(lmSignature(c));
  });
});

describe('family and version', () => {
  it.each([
    ['claude-sonnet-4-5-20250929', undefined, 'claude-sonnet-4-5', '20250929'],
    ['gpt-4o-2024-08-06', undefined, 'gpt-4o', '2024-08-06'],
    ['llama3.2:3b', undefined, 'llama3.2', '3b'],
    ['anthropic/claude-3.5-sonnet', undefined, 'claude-3.5-sonnet', 'claude-3.5-sonnet'],
    ['gpt-4o', '2024-05-13T00:00:00.000Z', 'gpt-4o', '2024-05-13'],
    ['chatgpt-4o-latest', undefined, 'chatgpt-4o', 'chatgpt-4o-latest'],
  ])('%s → family and version', (id, createdAt, family, version) => {
    expect(familyAndVersion(m('x', id, { createdAt }))).toEqual({ family, version });
  });
});

describe('limits and capabilities', () => {
  it('uses the live list first: Anthropic input limit as is, an OpenAI-compatible window shared with the answer', () => {
    expect(
      modelLimits('anthropic', { id: 'claude-sonnet-4-5', contextWindow: 1_000_000, maxOutputTokens: 64_000 }),
    ).toMatchObject({ maxInputTokens: 1_000_000, maxOutputTokens: 64_000, source: 'list', toolCalling: true });
    expect(
      modelLimits('openai-compatible', {
        id: 'meta-llama/llama-3.3-70b',
        contextWindow: 131_072,
        maxOutputTokens: 16_384,
      }),
    ).toMatchObject({ maxInputTokens: 114_688, maxOutputTokens: 16_384, source: 'list' });
    // A window without an output limit: the table's output, never more than half the window.
    expect(modelLimits('openai-compatible', { id: 'some-local-model', contextWindow: 4_096 })).toMatchObject({
      maxInputTokens: 2_048,
      maxOutputTokens: 2_048,
      source: 'list',
    });
  });

  it('falls back to the table of known models, then to the documented defaults', () => {
    expect(modelLimits('openai-compatible', { id: 'gpt-4o' })).toEqual({
      maxInputTokens: 128_000,
      maxOutputTokens: 16_384,
      source: 'table',
      toolCalling: true,
      imageInput: true,
    });
    expect(modelLimits('openai-compatible', { id: 'my-finetune' })).toEqual({
      maxInputTokens: DEFAULT_LIMITS.input,
      maxOutputTokens: DEFAULT_LIMITS.output,
      source: 'default',
      toolCalling: undefined,
      imageInput: undefined,
    });
  });

  it.each([
    ['claude-opus-4-1-20250805', 32_000, true, true],
    ['claude-opus-4-5', 64_000, true, true],
    ['claude-3-5-haiku-latest', 8_192, true, undefined],
    ['anthropic/claude-3.5-sonnet', 8_192, true, true],
    ['gpt-4.1-mini', 32_768, true, true],
    ['gpt-5', 128_000, true, true],
    ['o1-mini', 65_536, undefined, undefined],
    ['o3-mini', 100_000, true, undefined],
    ['o4-mini', 100_000, true, true],
    ['gpt-3.5-turbo', 4_096, true, undefined],
    ['llama3.2:3b', 4_096, true, undefined],
    ['llama3.2-vision:11b', 4_096, undefined, true],
    ['qwen2.5-coder:7b', 4_096, true, undefined],
    ['gemini-2.5-pro', 65_536, true, true],
  ])('%s: %i output tokens, tools %s, images %s', (id, output, tools, images) => {
    const k = knownModel(id);
    expect(k?.output).toBe(output);
    expect(k?.tools).toBe(tools);
    expect(k?.images).toBe(images);
  });

  it('the tooltip says where the limits came from and what the model takes', () => {
    const [listed, known, unknown] = lmModels([
      {
        endpoint: ANTHROPIC,
        models: [
          m('anthropic', 'claude-haiku-4-5', { contextWindow: 200_000, maxOutputTokens: 64_000 }),
          m('anthropic', 'claude-sonnet-4-5'),
          m('anthropic', 'mystery-model'),
        ],
      },
    ]);
    expect(listed.tooltip).toContain(
      'Up to 200,000 input and 64,000 output tokens (limits as the endpoint lists them).',
    );
    expect(listed.tooltip).toContain('Takes tools and images.');
    expect(listed.capabilities).toEqual({ toolCalling: true, imageInput: true });
    expect(known.tooltip).toContain("limits from Kata Cloud's table of known models");
    expect(unknown.tooltip).toContain("limits unknown: Kata Cloud's defaults for unknown models");
    expect(unknown.capabilities).toEqual({});
    expect(unknown.tooltip).not.toContain('Takes');
  });
});
