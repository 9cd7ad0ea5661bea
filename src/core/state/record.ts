// Everything kept in globalState is a small versioned record, parsed with zod on every read.
// Stored data is never trusted: a record that does not parse (or has an unknown version) is
// reset to its default with one log line, so a corrupt store can never break activation.
import type { z } from 'zod';
import type { KeyValueStore, Logger } from '../ports';

export interface RecordSpec<T> {
  key: string;
  version: number;
  schema: z.ZodType<T>;
  fallback: () => T;
  /** Upgrades an older envelope's data; return undefined to reset instead. */
  migrate?: (fromVersion: number, data: unknown) => unknown;
}

interface Envelope {
  v: number;
  data: unknown;
}

function isEnvelope(x: unknown): x is Envelope {
  return typeof x === 'object' && x !== null && typeof (x as Envelope).v === 'number' && 'data' in x;
}

export class RecordStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly log: Logger,
  ) {}

  read<T>(spec: RecordSpec<T>): T {
    const raw = this.kv.get(spec.key);
    if (raw === undefined) return spec.fallback();
    let data: unknown;
    if (isEnvelope(raw) && raw.v === spec.version) {
      data = raw.data;
    } else if (isEnvelope(raw) && raw.v < spec.version && spec.migrate) {
      data = spec.migrate(raw.v, raw.data);
    } else {
      return this.reset(spec, `unknown envelope or version ${isEnvelope(raw) ? raw.v : typeof raw}`);
    }
    const parsed = spec.schema.safeParse(data);
    if (!parsed.success)
      return this.reset(
        spec,
        parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; '),
      );
    return parsed.data;
  }

  async write<T>(spec: RecordSpec<T>, value: T): Promise<void> {
    // Validate on the way in too, so a bug cannot persist a record that would be reset later.
    const data = spec.schema.parse(value);
    await this.kv.update(spec.key, { v: spec.version, data } satisfies Envelope);
  }

  async clear(spec: RecordSpec<unknown>): Promise<void> {
    await this.kv.update(spec.key, undefined);
  }

  private reset<T>(spec: RecordSpec<T>, why: string): T {
    this.log.warn(`Stored record "${spec.key}" was invalid and has been reset (${why}).`);
    void this.kv.update(spec.key, undefined).then(undefined, () => undefined);
    return spec.fallback();
  }
}
