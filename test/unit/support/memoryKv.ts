import type { KeyValueStore } from '../../../src/core/ports';

/** globalState stand-in for tests: values go through JSON, as VS Code stores them. */
export class MemoryKv implements KeyValueStore {
  readonly map: Map<string, unknown>;
  /** `initial` is stored as given, so a test can start from a corrupt or outdated value. */
  constructor(initial: Record<string, unknown> = {}) {
    this.map = new Map(Object.entries(initial));
  }
  get(key: string): unknown {
    return this.map.get(key);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.map.delete(key);
    else this.map.set(key, JSON.parse(JSON.stringify(value)));
  }
}
