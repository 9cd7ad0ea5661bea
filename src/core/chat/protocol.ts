// The one message protocol between the chat panel's host and its webview, in both directions.
// Both sides parse what they receive with these schemas; anything malformed, unknown or
// oversized is dropped with a log line, never acted on.
import { z } from 'zod';
import {
  LIMITS,
  answerStatusSchema,
  attachmentViewSchema,
  chatSpaceSchema,
  entryViewSchema,
  endpointIdSchema,
  errorInfoSchema,
  idSchema,
  modelRefSchema,
  usageSchema,
} from './model';
import { chatStringsSchema } from './strings';

export const modelOptionSchema = modelRefSchema.extend({
  label: z.string().max(512),
  /** The endpoint's name, which groups the picker. */
  group: z.string().max(120).optional(),
  contextWindow: z.number().int().positive().optional(),
});
export type ModelOption = z.infer<typeof modelOptionSchema>;

const entries = z.array(entryViewSchema).max(500);

// ---------------------------------------------------------------- host → webview

export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    chatId: idSchema,
    title: z.string().max(LIMITS.titleChars),
    models: z.array(modelOptionSchema).max(5000),
    selected: modelRefSchema.nullable(),
    entries,
    hasEarlier: z.boolean(),
    attachments: z.array(attachmentViewSchema).max(LIMITS.attachmentsPerMessage),
    contextTokens: z.number().int().nonnegative(),
    contextTokenLimit: z.number().int().positive(),
    /** The space the chat belongs to, shown in the header. */
    space: chatSpaceSchema.optional(),
    /** Every text the webview shows, in the user's language. */
    strings: chatStringsSchema,
  }),
  /** An older page, to put above what is shown. */
  z.object({ type: z.literal('earlier'), entries, hasEarlier: z.boolean() }),
  z.object({
    type: z.literal('models'),
    models: z.array(modelOptionSchema).max(5000),
    selected: modelRefSchema.nullable(),
  }),
  z.object({ type: z.literal('title'), title: z.string().max(LIMITS.titleChars) }),
  /** A new entry (a sent prompt, a new answer) or a replacement of one already shown. */
  z.object({ type: z.literal('entry'), entry: entryViewSchema }),
  /** Text appended to a streaming answer. Only deltas travel while streaming, never the whole text. */
  z.object({ type: z.literal('delta'), answerId: idSchema, text: z.string().min(1).max(1_000_000) }),
  /** The model declined: shown as a refusal, apart from the answer text. */
  z.object({ type: z.literal('refusal'), answerId: idSchema, text: z.string().min(1).max(1_000_000) }),
  z.object({
    type: z.literal('answerEnd'),
    answerId: idSchema,
    status: answerStatusSchema,
    usage: usageSchema.optional(),
    stopReason: z.string().max(64).optional(),
    durationMs: z.number().int().nonnegative().optional(),
    error: errorInfoSchema.optional(),
  }),
  /** The request failed before any text and is sent again after `delayMs` (rate limit, overload). */
  z.object({
    type: z.literal('retryWait'),
    answerId: idSchema,
    reason: z.enum(['rate_limited', 'overloaded', 'server_error', 'network']),
    status: z.number().int().min(100).max(599).optional(),
    attempt: z.number().int().positive().max(10),
    maxRetries: z.number().int().positive().max(10),
    delayMs: z.number().int().nonnegative().max(600_000),
  }),
  z.object({ type: z.literal('remove'), entryId: idSchema }),
  z.object({
    type: z.literal('attachments'),
    items: z.array(attachmentViewSchema).max(LIMITS.attachmentsPerMessage),
    contextTokens: z.number().int().nonnegative(),
    contextTokenLimit: z.number().int().positive(),
  }),
  z.object({ type: z.literal('notice'), level: z.enum(['info', 'warning', 'error']), text: z.string().max(4000) }),
  z.object({ type: z.literal('focusInput') }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

// ---------------------------------------------------------------- webview → host

const codeAction = (type: 'copyCode' | 'insertCode' | 'openCode') =>
  z.object({
    type: z.literal(type),
    code: z.string().max(LIMITS.codeActionChars),
    language: z.string().max(64).optional(),
  });

export const RUNNABLE_COMMANDS = [
  'setApiKey',
  'openSettings',
  'export',
  'copyConversation',
  'addFile',
  'attachSpec',
  'openLog',
  'history',
  'newChat',
] as const;
export type RunnableCommand = (typeof RUNNABLE_COMMANDS)[number];

export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('send'), text: z.string().min(1).max(LIMITS.promptChars), model: modelRefSchema }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('retry'), answerId: idSchema }),
  z.object({ type: z.literal('selectModel'), model: modelRefSchema }),
  z.object({ type: z.literal('removeAttachment'), id: idSchema }),
  z.object({ type: z.literal('loadEarlier'), beforeId: idSchema }),
  codeAction('copyCode'),
  codeAction('insertCode'),
  codeAction('openCode'),
  z.object({
    type: z.literal('openLink'),
    href: z.string().min(1).max(LIMITS.linkChars),
    text: z.string().max(2000).optional(),
  }),
  z.object({
    type: z.literal('run'),
    command: z.enum(RUNNABLE_COMMANDS),
    providerId: endpointIdSchema.optional(),
  }),
]);
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

/** Upper bound of a webview → host message, serialized. */
export const MAX_WEBVIEW_MESSAGE_CHARS = LIMITS.codeActionChars + 64_000;
/** Upper bound of a host → webview message, serialized (an `init` with long answers is the largest). */
export const MAX_HOST_MESSAGE_CHARS = 64_000_000;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; reason: string };

/**
 * Validates one received message. The size is checked before the schema so a huge payload is
 * rejected without walking it; `sizeHint` lets a caller that already knows the size skip the
 * serialization.
 */
/**
 * The length of `JSON.stringify(value)` near enough to hold a size limit (strings count their
 * characters, not their escapes), without building the text: a 10 MB answer is not copied to be
 * measured. Stops counting past `limit`; -1 for what JSON cannot hold (a cycle, a bigint).
 */
export function jsonSize(value: unknown, limit = Infinity): number {
  const path = new Set<object>();
  let total = 0;
  const walk = (v: unknown): boolean => {
    if (total > limit) return true;
    switch (typeof v) {
      case 'string':
        total += v.length + 2;
        return true;
      case 'number':
      case 'boolean':
        total += 5;
        return true;
      case 'bigint':
        return false;
      case 'object': {
        if (v === null) {
          total += 4;
          return true;
        }
        if (path.has(v)) return false;
        path.add(v);
        total += 2;
        if (Array.isArray(v)) {
          for (const x of v) if (!walk(x) || ((total += 1), false)) return false;
        } else {
          for (const k in v)
            if (Object.prototype.hasOwnProperty.call(v, k)) {
              total += k.length + 4;
              if (!walk((v as Record<string, unknown>)[k])) return false;
            }
        }
        path.delete(v);
        return true;
      }
      default:
        return true;
    }
  };
  return walk(value) ? total : -1;
}

function parseWith<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  raw: unknown,
  maxChars: number,
  sizeHint?: number,
): ParseResult<T> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return {
      ok: false,
      reason: `not an object (${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw})`,
    };
  const type = (raw as { type?: unknown }).type;
  const label = typeof type === 'string' ? `"${type.slice(0, 40)}"` : 'without a type';
  const size = sizeHint ?? jsonSize(raw, maxChars);
  if (size < 0) return { ok: false, reason: `message ${label} is not serializable` };
  if (size > maxChars)
    return { ok: false, reason: `message ${label} is too large (${size} characters, limit ${maxChars})` };
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return {
      ok: false,
      reason: `invalid message ${label}${where}: ${issue?.message ?? 'does not match the protocol'}`,
    };
  }
  return { ok: true, message: r.data };
}

export function parseWebviewMessage(raw: unknown, sizeHint?: number): ParseResult<WebviewMessage> {
  return parseWith(webviewMessageSchema, raw, MAX_WEBVIEW_MESSAGE_CHARS, sizeHint);
}

export function parseHostMessage(raw: unknown, sizeHint?: number): ParseResult<HostMessage> {
  return parseWith(hostMessageSchema, raw, MAX_HOST_MESSAGE_CHARS, sizeHint);
}

/** Parses a message from the webview; an invalid one is logged (with why) and yields undefined. */
export function receiveWebviewMessage(raw: unknown, log: { warn(message: string): void }): WebviewMessage | undefined {
  const r = parseWebviewMessage(raw);
  if (r.ok) return r.message;
  log.warn(`Chat panel: dropped a message from the webview: ${r.reason}.`);
  return undefined;
}
