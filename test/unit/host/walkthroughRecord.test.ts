import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/core/ports';
import { MemoryKv } from '../support/memoryKv';
import { RecordStore } from '../../../src/core/state/record';
import { Milestones, WALKTHROUGH } from '../../../src/core/walkthrough';

const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('walkthrough milestones', () => {
  it('remembers a deed across instances (a reloaded window) and tells listeners the first time only', async () => {
    const kv = new MemoryKv();
    const a = new Milestones(new RecordStore(kv, quiet), quiet);
    let heard = 0;
    a.onDidChange(() => heard++);
    expect(a.has('spec')).toBe(false);
    await a.reach('spec');
    await a.reach('spec');
    expect(heard).toBe(1);
    const b = new Milestones(new RecordStore(kv, quiet), quiet);
    expect([b.has('spec'), b.has('chat')]).toEqual([true, false]);
  });

  it('keeps both deeds when they are reached at once', async () => {
    const kv = new MemoryKv();
    const m = new Milestones(new RecordStore(kv, quiet), quiet);
    await Promise.all([m.reach('spec'), m.reach('chat')]);
    expect([m.has('spec'), m.has('chat')]).toEqual([true, true]);
  });

  it('records the steps reported to VS Code once each, apart from the deeds', async () => {
    const kv = new MemoryKv();
    const m = new Milestones(new RecordStore(kv, quiet), quiet);
    await m.reported('key');
    await m.reported('key');
    await m.reach('chat');
    expect(kv.map.get(WALKTHROUGH.key)).toEqual({ v: 1, data: { deeds: ['chat'], reported: ['key'] } });
    expect([m.wasReported('key'), m.wasReported('space')]).toEqual([true, false]);
  });

  it('resets a record that does not parse instead of trusting it', () => {
    const kv = new MemoryKv({ [WALKTHROUGH.key]: { v: 1, data: { deeds: ['everything'], reported: [] } } });
    const m = new Milestones(new RecordStore(kv, quiet), quiet);
    expect(m.has('spec')).toBe(false);
  });

  it('does not fail the deed when the record cannot be written', async () => {
    const kv = new MemoryKv();
    kv.update = async () => {
      throw new Error('storage is gone');
    };
    const m = new Milestones(new RecordStore(kv, quiet), quiet);
    await expect(m.reach('chat')).resolves.toBeUndefined();
    expect(m.has('chat')).toBe(false);
  });
});
