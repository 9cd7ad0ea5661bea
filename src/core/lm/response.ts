// The runtime's stream in VS Code's terms (text parts and whole tool calls), the wording of a
// failure, and the local token estimate.
import { errorMessage } from '../errorMessage';
import { honestRemediation, isProviderError, ProviderError } from '../providers/errors';
import type { StreamEvent } from '../providers/types';
import { sentences } from '../sentence';
import type { LmInputMessage, ToolNames } from './request';
import { t } from '../l10n';

export type LmOutputPart =
  { kind: 'text'; value: string } | { kind: 'toolCall'; callId: string; name: string; input: Record<string, unknown> };

/**
 * Turns stream events into the parts VS Code takes. Text goes out as it arrives (a refusal too:
 * it is the model's answer); a tool call goes out once its arguments are whole; thinking stays
 * here (the stable API has no part for it). A call with arguments that are not a JSON object
 * fails the answer with the runtime's sentence naming the tool.
 */
export class LmResponseMapper {
  private emitted = 0;

  constructor(
    private readonly endpointId: string,
    private readonly toolNames: ToolNames,
  ) {}

  /** True once any text or call went out (a later failure then says the partial answer is kept). */
  get received(): boolean {
    return this.emitted > 0;
  }

  map(ev: StreamEvent): LmOutputPart | undefined {
    if ((ev.type === 'text' || ev.type === 'refusal') && ev.text) {
      this.emitted++;
      return { kind: 'text', value: ev.text };
    }
    if (ev.type !== 'tool_call_end') return undefined;
    if (!ev.arguments) {
      throw new ProviderError({
        providerId: this.endpointId,
        code: 'unexpected_error',
        message: ev.error ?? t('The model sent an unusable call of the tool "{0}".', ev.name),
        remediation: t('Try again, or use another model.'),
        retryable: true,
      });
    }
    this.emitted++;
    return { kind: 'toolCall', callId: ev.id, name: this.toolNames.caller(ev.name), input: ev.arguments };
  }
}

/** How VS Code should classify a failure (LanguageModelError codes, or a cancellation). */
export type LmFailureKind = 'cancelled' | 'noPermissions' | 'notFound' | 'unknown';

export interface LmFailure {
  kind: LmFailureKind;
  /** The same words the chat panel shows: what happened, then what to do. */
  message: string;
}

/**
 * The chat panel's words for a failure: "Interrupted: " once part of the answer went out, what
 * happened, and what to do (saying nothing was received when nothing was).
 */
export function lmFailure(e: unknown, received: boolean): LmFailure {
  if (!isProviderError(e)) return { kind: 'unknown', message: errorMessage(e) };
  const kind: LmFailureKind =
    e.code === 'cancelled'
      ? 'cancelled'
      : e.code === 'missing_auth' || e.code === 'invalid_auth'
        ? 'noPermissions'
        : e.status === 404
          ? 'notFound'
          : 'unknown';
  const text = sentences(e.message, honestRemediation(e.remediation, received));
  return { kind, message: received && kind !== 'cancelled' ? t('Interrupted: {0}', text) : text };
}

/** What a message costs besides its text (role and framing), as the chat panel counts it. */
const MESSAGE_OVERHEAD = 4;
/** An image as both APIs count a large one after scaling (Anthropic: about w×h/750, at most ~1,600). */
const IMAGE_TOKENS = 1_600;

/**
 * A fast local estimate, no tokenizer and no request: ASCII text at 4 characters a token (as the
 * chat panel counts), every other character a token of its own (CJK and emoji take one or more),
 * tool calls and results by their JSON text, images at a flat 1,600. It errs high, so a prompt
 * VS Code fits into `maxInputTokens` by this count fits the model too.
 */
export function estimateTokens(input: string | LmInputMessage): number {
  if (typeof input === 'string') return textTokens(input);
  let n = MESSAGE_OVERHEAD;
  for (const p of input.parts) {
    if (p.kind === 'text') n += textTokens(p.value);
    else if (p.kind === 'toolCall') n += textTokens(p.name) + textTokens(JSON.stringify(p.input) ?? '') + 4;
    else if (p.kind === 'toolResult') {
      for (const c of p.content)
        n +=
          c.kind === 'text'
            ? textTokens(c.value)
            : c.kind === 'json'
              ? textTokens(JSON.stringify(c.value) ?? '')
              : Math.ceil(c.data.length / 4);
      n += 4;
    } else n += p.mimeType.startsWith('image/') ? IMAGE_TOKENS : Math.ceil(p.data.length / 4);
  }
  return n;
}

export function textTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) ascii++;
    // A surrogate pair is one character: count its high half only.
    else if (c < 0xdc00 || c > 0xdfff) other++;
  }
  return Math.ceil(ascii / 4) + other;
}
