// VS Code language-model requests in the runtime's terms: messages (text, tool calls, tool
// results, images; system, user and assistant roles), tools and tool mode, model options. The
// host turns VS Code's part classes into the plain parts below; everything else is decided here.
import type { ChatMessage, ChatRequest, MessagePart, ToolChoice, ToolDefinition } from '../providers/types';
import { descriptorOf } from '../providers/descriptors';
import type { LmModel } from './models';

export type LmRole = 'user' | 'assistant' | 'system';

/** A piece of a tool result: text, bytes with a MIME type, or a value to show as JSON. */
export type LmResultPart =
  | { kind: 'text'; value: string }
  | { kind: 'data'; mimeType: string; data: Uint8Array }
  | { kind: 'json'; value: unknown };

export type LmInputPart =
  | { kind: 'text'; value: string }
  | { kind: 'toolCall'; callId: string; name: string; input: unknown }
  | { kind: 'toolResult'; callId: string; content: LmResultPart[]; isError?: boolean }
  | { kind: 'data'; mimeType: string; data: Uint8Array };

export interface LmInputMessage {
  role: LmRole;
  parts: LmInputPart[];
}

export interface LmToolInput {
  name: string;
  description?: string;
  inputSchema?: object;
}

export interface LmRequestOptions {
  tools?: readonly LmToolInput[];
  toolMode?: 'auto' | 'required';
  modelOptions?: Readonly<Record<string, unknown>>;
}

/** The request, and the way back from the tool names the wire saw to the caller's names. */
export interface MappedRequest {
  request: ChatRequest;
  toolNames: ToolNames;
}

/** Both APIs accept tool names of letters, digits, `_` and `-`, at most 64 long. */
const WIRE_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Caller tool names ↔ names the APIs accept ("github.search" goes out as "github_search"). */
export class ToolNames {
  private readonly toWire = new Map<string, string>();
  private readonly fromWire = new Map<string, string>();

  wire(name: string): string {
    const known = this.toWire.get(name);
    if (known) return known;
    let w = WIRE_NAME.test(name) ? name : name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'tool';
    for (let n = 2; this.fromWire.has(w); n++) w = `${w.slice(0, 60)}_${n}`;
    this.toWire.set(name, w);
    this.fromWire.set(w, name);
    return w;
  }

  /** The caller's name for a name the model sent (unchanged when it is not one of ours). */
  caller(wire: string): string {
    return this.fromWire.get(wire) ?? wire;
  }
}

/** Images both APIs take in a user turn. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

const decoder = new TextDecoder('utf-8');

export function base64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

const isTextual = (mime: string) => /^text\/|[/+]json$|^application\/(xml|yaml|x-yaml)/i.test(mime);

/** The text of a tool result as both APIs take it (a string). */
export function resultText(content: readonly LmResultPart[]): string {
  const out: string[] = [];
  for (const c of content) {
    if (c.kind === 'text') out.push(c.value);
    else if (c.kind === 'json') out.push(typeof c.value === 'string' ? c.value : (JSON.stringify(c.value) ?? ''));
    else if (isTextual(c.mimeType)) out.push(decoder.decode(c.data));
    else out.push(`[${c.mimeType} content of ${c.data.length} bytes left out: tool results are sent as text.]`);
  }
  return out.join('');
}

function toolInput(input: unknown): Record<string, unknown> {
  return input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}

/**
 * User and assistant turns in the runtime's shape; system messages join the system prompt.
 * Consecutive turns of one role merge (both APIs want results right after their calls), a call
 * left without a result (a cancelled tool) gets one saying so, and a result whose call is gone
 * becomes text, so a history edited by the caller never fails the request.
 */
function mapMessages(
  model: Pick<LmModel, 'name' | 'capabilities'>,
  messages: readonly LmInputMessage[],
  names: ToolNames,
): { system?: string; messages: ChatMessage[] } {
  const system: string[] = [];
  const turns: { role: 'user' | 'assistant'; parts: MessagePart[] }[] = [];
  for (const m of messages) {
    if (m.role === 'system') {
      const text = m.parts
        .filter((p): p is Extract<LmInputPart, { kind: 'text' }> => p.kind === 'text')
        .map((p) => p.value)
        .join('');
      if (text.trim()) system.push(text);
      continue;
    }
    const parts: MessagePart[] = [];
    for (const p of m.parts) {
      if (p.kind === 'text') {
        if (p.value) parts.push({ type: 'text', text: p.value });
      } else if (p.kind === 'toolCall') {
        if (m.role === 'assistant')
          parts.push({ type: 'tool_call', id: p.callId, name: names.wire(p.name), arguments: toolInput(p.input) });
      } else if (p.kind === 'toolResult') {
        parts.push({
          type: 'tool_result',
          callId: p.callId,
          content: resultText(p.content),
          ...(p.isError ? { isError: true } : {}),
        });
      } else if (IMAGE_TYPES.has(p.mimeType.toLowerCase()) && m.role === 'user') {
        if (model.capabilities.imageInput)
          parts.push({ type: 'image', mimeType: p.mimeType.toLowerCase(), data: base64(p.data) });
        else
          parts.push({ type: 'text', text: `[An image (${p.mimeType}) was left out: ${model.name} takes no images.]` });
      } else if (isTextual(p.mimeType)) {
        const text = decoder.decode(p.data);
        if (text) parts.push({ type: 'text', text });
      }
      // Other data parts are markers for other providers (e.g. prompt-cache hints): nothing to send.
    }
    if (!parts.length) continue;
    const last = turns[turns.length - 1];
    if (last && last.role === m.role) last.parts.push(...parts);
    else turns.push({ role: m.role, parts });
  }
  pairToolResults(turns);
  return {
    ...(system.length ? { system: system.join('\n\n') } : {}),
    messages: turns.filter((t) => t.parts.length > 0).map((t) => ({ role: t.role, content: t.parts })),
  };
}

const CANCELLED_RESULT = 'The tool was not run (the call was cancelled), so there is no result.';

function pairToolResults(turns: { role: 'user' | 'assistant'; parts: MessagePart[] }[]): void {
  for (let i = 0; i < turns.length; i++) {
    const t = turns[i];
    const prev = turns[i - 1];
    const calls =
      prev?.role === 'assistant'
        ? prev.parts.filter((p): p is Extract<MessagePart, { type: 'tool_call' }> => p.type === 'tool_call')
        : [];
    if (t.role === 'user') {
      const ids = new Set(calls.map((c) => c.id));
      t.parts = t.parts.map((p) =>
        p.type === 'tool_result' && !ids.has(p.callId)
          ? { type: 'text', text: `Result of tool call ${p.callId}: ${p.content}` }
          : p,
      );
      const answered = new Set(t.parts.flatMap((p) => (p.type === 'tool_result' ? [p.callId] : [])));
      const missing = calls.filter((c) => !answered.has(c.id));
      t.parts.unshift(
        ...missing.map((c) => ({
          type: 'tool_result' as const,
          callId: c.id,
          content: CANCELLED_RESULT,
          isError: true,
        })),
      );
    }
    // Calls in the last turn: an empty user turn after them receives their results.
    if (t.role === 'assistant' && turns[i + 1]?.role !== 'user' && t.parts.some((p) => p.type === 'tool_call'))
      turns.splice(i + 1, 0, { role: 'user', parts: [] });
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Temperature and answer length from the caller's model options (the names both APIs use). */
function fromModelOptions(
  o: Readonly<Record<string, unknown>> | undefined,
): Pick<ChatRequest, 'maxTokens' | 'temperature'> {
  if (!o) return {};
  const out: Pick<ChatRequest, 'maxTokens' | 'temperature'> = {};
  const t = num(o.temperature);
  if (t !== undefined && t >= 0 && t <= 2) out.temperature = t;
  const max = num(o.maxTokens) ?? num(o.max_tokens) ?? num(o.max_output_tokens) ?? num(o.max_completion_tokens);
  if (max !== undefined && max >= 1) out.maxTokens = Math.floor(max);
  return out;
}

export function toChatRequest(
  model: Pick<LmModel, 'modelId' | 'name' | 'endpointKind' | 'maxOutputTokens' | 'capabilities'>,
  messages: readonly LmInputMessage[],
  options: LmRequestOptions = {},
): MappedRequest {
  const names = new ToolNames();
  const tools: ToolDefinition[] | undefined = options.tools?.length
    ? options.tools.map((t) => ({
        name: names.wire(t.name),
        ...(t.description ? { description: t.description } : {}),
        inputSchema: (t.inputSchema as Record<string, unknown> | undefined) ?? {},
      }))
    : undefined;
  const mapped = mapMessages(model, messages, names);
  const opts = fromModelOptions(options.modelOptions);
  // Kinds that require max_tokens (Anthropic) get the model's own limit, so an answer is never cut shorter than
  // the model allows. OpenAI-compatible servers get none unless the caller asks (a local server
  // whose window is smaller than the table thinks would refuse it).
  const maxTokens =
    opts.maxTokens ?? (descriptorOf(model.endpointKind).requiresMaxTokens ? model.maxOutputTokens : undefined);
  let toolChoice: ToolChoice | undefined;
  if (tools && options.toolMode === 'required') toolChoice = tools.length === 1 ? { name: tools[0].name } : 'required';
  const request: ChatRequest = {
    model: model.modelId,
    messages: mapped.messages,
    ...(mapped.system ? { system: mapped.system } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(opts.temperature !== undefined ? { temperature: opts.temperature } : {}),
    ...(tools ? { tools } : {}),
    ...(toolChoice ? { toolChoice } : {}),
  };
  return { request, toolNames: names };
}
