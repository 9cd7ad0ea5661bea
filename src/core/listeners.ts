import type { Logger } from './ports';
import { errorDetail } from './errorMessage';

/** A set of change listeners; one failing listener is logged and does not stop the others. */
export class Listeners {
  private readonly set = new Set<() => void>();

  constructor(private readonly log: Logger) {}

  add(listener: () => void): { dispose(): void } {
    this.set.add(listener);
    return { dispose: () => this.set.delete(listener) };
  }

  fire(): void {
    for (const l of [...this.set]) {
      try {
        l();
      } catch (e) {
        this.log.error(errorDetail(e));
      }
    }
  }

  clear(): void {
    this.set.clear();
  }
}
