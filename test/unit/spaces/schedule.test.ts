// The Spaces view's refresh scheduling: a burst of file events is one refresh after a quiet
// period, the worktrees it names are merged, and a refresh never overlaps another. Fake timers:
// the quiet period is a rule here, not a wall-clock margin.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RefreshScheduler, type Dirty } from '../../../src/core/spaces/schedule';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const names = (d: Dirty) => (d === 'all' ? 'all' : [...d].sort());

describe('RefreshScheduler', () => {
  it('turns a burst of 100 events into one refresh after 400 ms of quiet, with every worktree named', async () => {
    const runs: Dirty[] = [];
    const s = new RefreshScheduler(async (d) => void runs.push(d), 400);
    for (let i = 0; i < 100; i++) {
      if (i) await vi.advanceTimersByTimeAsync(10);
      s.request(i % 2 ? '/r.spaces/a' : '/r.spaces/b');
    }
    expect(runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(399);
    expect(runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs.map(names)).toEqual([['/r.spaces/a', '/r.spaces/b']]);
    expect([s.refreshes, s.requests]).toEqual([1, 100]);
  });

  it('never overlaps: events during a refresh make one more refresh after it, not a second at once', async () => {
    let active = 0;
    let most = 0;
    const runs: Dirty[] = [];
    let finish: (() => void) | undefined;
    const s = new RefreshScheduler(async (d) => {
      runs.push(d);
      most = Math.max(most, ++active);
      await new Promise<void>((r) => (finish = r));
      active--;
    }, 400);
    s.request('/a');
    await vi.advanceTimersByTimeAsync(400);
    expect(runs).toHaveLength(1);
    s.request('/b');
    s.request('all');
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toHaveLength(1);
    finish!();
    await vi.advanceTimersByTimeAsync(1);
    expect(runs.map(names)).toEqual([['/a'], 'all']);
    finish!();
    await vi.advanceTimersByTimeAsync(1);
    expect(most).toBe(1);
  });

  it('runs at once when asked (a manual refresh), and nothing after dispose', async () => {
    const runs: Dirty[] = [];
    const s = new RefreshScheduler(async (d) => void runs.push(d), 400);
    s.request('all', true);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual(['all']);
    s.request('/a');
    s.dispose();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual(['all']);
  });
});
