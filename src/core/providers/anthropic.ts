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
  mapBatch,
  parseEventJson,
  prepareCall,
  pushText,
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

/** Turns Anthropic SSE events into StreamEvents; one instance per response. */
export class AnthropicStreamMapper {
  done = false;
  private stopReason: string | undefined;
  private readonly tools = new AnthropicToolCalls();
  constructor(private readonly ep: Endpoint) {}

  /** Text or argument fragments of one block, seen in this read and not parsed yet. */
  private run: { kind: 'text' | 'json'; index: number; body: string; events: SseEvent[] } | undefined;

  map(ev: SseEvent, out: StreamEvent[]): void {
    const quick = quickDelta(ev.data);
    if (quick !== undefined && (quick.kind === 'text' || this.tools.has(quick.index))) {
      const r = this.run;
      if (r !== undefined && r.kind === quick.kind && r.index === quick.index) {
        r.body += quick.body;
        r.events.push(ev);
        return;
      }
      this.flush(out);
      this.run = { kind: quick.kind, index: quick.index, body: quick.body, events: [ev] };
      return;
    }
    this.flush(out);
    this.mapFull(ev, out);
  }

  /**
   * Emits the pending fragments. The string bodies of consecutive deltas are joined and parsed
   * with one JSON.parse: valid JSON string bodies joined are a valid body of the joined text (no
   * body may end inside an escape, which `quickDelta` checks). When the join does not parse,
   * each event takes the full path, which names the malformed one.
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
    if (typeof value !== 'string') {
      for (const ev of r.events) this.mapFull(ev, out);
      return;
    }
    if (r.kind === 'text') pushText(out, 'text', value);
    else this.tools.delta(r.index, value, out);
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

// The head of a text or argument delta as the API sends it, up to the opening quote of the
// string. A regular expression is the cheapest exact check V8 offers here (several times faster
// than startsWith on strings cut from a larger read); JSON numbers have no leading zeros.
const QUICK_HEAD =
  /^\{"type":"content_block_delta","index":(0|[1-9]\d{0,8}),"delta":\{"type":"(?:(text)_delta","text"|input_json_delta","partial_json"):"/;

/**
 * A text or argument delta in the exact bytes the API sends, read without building the event
 * object: the head is matched and the body of the final string literal is taken as it is (its
 * JSON.parse comes later, joined with its neighbours'). It accepts nothing the full path would
 * not: the literal must be followed by `}}` alone and its body must not end inside an escape; a
 * body that is not a valid JSON string fails the joined parse, and then every event of the run
 * takes the full path. Anything else (other key order, spacing, extra fields) returns undefined
 * and takes the full path at once.
 */
function quickDelta(data: string): { kind: 'text' | 'json'; index: number; body: string } | undefined {
  const m = QUICK_HEAD.exec(data);
  if (m === null) return undefined;
  const open = m[0].length;
  const close = data.length - 3;
  // `"}}` ends the event; a closing quote preceded by an odd run of backslashes is escaped.
  if (close < open || data.charCodeAt(close) !== 34 || data.charCodeAt(close + 1) !== 125) return undefined;
  if (data.charCodeAt(close + 2) !== 125) return undefined;
  let slashes = 0;
  for (let j = close - 1; j >= open && data.charCodeAt(j) === 92; j--) slashes++;
  if (slashes % 2 === 1) return undefined;
  return { kind: m[2] === undefined ? 'json' : 'text', index: Number(m[1]), body: data.slice(open, close) };
}

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
            for await (const batch of requestSse(ep, url, init, { signal, idleTimeoutMs })) {
              const { out, failure } = mapBatch(batch, mapper, () => mapper.done);
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
