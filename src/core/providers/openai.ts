// OpenAI Chat Completions (and the servers that copy it: Ollama, LM Studio, vLLM, llama.cpp,
// OpenRouter): /models and streamed /chat/completions over the injected fetch.
import { z } from 'zod';
import { ProviderError } from './errors';
import { requestJson, requestSse, type AdapterDeps, type Endpoint } from './http';
import { errorFromStreamBody, parseErrorBody } from './httpErrors';
import { retryBeforeContent, retryRequest } from './retry';
import type { SseEvent } from './sse';
import {
  interruptedError,
  isContentBatch,
  malformedEventError,
  MappedReads,
  parseEventJson,
  prepareCall,
  pushText,
} from './streamCommon';
import { openaiMessages, OpenAIToolCalls, openaiTools, type OpenAIToolCallDelta } from './tools';
import type {
  AuthResolution,
  ChatRequest,
  ModelInfo,
  ProviderAdapter,
  ProviderId,
  StopReason,
  StreamEvent,
  StreamOptions,
} from './types';

const str = z.string().nullish();
const ToolCallDelta = z.object({
  index: z.number().int().nonnegative().optional(),
  id: str,
  function: z.object({ name: str, arguments: str }).nullish(),
});
const Chunk = z.object({
  choices: z
    .array(
      z.object({
        index: z.number().optional(),
        delta: z
          .object({
            content: str,
            reasoning_content: str,
            reasoning: str,
            refusal: str,
            tool_calls: z.array(ToolCallDelta).nullish(),
          })
          .nullish(),
        finish_reason: str,
      }),
    )
    .nullish(),
  usage: z.object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).nullish(),
});

const num = z.number().int().positive().nullish();
const ModelList = z.object({
  data: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().nullish(),
      created: z.number().nullish(),
      // Context sizes as OpenRouter, LM Studio, vLLM and others report them.
      context_length: num,
      context_window: num,
      max_context_length: num,
      max_model_len: num,
      top_provider: z.object({ max_completion_tokens: num, context_length: num }).nullish(),
    }),
  ),
});

const FINISH: Record<string, StopReason> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  content_filter: 'content_filter',
};

/** OpenAI's own list also holds embedding, audio and image models; the chat list shows chat models. */
const CHAT_MODEL = /^(gpt-|o\d|chatgpt-)/;
const NOT_CHAT = /(embedding|whisper|tts|transcribe|realtime|audio|image|dall-e|moderation|search|instruct)/;

/**
 * The delta of a chunk that holds one unfinished choice and nothing else (no usage, no error),
 * else undefined: the common shape of nearly every chunk of a long answer or tool call.
 */
function soleDelta(data: Record<string, unknown>): Record<string, unknown> | undefined {
  if (data.usage != null || data.error != null) return undefined;
  const choices = data.choices;
  if (!Array.isArray(choices) || choices.length !== 1) return undefined;
  const c = choices[0] as Record<string, unknown> | null;
  if (!c || typeof c !== 'object' || c.finish_reason != null || (c.index !== undefined && c.index !== 0))
    return undefined;
  const d = c.delta as Record<string, unknown> | null | undefined;
  return d && typeof d === 'object' ? d : undefined;
}

/**
 * The content of a chunk that carries only a text delta (nearly every chunk of a long answer),
 * else undefined. It accepts exactly what `Chunk` accepts for such a chunk, without zod's
 * per-object cost; everything else goes through `Chunk` and its error messages.
 */
function plainTextDelta(data: Record<string, unknown>): string | undefined {
  const d = soleDelta(data);
  if (!d || typeof d.content !== 'string') return undefined;
  if (d.reasoning_content != null || d.reasoning != null || d.refusal != null || d.tool_calls != null) return undefined;
  return d.content;
}

/**
 * The tool-call deltas of a chunk that carries only those (nearly every chunk of a long call),
 * else undefined; like `plainTextDelta`, exactly what `Chunk` accepts for such a chunk.
 */
function plainToolDeltas(data: Record<string, unknown>): OpenAIToolCallDelta[] | undefined {
  const d = soleDelta(data);
  if (!d || !Array.isArray(d.tool_calls)) return undefined;
  if (!(d.content === undefined || d.content === null || d.content === '')) return undefined;
  if (d.reasoning_content != null || d.reasoning != null || d.refusal != null) return undefined;
  for (const t of d.tool_calls as unknown[]) if (!isToolCallDelta(t)) return undefined;
  return d.tool_calls as OpenAIToolCallDelta[];
}

const optString = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string';

function isToolCallDelta(t: unknown): boolean {
  if (!t || typeof t !== 'object') return false;
  const x = t as Record<string, unknown>;
  if (x.index !== undefined && !(Number.isInteger(x.index) && (x.index as number) >= 0)) return false;
  if (!optString(x.id)) return false;
  const f = x.function;
  if (f === undefined || f === null) return true;
  if (typeof f !== 'object') return false;
  return optString((f as Record<string, unknown>).name) && optString((f as Record<string, unknown>).arguments);
}

/** Turns Chat Completions chunks into StreamEvents; one instance per response. */
export class OpenAIStreamMapper {
  finishReason: string | undefined;
  sawDone = false;
  private readonly tools = new OpenAIToolCalls();
  constructor(private readonly ep: Endpoint) {}

  map(ev: SseEvent, out: StreamEvent[]): void {
    if (ev.data === '[DONE]') {
      this.sawDone = true;
      return;
    }
    const data = parseEventJson(this.ep, ev);
    const fast = plainTextDelta(data);
    if (fast !== undefined) {
      if (fast) pushText(out, 'text', fast);
      return;
    }
    const calls = plainToolDeltas(data);
    if (calls) {
      for (const t of calls) this.tools.add(t, out);
      return;
    }
    if (data.error !== undefined && data.error !== null)
      throw errorFromStreamBody(this.ep, parseErrorBody(JSON.stringify(data)));
    const parsed = Chunk.safeParse(data);
    if (!parsed.success) throw malformedEventError(this.ep, 'chunk', parsed.error);
    const { choices, usage } = parsed.data;
    const c = choices?.find((x) => (x.index ?? 0) === 0);
    if (c) {
      const d = c.delta;
      if (d) {
        const thinking = d.reasoning_content ?? d.reasoning;
        if (thinking) pushText(out, 'thinking', thinking);
        if (d.content) pushText(out, 'text', d.content);
        if (d.refusal) pushText(out, 'refusal', d.refusal);
        if (d.tool_calls) for (const t of d.tool_calls) this.tools.add(t, out);
      }
      if (c.finish_reason) {
        this.finishReason = c.finish_reason;
        // The calls are whole only now: a stream cut before this never yields a finished call.
        this.tools.finish(out);
      }
    }
    if (usage)
      out.push({
        type: 'usage',
        inputTokens: usage.prompt_tokens ?? undefined,
        outputTokens: usage.completion_tokens ?? undefined,
      });
  }

  doneEvent(): StreamEvent {
    return {
      type: 'done',
      stopReason: (this.finishReason && FINISH[this.finishReason]) || 'other',
      rawStopReason: this.finishReason,
    };
  }
}

export interface OpenAIBodyOptions {
  streamOptions: boolean;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
}

export function openaiBody(req: ChatRequest, o: OpenAIBodyOptions): Record<string, unknown> {
  const messages: unknown[] = [];
  if (req.system) messages.push({ role: 'system', content: req.system });
  messages.push(...openaiMessages(req.messages));
  const body: Record<string, unknown> = { model: req.model, messages, stream: true, ...openaiTools(req) };
  if (o.streamOptions) body.stream_options = { include_usage: true };
  if (req.maxTokens !== undefined) body[o.maxTokensField] = req.maxTokens;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  return body;
}

/** Adjusts the body for what a server said it does not accept, or undefined when nothing helps. */
export function adjustForServer(e: unknown, o: OpenAIBodyOptions): OpenAIBodyOptions | undefined {
  if (!(e instanceof ProviderError) || e.code !== 'bad_request') return undefined;
  if (o.streamOptions && /stream_options/.test(e.message)) return { ...o, streamOptions: false };
  if (o.maxTokensField === 'max_tokens' && /max_completion_tokens/.test(e.message))
    return { ...o, maxTokensField: 'max_completion_tokens' };
  if (o.maxTokensField === 'max_completion_tokens' && /max_completion_tokens/.test(e.message))
    return { ...o, maxTokensField: 'max_tokens' };
  return undefined;
}

export function createOpenAIAdapter(deps: AdapterDeps, id: ProviderId = 'openai'): ProviderAdapter {
  // Base URLs that refused `stream_options`, so later requests do not pay for a failed one.
  const noStreamOptions = new Set<string>();

  // A custom OpenAI-compatible endpoint may be used without a key.
  const prepare = (signal?: AbortSignal, onRetryWait?: StreamOptions['onRetryWait']) =>
    prepareCall(id, deps, signal, (auth) => !auth.failureCode, onRetryWait);

  const headers = (auth: AuthResolution, accept: string): Record<string, string> => {
    const h: Record<string, string> = { 'content-type': 'application/json', accept };
    // A custom endpoint may run without a key: then no Authorization header at all.
    if (auth.apiKey) h.authorization = `Bearer ${auth.apiKey}`;
    return h;
  };

  return {
    id,
    resolveAuth: () => deps.auth(),

    async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
      const { auth, ep, hooks } = await prepare(signal);
      const json = await retryRequest(
        () =>
          requestJson(
            ep,
            `${ep.baseUrl}/models`,
            { method: 'GET', headers: headers(auth, 'application/json') },
            { signal, idleTimeoutMs: deps.settings().idleTimeoutMs },
          ),
        deps.retry,
        signal,
        hooks,
      );
      const parsed = ModelList.safeParse(json);
      if (!parsed.success) throw malformedEventError(ep, 'model list', parsed.error);
      let list = parsed.data.data;
      if (!ep.custom)
        list = list
          .filter((m) => CHAT_MODEL.test(m.id) && !NOT_CHAT.test(m.id))
          .sort((a, b) => a.id.localeCompare(b.id));
      return list.map((m) => ({
        providerId: id,
        id: m.id,
        displayName: m.name || m.id,
        createdAt: m.created ? new Date(m.created * 1000).toISOString() : undefined,
        contextWindow:
          m.context_length ??
          m.context_window ??
          m.max_context_length ??
          m.max_model_len ??
          m.top_provider?.context_length ??
          undefined,
        maxOutputTokens: m.top_provider?.max_completion_tokens ?? undefined,
      }));
    },

    async *stream(req: ChatRequest, options: StreamOptions = {}): AsyncGenerator<StreamEvent, void, undefined> {
      const { signal } = options;
      const { auth, ep, hooks } = await prepare(signal, options.onRetryWait);
      const idleTimeoutMs = options.idleTimeoutMs ?? deps.settings().idleTimeoutMs;
      const url = `${ep.baseUrl}/chat/completions`;

      async function* attempt(): AsyncGenerator<StreamEvent[], void, undefined> {
        // The official API wants max_completion_tokens (o-series refuse max_tokens); most
        // compatible servers only know max_tokens.
        let o: OpenAIBodyOptions = {
          streamOptions: !noStreamOptions.has(ep.baseUrl),
          maxTokensField: ep.custom ? 'max_tokens' : 'max_completion_tokens',
        };
        for (let fix = 0; ; fix++) {
          const init = {
            method: 'POST',
            headers: headers(auth, 'text/event-stream'),
            body: JSON.stringify(openaiBody(req, o)),
          };
          const mapper = new OpenAIStreamMapper(ep);
          try {
            const reads = new MappedReads(mapper, () => mapper.sawDone);
            for await (const _read of requestSse(ep, url, init, { signal, idleTimeoutMs }, reads)) {
              const { out, failure } = reads.take();
              if (!failure && mapper.sawDone && mapper.finishReason) out.push(mapper.doneEvent());
              if (out.length > 0) yield out;
              if (failure) throw failure;
              if (mapper.sawDone) break;
            }
          } catch (e) {
            // The answer was whole (finish_reason came); only the usage chunk or [DONE] was lost.
            if (mapper.finishReason && e instanceof ProviderError && e.code === 'stream_interrupted') {
              yield [mapper.doneEvent()];
              return;
            }
            const next = fix < 2 ? adjustForServer(e, o) : undefined;
            if (!next) throw e;
            if (!next.streamOptions && o.streamOptions) noStreamOptions.add(ep.baseUrl);
            deps.logger.debug(`openai: ${ep.label} refused a request field; retrying with ${JSON.stringify(next)}`);
            o = next;
            continue;
          }
          // `[DONE]` is optional; the chunk with finish_reason is what says the answer is whole.
          if (!mapper.finishReason) throw interruptedError(ep, 'finish_reason');
          if (!mapper.sawDone) yield [mapper.doneEvent()];
          return;
        }
      }

      for await (const batch of retryBeforeContent(attempt, isContentBatch, deps.retry, signal, hooks)) {
        for (const ev of batch) yield ev;
      }
    },
  };
}
