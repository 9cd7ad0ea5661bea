// The few things the core needs from its host, as small interfaces. The extension implements
// them over VS Code (src/host); unit tests pass plain objects. Nothing here imports `vscode`.

/** A store for secrets (VS Code SecretStorage in the extension). */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Small persisted records (VS Code globalState in the extension). Values must be JSON. */
export interface KeyValueStore {
  get(key: string): unknown;
  update(key: string, value: unknown): Promise<void>;
}

export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface Clock {
  now(): number;
}

/** Read-only view of the process environment (for the key fallback). */
export type Env = Readonly<Record<string, string | undefined>>;

export const silentLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};
