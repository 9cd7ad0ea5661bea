import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Logger } from '../../../src/core/ports';
import { MemoryKv } from '../support/memoryKv';
import { RecordStore } from '../../../src/core/state/record';
import { DEFAULT_MODEL, MODEL_CACHE } from '../../../src/core/state/records';

function capture(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: unknown) => lines.push(String(m));
  return { lines, trace: push, debug: push, info: push, warn: push, error: push };
}

describe('RecordStore', () => {
  it('round-trips a valid record in a versioned envelope', async () => {
    const kv = new MemoryKv();
    const store = new RecordStore(kv, capture());
    await store.write(DEFAULT_MODEL, { providerId: 'openai', modelId: 'gpt-4o' });
    expect(kv.map.get('kata.defaultModel')).toEqual({ v: 2, data: { providerId: 'openai', modelId: 'gpt-4o' } });
    expect(store.read(DEFAULT_MODEL)).toEqual({ providerId: 'openai', modelId: 'gpt-4o' });
  });

  it.each([
    ['a bare string', 'gpt-4o'],
    ['an unknown version', { v: 99, data: { providerId: 'openai', modelId: 'x' } }],
    ['an endpoint id that cannot exist', { v: 2, data: { providerId: 'Not An Id!', modelId: 'x' } }],
    ['a huge id', { v: 1, data: { providerId: 'openai', modelId: 'x'.repeat(10_000) } }],
  ])('resets %s to the default with one log line', async (_name, raw) => {
    const kv = new MemoryKv({ 'kata.defaultModel': raw });
    const log = capture();
    const store = new RecordStore(kv, log);
    expect(store.read(DEFAULT_MODEL)).toBeNull();
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/kata\.defaultModel.*reset/);
    await new Promise((r) => setTimeout(r, 0));
    expect(kv.map.get('kata.defaultModel')).toBeUndefined();
  });

  it('carries a default model and model lists of version 1 over to the built-in endpoints of the same id', () => {
    const models = [{ providerId: 'anthropic', id: 'claude-sonnet-4-5', displayName: 'Claude Sonnet 4.5' }];
    const kv = new MemoryKv({
      'kata.defaultModel': { v: 1, data: { providerId: 'anthropic', modelId: 'claude-sonnet-4-5' } },
      'kata.modelCache': { v: 1, data: { anthropic: { fetchedAt: 5, baseUrl: 'https://api.anthropic.com', models } } },
    });
    const log = capture();
    const store = new RecordStore(kv, log);
    expect(store.read(DEFAULT_MODEL)).toEqual({ providerId: 'anthropic', modelId: 'claude-sonnet-4-5' });
    expect(store.read(MODEL_CACHE).anthropic?.models).toEqual(models);
    expect(log.lines).toEqual([]);
  });

  it('refuses to write an invalid record', async () => {
    const store = new RecordStore(new MemoryKv(), capture());
    await expect(store.write(MODEL_CACHE, { openai: { fetchedAt: -1, baseUrl: 'x', models: [] } })).rejects.toThrow();
  });

  it('migrates an older envelope when the spec allows it', () => {
    const kv = new MemoryKv({ k: { v: 1, data: 'old' } });
    const store = new RecordStore(kv, capture());
    const value = store.read({
      key: 'k',
      version: 2,
      schema: z.object({ name: z.string() }),
      fallback: () => ({ name: 'none' }),
      migrate: (_v, d) => ({ name: String(d) }),
    });
    expect(value).toEqual({ name: 'old' });
  });
});
