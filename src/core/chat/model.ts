// The conversation model shared by the host, the webview and the transcript files. Every shape
// is a zod schema first, so whatever crosses a boundary (disk, postMessage) is parsed, not trusted.
import { z } from 'zod';
import { honestRemediation } from '../providers/errors';

/** Limits that keep one message, one file and one answer within what the panel handles well. */
export const LIMITS = {
  promptChars: 100_000,
  attachmentChars: 400_000,
  attachmentsPerMessage: 20,
  /** A file bigger than this is refused rather than cut (it is almost never what the user meant). */
  fileBytes: 2_000_000,
  titleChars: 200,
  /** Answers beyond this are cut (the stream is stopped) so one reply cannot exhaust memory. */
  answerChars: 16_000_000,
  codeActionChars: 4_000_000,
  linkChars: 8_192,
} as const;

export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids are [A-Za-z0-9_-]');

/** An endpoint id, as in the user's endpoint list. */
export const endpointIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/);

export const modelRefSchema = z.object({
  providerId: endpointIdSchema,
  modelId: z.string().min(1).max(512),
});
export type ModelRef = z.infer<typeof modelRefSchema>;

/**
 * The space (a git worktree) a chat was started in: its folder and the name its row showed then.
 * Optional wherever it appears: chats started outside a repository, and transcripts written
 * before chats knew their space, have none.
 */
export const chatSpaceSchema = z.object({
  path: z.string().min(1).max(4096),
  name: z.string().min(1).max(500),
});
export type ChatSpace = z.infer<typeof chatSpaceSchema>;

export const attachmentKindSchema = z.enum(['selection', 'file', 'spec']);
export type AttachmentKind = z.infer<typeof attachmentKindSchema>;

/** An attachment as stored and sent to the model. */
export const attachmentSchema = z.object({
  id: idSchema,
  kind: attachmentKindSchema,
  /** What the user sees: `src/a.ts:10-24`, `notes/spec.md`. */
  label: z.string().min(1).max(1024),
  language: z.string().max(64).optional(),
  content: z.string().max(LIMITS.attachmentChars),
  /** True when the source was longer than what is kept. */
  truncated: z.boolean().optional(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** An attachment as the webview shows it (a chip): never its content. */
export const attachmentViewSchema = z.object({
  id: idSchema,
  kind: attachmentKindSchema,
  label: z.string().max(1024),
  chars: z.number().int().nonnegative(),
  tokens: z.number().int().nonnegative(),
  truncated: z.boolean().optional(),
});
export type AttachmentView = z.infer<typeof attachmentViewSchema>;

export const usageSchema = z.object({
  inputTokens: z.number().int().nonnegative().optional(),
  outputTokens: z.number().int().nonnegative().optional(),
});
export type Usage = z.infer<typeof usageSchema>;

/**
 * streaming: in progress. done: the provider said it finished. stopped: the user stopped it.
 * interrupted: the stream broke or stalled after some text. error: it failed (maybe with no text).
 */
export const answerStatusSchema = z.enum(['streaming', 'done', 'stopped', 'interrupted', 'error']);
export type AnswerStatus = z.infer<typeof answerStatusSchema>;

/** The error's actions (the common error shape's) that an answer's error box can offer. */
export const CHAT_ERROR_ACTIONS = ['setApiKey', 'openSettings', 'retry', 'openLog'] as const;
export type ChatErrorAction = (typeof CHAT_ERROR_ACTIONS)[number];
export const isChatErrorAction = (a: string): a is ChatErrorAction =>
  (CHAT_ERROR_ACTIONS as readonly string[]).includes(a);

/**
 * An error as an answer keeps it. Transcripts written before errors kept their actions have at
 * most one fixing `action`, and the box always offered Retry: read as those actions.
 */
export const errorInfoSchema = z.preprocess(
  (v) => {
    if (typeof v !== 'object' || v === null || 'actions' in v) return v;
    const { action, ...rest } = v as { action?: unknown };
    return { ...rest, actions: [...(typeof action === 'string' ? [action] : []), 'retry'] };
  },
  z.object({
    code: z.string().max(64),
    message: z.string().max(4000),
    remediation: z.string().max(4000),
    retryable: z.boolean(),
    /** The buttons, in order: the error's own actions that the chat can do. */
    actions: z.array(z.enum(CHAT_ERROR_ACTIONS)).max(CHAT_ERROR_ACTIONS.length),
    providerId: endpointIdSchema.optional(),
  }),
);
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

export const userEntrySchema = z.object({
  kind: z.literal('user'),
  id: idSchema,
  text: z.string().max(LIMITS.promptChars),
  attachments: z.array(attachmentSchema).max(LIMITS.attachmentsPerMessage),
  at: z.number().int().nonnegative(),
  /** Set when the context sent with this prompt was cut to fit the limit. */
  contextNotice: z.string().max(2000).optional(),
});
export type UserEntry = z.infer<typeof userEntrySchema>;

export const assistantEntrySchema = z.object({
  kind: z.literal('assistant'),
  id: idSchema,
  replyTo: idSchema,
  text: z.string().max(LIMITS.answerChars),
  /** What the model said when it declined (OpenAI `refusal`), shown apart from the answer. */
  refusal: z.string().max(LIMITS.answerChars).optional(),
  status: answerStatusSchema,
  model: modelRefSchema,
  at: z.number().int().nonnegative(),
  usage: usageSchema.optional(),
  stopReason: z.string().max(64).optional(),
  durationMs: z.number().int().nonnegative().optional(),
  error: errorInfoSchema.optional(),
});
export type AssistantEntry = z.infer<typeof assistantEntrySchema>;

export type Entry = UserEntry | AssistantEntry;

/** A user entry as the webview gets it: attachments without their content. */
export const userEntryViewSchema = userEntrySchema.extend({
  attachments: z.array(attachmentViewSchema).max(LIMITS.attachmentsPerMessage),
});
export type UserEntryView = z.infer<typeof userEntryViewSchema>;
export const entryViewSchema = z.discriminatedUnion('kind', [userEntryViewSchema, assistantEntrySchema]);
export type EntryView = z.infer<typeof entryViewSchema>;

/** Rough token count: 4 characters a token, the estimate most chat clients use without a tokenizer. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function toAttachmentView(a: Attachment): AttachmentView {
  return {
    id: a.id,
    kind: a.kind,
    label: a.label,
    chars: a.content.length,
    tokens: estimateTokens(a.content),
    ...(a.truncated ? { truncated: true } : {}),
  };
}

export function toEntryView(e: Entry): EntryView {
  return e.kind === 'user' ? { ...e, attachments: e.attachments.map(toAttachmentView) } : honestAnswer(e);
}

/** An answer as shown and exported: a failure before any text says nothing was received. */
export function honestAnswer(e: AssistantEntry): AssistantEntry {
  if (!e.error) return e;
  const remediation = honestRemediation(e.error.remediation, e.text.length > 0 || !!e.refusal);
  return remediation === e.error.remediation ? e : { ...e, error: { ...e.error, remediation } };
}

export function modelKey(m: ModelRef): string {
  return `${m.providerId}/${m.modelId}`;
}

export function sameModel(a: ModelRef | undefined, b: ModelRef): boolean {
  return a !== undefined && a.providerId === b.providerId && a.modelId === b.modelId;
}
