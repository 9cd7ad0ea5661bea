// Reading one answer's provider stream: text and refusals go to the session as they arrive, and
// the stream's end, usage and failure become the answer's outcome, with the wording the chat
// shows (an error before any text says nothing was received; after it, the text is kept).
import { errorMessage, errorDetail } from '../errorMessage';
import { t } from '../l10n';
import type { Logger } from '../ports';
import { honestRemediation, isProviderError, type ProviderError } from '../providers/errors';
import type { StreamEvent } from '../providers/types';
import { LIMITS, isChatErrorAction, type AnswerStatus, type ErrorInfo, type Usage } from './model';

export interface AnswerSink {
  text(t: string): void;
  refusal(t: string): void;
  /** Stops the request (the answer grew past the limit). */
  abort(): void;
  stoppedByUser(): boolean;
  log: Logger;
  chatId: string;
}

export interface AnswerOutcome {
  status: Exclude<AnswerStatus, 'streaming'>;
  usage?: Usage;
  stopReason?: string;
  error?: ErrorInfo;
}

export async function readAnswer(events: AsyncIterable<StreamEvent>, sink: AnswerSink): Promise<AnswerOutcome> {
  let usage: Usage | undefined;
  let stopReason: string | undefined;
  let status: AnswerOutcome['status'] = 'done';
  let error: ErrorInfo | undefined;
  let received = 0;
  try {
    for await (const ev of events) {
      if (ev.type === 'text') {
        received += ev.text.length;
        if (received > LIMITS.answerChars) {
          status = 'interrupted';
          error = {
            code: 'answer_too_long',
            message: t('The answer passed {0} characters and was stopped.', LIMITS.answerChars.toLocaleString('en-US')),
            remediation: t('Ask for a shorter answer or split the question.'),
            retryable: false,
            actions: ['retry'],
          };
          sink.abort();
          break;
        }
        sink.text(ev.text);
      } else if (ev.type === 'refusal') {
        received += ev.text.length;
        sink.refusal(ev.text);
      } else if (ev.type === 'usage') {
        usage = {
          ...usage,
          ...(ev.inputTokens !== undefined ? { inputTokens: ev.inputTokens } : {}),
          ...(ev.outputTokens !== undefined ? { outputTokens: ev.outputTokens } : {}),
        };
      } else if (ev.type === 'done') {
        stopReason = ev.rawStopReason ?? ev.stopReason;
      }
    }
  } catch (e) {
    if (sink.stoppedByUser()) status = 'stopped';
    else if (isProviderError(e)) {
      error = errorInfo(e, received > 0);
      status = received > 0 ? 'interrupted' : 'error';
      sink.log.warn(`Chat ${sink.chatId}: answer ${status} (${e.code}): ${e.message}`);
    } else {
      error = {
        code: 'unexpected_error',
        message: errorMessage(e),
        remediation: t('Open the log for details and try again.'),
        retryable: true,
        actions: ['retry', 'openLog'],
      };
      status = received > 0 ? 'interrupted' : 'error';
      sink.log.error(errorDetail(e));
    }
  }
  // A stop can also end the stream cleanly (the provider saw the abort as the end).
  if (status === 'done' && sink.stoppedByUser()) status = 'stopped';
  return { status, ...(usage ? { usage } : {}), ...(stopReason ? { stopReason } : {}), ...(error ? { error } : {}) };
}

function errorInfo(e: ProviderError, receivedText: boolean): ErrorInfo {
  return {
    code: e.code,
    message: e.message,
    remediation: honestRemediation(e.remediation, receivedText),
    retryable: e.retryable,
    actions: e.actions.filter(isChatErrorAction),
    providerId: e.providerId,
  };
}
