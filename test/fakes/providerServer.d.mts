// Types for providerServer.mjs, so TypeScript tests can import it.
import type { IncomingHttpHeaders } from 'node:http';

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. /anthropic/v1/models?after_id=x. */
  path: string;
  provider: 'anthropic' | 'openai' | 'ollama' | 'other';
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (or the raw text when it is not JSON). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** True when the client closed the connection before the server finished. */
  closedEarly: boolean;
  /** True when the server destroyed the socket on purpose ([die]). */
  serverDestroyed: boolean;
  status?: number;
  startedAt: number;
  endedAt?: number;
}

export interface ProviderServerOptions {
  port?: number;
  keys?: { anthropic?: string[]; openai?: string[] };
  allowNoKey?: boolean;
  models?: { anthropic?: object[]; openai?: object[]; ollama?: object[] };
  anthropicPageSize?: number;
  deltaDelayMs?: number;
  slowDelayMs?: number;
  strictModels?: boolean;
  rejectStreamOptions?: boolean;
  log?: boolean;
}

export interface ProviderServer {
  port: number;
  url: string;
  anthropicBaseUrl: string;
  openaiBaseUrl: string;
  /** A second OpenAI-compatible server that takes no key (like Ollama), same port. */
  ollamaBaseUrl: string;
  keys: { anthropic: string; openai: string };
  requests: RecordedRequest[];
  setDefaultReply(text: string | undefined): void;
  waitForRequest(pred?: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  waitForClose(pred?: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export const DEFAULT_KEYS: { anthropic: string; openai: string };
export const DEFAULT_MODELS: { anthropic: object[]; openai: object[]; ollama: object[] };
export function startProviderServer(options?: ProviderServerOptions): Promise<ProviderServer>;
