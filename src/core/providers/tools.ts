// Tool calling in both wire formats: tools, tool choice, assistant calls and tool results in the
// request body, and the reassembly of streamed call fragments into finished calls.
import type {
  ChatMessage,
  ChatRequest,
  FinishedToolCall,
  MessagePart,
  StreamEvent,
  ToolChoice,
  ToolDefinition,
} from './types';
import { errorMessage } from '../errorMessage';
import { t } from '../l10n';

/** A call id for servers that send none; kept in every event of the call and sent back as is. */
export function generatedCallId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `call_kata_${hex}`;
}

/** The finished call: parsed arguments, or an error that names the tool and says what is wrong. */
export function finishToolCall(index: number, id: string, name: string, raw: string): FinishedToolCall {
  const base = { type: 'tool_call_end' as const, index, id, name, rawArguments: raw };
  if (!name) return { ...base, error: t('The model sent a tool call without a tool name.') };
  // A tool without parameters: Anthropic sends no fragment at all, some servers an empty string.
  if (raw.trim() === '') return { ...base, arguments: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    const why = errorMessage(e);
    return {
      ...base,
      error: t('The model sent arguments for the tool "{0}" that are not valid JSON ({1}).', name, why),
    };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { ...base, error: t('The model sent arguments for the tool "{0}" that are not a JSON object.', name) };
  }
  return { ...base, arguments: value as Record<string, unknown> };
}

/**
 * Adds argument fragments of a call, joined to the call's previous event when both came in the
 * same network read (as text deltas are): a 200 KB argument string reaches the consumer in a
 * few dozen events, not thousands.
 */
function pushArguments(out: StreamEvent[], index: number, json: string): void {
  const last = out[out.length - 1];
  if (last !== undefined && last.type === 'tool_call' && last.index === index) last.argumentsDelta += json;
  else out.push({ type: 'tool_call', index, argumentsDelta: json });
}

interface Slot {
  index: number;
  id: string;
  generatedId: boolean;
  name: string;
  args: string;
}

/** Fragments of Anthropic `tool_use` blocks, keyed by content block index. */
export class AnthropicToolCalls {
  private readonly blocks = new Map<number, Slot>();
  private count = 0;

  start(block: number, id: string | undefined, name: string | undefined, out: StreamEvent[]): void {
    const slot: Slot = {
      index: this.count++,
      id: id || generatedCallId(),
      generatedId: !id,
      name: name ?? '',
      args: '',
    };
    this.blocks.set(block, slot);
    out.push({ type: 'tool_call', index: slot.index, id: slot.id, name: slot.name, argumentsDelta: '' });
  }

  has(block: number): boolean {
    return this.blocks.has(block);
  }

  /** False when the block is not a tool call (the caller reports the stray delta). */
  delta(block: number, json: string, out: StreamEvent[]): boolean {
    const slot = this.blocks.get(block);
    if (!slot) return false;
    slot.args += json;
    if (json) pushArguments(out, slot.index, json);
    return true;
  }

  /** `content_block_stop`: the call is whole. */
  stop(block: number, out: StreamEvent[]): void {
    const slot = this.blocks.get(block);
    if (!slot) return;
    this.blocks.delete(block);
    out.push(finishToolCall(slot.index, slot.id, slot.name, slot.args));
  }
}

export interface OpenAIToolCallDelta {
  index?: number | null;
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

/**
 * Reassembles OpenAI `tool_calls` deltas. The API keys fragments by `index` and sends id and
 * name only in a call's first delta; compatible servers differ: Google's sends no `index`, some
 * send no `id`, some repeat id, type and name in every delta, and some reuse index 0 for every
 * call. One rule covers them all: a delta belongs to the call its id names, else to the call at
 * its index (or the latest call when there is no index), unless it brings a new id or a new name,
 * which starts a new call.
 */
export class OpenAIToolCalls {
  private readonly calls: Slot[] = [];
  private readonly byWire = new Map<number, Slot>();
  private readonly byId = new Map<string, Slot>();
  private finished = false;

  get size(): number {
    return this.calls.length;
  }

  add(t: OpenAIToolCallDelta, out: StreamEvent[]): void {
    const id = t.id || undefined;
    const name = t.function?.name || undefined;
    const args = t.function?.arguments ?? '';
    const wire = t.index ?? undefined;
    let slot = this.target(wire, id, name);
    if (!slot) {
      slot = { index: this.calls.length, id: id ?? generatedCallId(), generatedId: !id, name: name ?? '', args };
      this.calls.push(slot);
      this.byId.set(slot.id, slot);
      if (wire !== undefined) this.byWire.set(wire, slot);
      out.push({ type: 'tool_call', index: slot.index, id: slot.id, name: slot.name, argumentsDelta: args });
      return;
    }
    if (name && !slot.name) slot.name = name;
    if (!args) return;
    slot.args += args;
    pushArguments(out, slot.index, args);
  }

  private target(wire: number | undefined, id: string | undefined, name: string | undefined): Slot | undefined {
    if (id) {
      const known = this.byId.get(id);
      if (known) return known;
    }
    const cur = wire !== undefined ? this.byWire.get(wire) : this.calls[this.calls.length - 1];
    if (!cur) return undefined;
    if (id) return undefined; // a new id
    if (name && cur.name && name !== cur.name) return undefined; // a new name
    // Neither index nor id, and the name repeated after the arguments were complete: the same
    // tool called again (a server that repeats the name in every delta never does this mid-call).
    if (name && wire === undefined && isCompleteJson(cur.args)) return undefined;
    return cur;
  }

  /** The calls as finished calls, once (at `finish_reason`). */
  finish(out: StreamEvent[]): void {
    if (this.finished) return;
    this.finished = true;
    for (const s of this.calls) out.push(finishToolCall(s.index, s.id, s.name, s.args));
  }
}

function isCompleteJson(text: string): boolean {
  if (!text.trim()) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// ----- request bodies -----

const parts = (m: ChatMessage): MessagePart[] =>
  typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;

const objectSchema = (s: Record<string, unknown>): Record<string, unknown> =>
  Object.keys(s).length === 0 ? { type: 'object', properties: {} } : s;

/** Anthropic `messages`: tool_use blocks in assistant turns, tool_result blocks first in user turns. */
export function anthropicMessages(messages: readonly ChatMessage[]): unknown[] {
  return messages.map((m) => {
    if (typeof m.content === 'string') return { role: m.role, content: m.content };
    const results: unknown[] = [];
    const rest: unknown[] = [];
    for (const p of m.content) {
      if (p.type === 'tool_result') {
        results.push({
          type: 'tool_result',
          tool_use_id: p.callId,
          content: p.content,
          ...(p.isError ? { is_error: true } : {}),
        });
      } else if (p.type === 'tool_call') {
        rest.push({ type: 'tool_use', id: p.id, name: p.name, input: p.arguments });
      } else if (p.type === 'image') {
        rest.push({ type: 'image', source: { type: 'base64', media_type: p.mimeType, data: p.data } });
      } else if (p.text) {
        // The API refuses empty text blocks.
        rest.push({ type: 'text', text: p.text });
      }
    }
    return { role: m.role, content: [...results, ...rest] };
  });
}

export function anthropicTools(req: ChatRequest): Record<string, unknown> {
  if (!req.tools?.length) return {};
  const tools = req.tools.map((t: ToolDefinition) => ({
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    input_schema: objectSchema(t.inputSchema),
  }));
  const c = req.toolChoice;
  if (c === undefined) return { tools };
  const choice =
    c === 'auto'
      ? { type: 'auto' }
      : c === 'required'
        ? { type: 'any' }
        : c === 'none'
          ? { type: 'none' }
          : { type: 'tool', name: c.name };
  return { tools, tool_choice: choice };
}

/** OpenAI `messages`: assistant `tool_calls`, and one `role: "tool"` message per result. */
export function openaiMessages(messages: readonly ChatMessage[]): unknown[] {
  const out: unknown[] = [];
  for (const m of messages) {
    if (typeof m.content === 'string') {
      out.push({ role: m.role, content: m.content });
      continue;
    }
    const text = parts(m)
      .filter((p): p is Extract<MessagePart, { type: 'text' }> => p.type === 'text')
      .map((p) => p.text)
      .join('');
    if (m.role === 'assistant') {
      const calls = m.content.filter((p): p is Extract<MessagePart, { type: 'tool_call' }> => p.type === 'tool_call');
      const msg: Record<string, unknown> = { role: 'assistant', content: text || null };
      if (calls.length > 0)
        msg.tool_calls = calls.map((c) => ({
          id: c.id,
          type: 'function',
          function: { name: c.name, arguments: JSON.stringify(c.arguments) },
        }));
      out.push(msg);
      continue;
    }
    // The API wants the tool messages right after the assistant message that made the calls.
    for (const p of m.content)
      if (p.type === 'tool_result') out.push({ role: 'tool', tool_call_id: p.callId, content: p.content });
    const images = m.content.filter((p): p is Extract<MessagePart, { type: 'image' }> => p.type === 'image');
    if (images.length > 0) {
      const content: unknown[] = text ? [{ type: 'text', text }] : [];
      for (const i of images)
        content.push({ type: 'image_url', image_url: { url: `data:${i.mimeType};base64,${i.data}` } });
      out.push({ role: 'user', content });
    } else if (text) out.push({ role: 'user', content: text });
  }
  return out;
}

export function openaiTools(req: ChatRequest): Record<string, unknown> {
  if (!req.tools?.length) return {};
  const tools = req.tools.map((t) => ({
    type: 'function',
    function: {
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      parameters: objectSchema(t.inputSchema),
    },
  }));
  const c: ToolChoice | undefined = req.toolChoice;
  if (c === undefined) return { tools };
  return { tools, tool_choice: typeof c === 'string' ? c : { type: 'function', function: { name: c.name } } };
}
