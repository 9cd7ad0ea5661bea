// The provider runtime's contract: what the rest of the extension may rely on, whichever API
// (Anthropic Messages, OpenAI Chat Completions or an OpenAI-compatible server) is behind it.

import { SETTINGS, type EndpointEntry, type SettingIssue } from '../settings/table';

/**
 * The id of an endpoint in the user's list (`anthropic` and `openai` are the built-in ones).
 * Models, errors, keys and the default model all name the endpoint they belong to.
 */
export type ProviderId = string;

/** Where a key came from. `none`: no key (allowed for custom OpenAI-compatible endpoints). */
export type AuthSource = 'secret' | 'env' | 'none';

export interface AuthResolution {
  providerId: ProviderId;
  /** The preferred source (always SecretStorage first). */
  requestedSource: AuthSource;
  /** The source actually used. */
  resolvedSource: AuthSource;
  /** True when the requested source was empty and a later one was used. */
  fallbackApplied: boolean;
  /** The key; never logged, never persisted outside SecretStorage. */
  apiKey?: string;
  /** Set when no usable key was found. */
  failureCode?: 'missing_auth';
  /** Human-readable explanation of the resolution, safe to show (contains no key). */
  reason: string;
  /** Name of the environment variable consulted, e.g. ANTHROPIC_API_KEY. */
  envVar: string;
}

export interface ModelInfo {
  providerId: ProviderId;
  id: string;
  displayName: string;
  contextWindow?: number;
  maxOutputTokens?: number;
  /** ISO date when the API reports one. */
  createdAt?: string;
}

/** A tool the model may call: its name and a JSON Schema for its arguments (an object schema). */
export interface ToolDefinition {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/** `auto`: the model decides; `required`: some tool; `{ name }`: that tool; `none`: no tool. */
export type ToolChoice = 'auto' | 'required' | 'none' | { name: string };

/** One part of a message. Tool calls belong to assistant messages, tool results and images to user ones. */
export type MessagePart =
  | { type: 'text'; text: string }
  | { type: 'tool_call'; id: string; name: string; arguments: Record<string, unknown> }
  | { type: 'tool_result'; callId: string; content: string; isError?: boolean }
  /** An image in a user turn (base64), for models that take images. */
  | { type: 'image'; mimeType: string; data: string };

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string | MessagePart[];
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  system?: string;
  maxTokens?: number;
  /** Sent only where the provider accepts it. */
  temperature?: number;
  tools?: ToolDefinition[];
  /** Sent only with tools. */
  toolChoice?: ToolChoice;
}

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'content_filter' | 'other';

/**
 * A tool call whose arguments are complete: `arguments` when they are a JSON object, else
 * `error` (a sentence naming the tool) and the raw text as the model sent it.
 */
export interface FinishedToolCall {
  type: 'tool_call_end';
  /** Position of the call in this answer (0, 1, …), the same as its `tool_call` deltas. */
  index: number;
  /** The provider's id, or a generated one when an OpenAI-compatible server sent none. */
  id: string;
  name: string;
  rawArguments: string;
  arguments?: Record<string, unknown>;
  error?: string;
}

export type StreamEvent =
  | { type: 'text'; text: string }
  | { type: 'thinking'; text: string }
  /** The model declined to answer (OpenAI `refusal`): shown as a refusal, not as answer text. */
  | { type: 'refusal'; text: string }
  /** A fragment of a call's arguments; the first event of a call has its id and name. */
  | { type: 'tool_call'; index: number; id?: string; name?: string; argumentsDelta: string }
  | FinishedToolCall
  | { type: 'usage'; inputTokens?: number; outputTokens?: number }
  | { type: 'done'; stopReason: StopReason; rawStopReason?: string };

/** Why the runtime waits before sending a request again (only before the first content byte). */
export type RetryReason = 'rate_limited' | 'overloaded' | 'server_error' | 'network';

/** A wait before an automatic retry: what failed, and how long until the next attempt. */
export interface RetryWait {
  reason: RetryReason;
  status?: number;
  /** 1-based number of the retry about to be made, out of `maxRetries`. */
  attempt: number;
  maxRetries: number;
  delayMs: number;
}

export interface StreamOptions {
  /** Aborting it closes the HTTP connection at once, also before the first byte. */
  signal?: AbortSignal;
  /** Told each time the runtime waits to retry, before the wait starts. */
  onRetryWait?: (wait: RetryWait) => void;
  /** Idle watchdog: a stream silent for this long fails with `stream_interrupted`. */
  idleTimeoutMs?: number;
}

export interface ProviderAdapter {
  readonly id: ProviderId;
  resolveAuth(): Promise<AuthResolution>;
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /**
   * Streams one answer. Throws ProviderError (also while iterating): HTTP errors, error events
   * inside a 200 stream, a stream that ends without its terminal event, stalls and cancellation.
   */
  stream(request: ChatRequest, options?: StreamOptions): AsyncIterable<StreamEvent>;
}

/** Settings the runtime reads each time it makes a request (so changes apply at once). */
export interface ProviderSettings {
  /** The older per-provider settings: the built-in endpoints' URLs while `endpoints` is unset. */
  anthropicBaseUrl: string;
  openaiBaseUrl: string;
  /** The user's endpoint list; unset until the user edits it. */
  endpoints?: EndpointConfig[];
  idleTimeoutMs: number;
}

export const DEFAULT_PROVIDER_SETTINGS: ProviderSettings = {
  anthropicBaseUrl: SETTINGS.anthropicBaseUrl.default,
  openaiBaseUrl: SETTINGS.openaiBaseUrl.default,
  idleTimeoutMs: SETTINGS.requestTimeoutSeconds.default * 1000,
};

/** The wire format an endpoint speaks. */
export type EndpointKind = EndpointEntry['kind'];

export interface EndpointConfig {
  id: string;
  label: string;
  kind: EndpointKind;
  /** The API root, validated (http(s), no credentials, query or fragment, no trailing slash). */
  baseUrl: string;
  /** The user confirmed sending a key over plain http to a host that is not this machine. */
  allowInsecureKey?: boolean;
  /** Why this entry cannot be used (an invalid URL): every request fails with it, none is sent. */
  issue?: SettingIssue;
}
