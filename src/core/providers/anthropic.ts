// Anthropic Messages API: paginated /v1/models and streamed /v1/messages, over the injected fetch.
import { z } from 'zod';
import { ProviderError } from './errors';
import { requestJson, requestSse, type AdapterDeps, type Endpoint } from './http';
import { errorFromStreamBody } from './httpErrors';
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
  type StreamMapper,
} from './streamCommon';
import { anthropicMessages, anthropicTools, AnthropicToolCalls } from './tools';
import type {
  ChatRequest,
  ModelInfo,
  ProviderAdapter,
  ProviderId,
  StopReason,
  StreamEvent,
  StreamOptions,
} from './types';

export const ANTHROPIC_VERSION = '2023-06-01';
const DEFAULT_MAX_TOKENS = 8192;
const MAX_MODEL_PAGES = 50;

const num = z.number().nullish();
const Usage = z.object({
  input_tokens: num,
  output_tokens: num,
  cache_creation_input_tokens: num,
  cache_read_input_tokens: num,
});

// Only what the mapping reads is checked; unknown fields pass, unknown event types are skipped.
const EVENTS = {
  message_start: z.object({ message: z.object({ usage: Usage.nullish() }) }),
  content_block_start: z.object({
    index: z.number().int().nonnegative(),
    content_block: z.object({
      type: z.string(),
      id: z.string().optional(),
      name: z.string().optional(),
      text: z.string().optional(),
      thinking: z.string().optional(),
    }),
  }),
  content_block_delta: z.object({
    index: z.number().int().nonnegative(),
    delta: z.object({ type: z.string() }).passthrough(),
  }),
  content_block_stop: z.object({ index: z.number().int().nonnegative() }),
  message_delta: z.object({ delta: z.object({ stop_reason: z.string().nullish() }), usage: Usage.nullish() }),
  message_stop: z.object({}),
  ping: z.object({}),
  error: z.object({ error: z.object({ type: z.string().optional(), message: z.string().optional() }) }),
} as const;

const DELTAS = {
  text_delta: z.object({ text: z.string() }),
  thinking_delta: z.object({ thinking: z.string() }),
  input_json_delta: z.object({ partial_json: z.string() }),
} as const;

const ModelPage = z.object({
  data: z.array(
    z.object({
      id: z.string().min(1),
      display_name: z.string().nullish(),
      created_at: z.string().nullish(),
      max_input_tokens: z.number().int().positive().nullish(),
      max_tokens: z.number().int().positive().nullish(),
    }),
  ),
  has_more: z.boolean().optional(),
  last_id: z.string().nullish(),
});

const STOP: Record<string, StopReason> = {
  end_turn: 'end_turn',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  tool_use: 'tool_use',
  refusal: 'content_filter',
};

/**
 * Turns Anthropic SSE events into StreamEvents; one instance per response. Text and argument
 * deltas, nearly every event of a long answer, are claimed from the frame bytes (`claim`): the
 * string bodies of the deltas of one block in one read are joined and parsed with one JSON.parse,
 * with no event object, line or match array per delta. Every other frame comes through `map`.
 */
export class AnthropicStreamMapper implements StreamMapper {
  done = false;
  private stopReason: string | undefined;
  private readonly tools = new AnthropicToolCalls();
  constructor(private readonly ep: Endpoint) {}

  /** Consecutive claimed deltas of one block, frames `from`–`to` of `text`, not parsed yet. */
  private run:
    { kind: 'text' | 'json'; index: number; body: string; text: string; from: number; to: number } | undefined;

  map(ev: SseEvent, out: StreamEvent[]): void {
    this.flush(out);
    this.mapFull(ev, out);
  }

  /**
   * Takes the text or argument delta frame at `start` in its exact wire form (see DELTA_FRAME),
   * or returns -1. It takes nothing the full path would not accept: the data line must end the
   * frame with `"}}` and the string literal must not end inside an escape; a body that is not a
   * valid JSON string body fails the joined parse in `flush`, and then every frame of the run
   * takes the full path, which names the malformed one. Other key order, spacing or fields: -1.
   */
  claim(text: string, start: number, out: StreamEvent[]): number {
    DELTA_FRAME.lastIndex = start;
    if (!DELTA_FRAME.test(text)) return -1;
    const open = DELTA_FRAME.lastIndex;
    // The data line (up to the first line break) must be the frame's last line.
    const nl = text.indexOf('\n', open);
    if (nl === -1 || text.charCodeAt(nl + 1) !== 10) return -1;
    const close = nl - 3;
    if (close < open || text.charCodeAt(close) !== 34 || text.charCodeAt(close + 1) !== 125) return -1;
    if (text.charCodeAt(close + 2) !== 125) return -1;
    // A closing quote preceded by an odd run of backslashes is escaped.
    let slashes = 0;
    for (let j = close - 1; j >= open && text.charCodeAt(j) === 92; j--) slashes++;
    if (slashes % 2 === 1) return -1;
    let i = start + (text.charCodeAt(start) === 101 ? EVENT_LINE : 0) + INDEX_AT;
    let index = 0;
    for (let c = text.charCodeAt(i); c !== 44; c = text.charCodeAt(++i)) index = index * 10 + c - 48;
    const kind = text.charCodeAt(i + KIND_AT) === 116 ? 'text' : 'json';
    // Fragments for a block that is not a tool call get the full path's error.
    if (kind === 'json' && !this.tools.has(index)) return -1;
    const end = nl + 2;
    const r = this.run;
    if (r !== undefined && r.kind === kind && r.index === index && r.text === text && r.to === start) {
      r.body += text.slice(open, close);
      r.to = end;
      return end;
    }
    this.flush(out);
    this.run = { kind, index, body: text.slice(open, close), text, from: start, to: end };
    return end;
  }

  /**
   * Emits the pending fragments. Valid JSON string bodies joined are a valid body of the joined
   * text (no body may end inside an escape, which `claim` checks). When the join does not parse,
   * each frame is mapped alone as the event the SSE parser would have made of it.
   */
  flush(out: StreamEvent[]): void {
    const r = this.run;
    if (r === undefined) return;
    this.run = undefined;
    let value: unknown;
    try {
      value = JSON.parse(`"${r.body}"`);
    } catch {
      value = undefined;
    }
    if (typeof value === 'string') {
      if (r.kind === 'text') pushText(out, 'text', value);
      else this.tools.delta(r.index, value, out);
      return;
    }
    for (let at = r.from; at < r.to;) {
      const end = r.text.indexOf('\n\n', at);
      const event = r.text.charCodeAt(at) === 101 ? 'content_block_delta' : undefined;
      const dataAt = event === undefined ? at : at + EVENT_LINE;
      this.mapFull({ id: undefined, event, data: r.text.slice(dataAt + DATA_FIELD, end) }, out);
      at = end + 2;
    }
  }

  private mapFull(ev: SseEvent, out: StreamEvent[]): void {
    const data = parseEventJson(this.ep, ev);
    // Nearly every event of a long answer is a text delta. This check accepts exactly what the
    // schemas below accept for one, without their per-object cost; anything else, including a
    // malformed delta, goes through zod and gets its error message.
    if (data.type === 'content_block_delta' && isIndex(data.index)) {
      const d = data.delta as { type?: unknown; text?: unknown; partial_json?: unknown } | null | undefined;
      if (d && d.type === 'text_delta' && typeof d.text === 'string') {
        pushText(out, 'text', d.text);
        return;
      }
      // The same for the fragments of a tool call's arguments.
      if (
        d &&
        d.type === 'input_json_delta' &&
        typeof d.partial_json === 'string' &&
        this.tools.delta(data.index as number, d.partial_json, out)
      )
        return;
    }
    const type = typeof data.type === 'string' ? data.type : ev.event;
    if (type === undefined || !(type in EVENTS)) return;
    const parsed = EVENTS[type as keyof typeof EVENTS].safeParse(data);
    if (!parsed.success) throw malformedEventError(this.ep, type, parsed.error);
    const v = parsed.data;
    switch (type) {
      case 'content_block_delta': {
        const { index, delta } = v as z.infer<(typeof EVENTS)['content_block_delta']>;
        const schema = DELTAS[delta.type as keyof typeof DELTAS];
        if (!schema) return; // signature_delta, citations_delta, future types
        const d = schema.safeParse(delta);
        if (!d.success) throw malformedEventError(this.ep, `${type} ${delta.type}`, d.error);
        if (delta.type === 'text_delta') pushText(out, 'text', (d.data as { text: string }).text);
        else if (delta.type === 'thinking_delta') pushText(out, 'thinking', (d.data as { thinking: string }).thinking);
        else if (!this.tools.delta(index, (d.data as { partial_json: string }).partial_json, out)) {
          throw malformedEventError(this.ep, `${type} input_json_delta`, `block ${index} is not a tool_use block`);
        }
        return;
      }
      case 'message_start': {
        const u = (v as z.infer<(typeof EVENTS)['message_start']>).message.usage;
        if (u) out.push({ type: 'usage', inputTokens: inputTokens(u), outputTokens: u.output_tokens ?? undefined });
        return;
      }
      case 'content_block_start': {
        const { index, content_block: b } = v as z.infer<(typeof EVENTS)['content_block_start']>;
        // Only client tools: server tools (web search and the like) run at Anthropic, not here.
        if (b.type === 'tool_use') this.tools.start(index, b.id, b.name, out);
        else if (b.type === 'text' && b.text) pushText(out, 'text', b.text);
        else if (b.type === 'thinking' && b.thinking) pushText(out, 'thinking', b.thinking);
        return;
      }
      case 'message_delta': {
        const m = v as z.infer<(typeof EVENTS)['message_delta']>;
        if (m.delta.stop_reason) this.stopReason = m.delta.stop_reason;
        if (m.usage)
          out.push({
            type: 'usage',
            inputTokens: m.usage.input_tokens == null ? undefined : inputTokens(m.usage),
            outputTokens: m.usage.output_tokens ?? undefined,
          });
        return;
      }
      case 'message_stop':
        this.done = true;
        out.push({
          type: 'done',
          stopReason: (this.stopReason && STOP[this.stopReason]) || 'other',
          rawStopReason: this.stopReason,
        });
        return;
      case 'content_block_stop':
        this.tools.stop((v as z.infer<(typeof EVENTS)['content_block_stop']>).index, out);
        return;
      case 'error':
        throw errorFromStreamBody(this.ep, (v as z.infer<(typeof EVENTS)['error']>).error);
      default:
        return; // ping
    }
  }
}

// A text or argument delta frame as the API sends it, from the frame start up to the opening
// quote of the string (the event line may be missing; the parser would then give the same data).
// A sticky regular expression is the cheapest exact check V8 offers here, and `test` builds no
// match array. JSON numbers have no leading zeros.
const DELTA_FRAME =
  /(?:event: content_block_delta\n)?data: \{"type":"content_block_delta","index":(?:0|[1-9]\d{0,8}),"delta":\{"type":"(?:text_delta","text"|input_json_delta","partial_json"):"/y;
const EVENT_LINE = 'event: content_block_delta\n'.length;
const DATA_FIELD = 'data: '.length;
const INDEX_AT = 'data: {"type":"content_block_delta","index":'.length;
const KIND_AT = ',"delta":{"type":"'.length;

const isIndex = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;

function inputTokens(u: z.infer<typeof Usage>): number | undefined {
  if (u.input_tokens == null) return undefined;
  // Cached prompt tokens are billed and counted apart from input_tokens; the context holds all.
  return u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
}

export function anthropicBody(req: ChatRequest, maxTokens: number): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: req.model,
    max_tokens: maxTokens,
    messages: anthropicMessages(req.messages),
    stream: true,
    ...anthropicTools(req),
  };
  if (req.system) body.system = req.system;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  return body;
}

/** "max_tokens: 8192 > 4096, which is the maximum allowed …" → 4096, to retry once with it. */
export function allowedMaxTokens(e: unknown): number | undefined {
  if (!(e instanceof ProviderError) || e.code !== 'bad_request') return undefined;
  const m = /max_tokens: \d+ > (\d+)/.exec(e.message);
  return m ? Number(m[1]) : undefined;
}

export function createAnthropicAdapter(deps: AdapterDeps, id: ProviderId = 'anthropic'): ProviderAdapter {
  // Anthropic always needs a key.
  const prepare = (signal?: AbortSignal, onRetryWait?: StreamOptions['onRetryWait']) =>
    prepareCall(id, deps, signal, (auth) => !!auth.apiKey, onRetryWait);

  const headers = (key: string, accept: string): Record<string, string> => ({
    'x-api-key': key,
    'anthropic-version': ANTHROPIC_VERSION,
    'content-type': 'application/json',
    accept,
  });

  return {
    id,
    resolveAuth: () => deps.auth(),

    async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
      const { auth, ep, hooks } = await prepare(signal);
      const idleTimeoutMs = deps.settings().idleTimeoutMs;
      const models: ModelInfo[] = [];
      let after: string | undefined;
      for (let page = 0; page < MAX_MODEL_PAGES; page++) {
        const url = `${ep.baseUrl}/v1/models${after ? `?after_id=${encodeURIComponent(after)}` : ''}`;
        const json = await retryRequest(
          () =>
            requestJson(
              ep,
              url,
              { method: 'GET', headers: headers(auth.apiKey ?? '', 'application/json') },
              { signal, idleTimeoutMs },
            ),
          deps.retry,
          signal,
          hooks,
        );
        const parsed = ModelPage.safeParse(json);
        if (!parsed.success) throw malformedEventError(ep, 'model list', parsed.error);
        for (const m of parsed.data.data) {
          models.push({
            providerId: id,
            id: m.id,
            displayName: m.display_name || m.id,
            createdAt: m.created_at ?? undefined,
            contextWindow: m.max_input_tokens ?? undefined,
            maxOutputTokens: m.max_tokens ?? undefined,
          });
        }
        const next = parsed.data.last_id ?? undefined;
        if (!parsed.data.has_more || !next || next === after) break;
        after = next;
      }
      return models;
    },

    async *stream(req: ChatRequest, options: StreamOptions = {}): AsyncGenerator<StreamEvent, void, undefined> {
      const { signal } = options;
      const { auth, ep, hooks } = await prepare(signal, options.onRetryWait);
      const idleTimeoutMs = options.idleTimeoutMs ?? deps.settings().idleTimeoutMs;
      const url = `${ep.baseUrl}/v1/messages`;

      async function* attempt(): AsyncGenerator<StreamEvent[], void, undefined> {
        let maxTokens = req.maxTokens ?? DEFAULT_MAX_TOKENS;
        for (let fix = 0; ; fix++) {
          const init = {
            method: 'POST',
            headers: headers(auth.apiKey ?? '', 'text/event-stream'),
            body: JSON.stringify(anthropicBody(req, maxTokens)),
          };
          const mapper = new AnthropicStreamMapper(ep);
          try {
            const reads = new MappedReads(mapper, () => mapper.done);
            for await (const _read of requestSse(ep, url, init, { signal, idleTimeoutMs }, reads)) {
              const { out, failure } = reads.take();
              if (out.length > 0) yield out;
              if (failure) throw failure;
              if (mapper.done) return;
            }
          } catch (e) {
            // An older model with a smaller output limit: use the limit it names, once.
            const allowed = fix === 0 && req.maxTokens === undefined ? allowedMaxTokens(e) : undefined;
            if (allowed === undefined) throw e;
            deps.logger.debug(`anthropic: ${req.model} allows max_tokens ${allowed}; retrying with it`);
            maxTokens = allowed;
            continue;
          }
          throw interruptedError(ep, 'message_stop');
        }
      }

      for await (const batch of retryBeforeContent(attempt, isContentBatch, deps.retry, signal, hooks)) {
        for (const ev of batch) yield ev;
      }
    },
  };
}
