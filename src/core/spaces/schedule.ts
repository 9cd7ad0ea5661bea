// Coalesces refresh requests: file events name the worktree they touched, a burst of them (a save
// of many files, a checkout, VS Code's own git status rewriting the index) becomes ONE refresh
// after a quiet period, and a refresh never overlaps another. Keystrokes are not events here:
// the host listens to saves and to git's metadata, never to document edits.

import { Disposable } from '../disposable';

export type Dirty = 'all' | Set<string>;

export class RefreshScheduler extends Disposable {
  private pending: Dirty | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  refreshes = 0;
  /** Requests received so far: with `refreshes`, how much a burst was coalesced. */
  requests = 0;

  constructor(
    private readonly run: (dirty: Dirty) => Promise<void>,
    private readonly quietMs = 300,
  ) {
    super();
    this.onDispose(() => {
      clearTimeout(this.timer);
      this.timer = undefined;
    });
  }

  /** Marks a worktree (or everything) dirty and schedules one refresh after the quiet period. */
  request(what: string | 'all', immediate = false): void {
    if (this.isDisposed) return;
    this.requests++;
    if (what === 'all' || this.pending === 'all') this.pending = 'all';
    else {
      const set: Set<string> = this.pending ?? new Set();
      set.add(what);
      this.pending = set;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), immediate ? 0 : this.quietMs);
  }

  /** Resolves when no refresh is pending or running. */
  async idle(): Promise<void> {
    while (this.running || this.timer) {
      await (this.running ?? new Promise((r) => setTimeout(r, this.quietMs)));
    }
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.running) {
      // Rerun once the current one ends; the dirty set keeps accumulating meanwhile.
      await this.running;
      if (!this.timer && this.pending) this.timer = setTimeout(() => void this.flush(), 0);
      return;
    }
    const dirty = this.pending;
    this.pending = undefined;
    if (!dirty) return;
    this.refreshes++;
    this.running = this.run(dirty).finally(() => (this.running = undefined));
    await this.running.catch(() => undefined);
  }
}
