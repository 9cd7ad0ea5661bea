// The one way an answer streams into an editor (Ask…, the pull request draft's Draft with AI,
// Draft Spec with AI): a notification with Cancel, a countdown while the runtime waits to retry,
// batched writes (core/providers/textPump), and Cancel or closing the document aborting the HTTP
// request at once. The caller decides what a write does (append, or render the text so far) and
// what the document says at the end; a failure is shown as the provider's structured error.
import * as vscode from 'vscode';
import { toAbortSignal } from '../cancel';
import { retryWaitText } from '../../core/chat/retryWait';
import { pumpText, type PumpOutcome } from '../../core/providers/textPump';
import type { ModelCatalog } from '../../core/providers/catalog';
import type { ProviderRuntime } from '../../core/providers/registry';
import type { ChatRequest, ProviderId, RetryWait } from '../../core/providers/types';
import type { HostLog } from '../log';
import { showError } from '../notify';
import { toProviderError } from '../../core/providers/errors';

export interface StreamToEditorDeps {
  providers: ProviderRuntime;
  models: Pick<ModelCatalog, 'labelOf'>;
  log: HostLog;
}

export interface StreamToEditorOptions {
  model: { providerId: ProviderId; modelId: string };
  request: Omit<ChatRequest, 'model'>;
  /** The notification's title. */
  title: string;
  /** Closing this document cancels the stream. */
  doc?: vscode.TextDocument;
  /** Writes a batch: `delta` is new since the last write, `full` the whole answer so far. */
  write(delta: string, full: string): unknown;
  flushMs?: number;
  /** Shown with a failure (not with a cancel): "Ask", "Draft Spec with AI"… */
  errorContext: string;
  retry?: () => unknown;
}

export async function streamToEditor(deps: StreamToEditorDeps, o: StreamToEditorOptions): Promise<PumpOutcome> {
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: o.title, cancellable: true },
    async (progress, token) => {
      const ac = toAbortSignal(token);
      const subs = [ac, vscode.workspace.onDidCloseTextDocument((d) => d === o.doc && ac.abort())];
      const waiting = vscode.l10n.t('waiting for the first token…');
      progress.report({ message: waiting });
      // A retry wait (rate limit, overload) counts down in the notification until the next attempt.
      let countdown: ReturnType<typeof setInterval> | undefined;
      const onRetryWait = (w: RetryWait) => {
        clearInterval(countdown);
        const until = Date.now() + w.delayMs;
        const paint = () => {
          const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
          progress.report({ message: left > 0 ? retryWaitText(w, left) : waiting });
          if (left === 0) clearInterval(countdown);
        };
        paint();
        countdown = setInterval(paint, 1000);
      };
      try {
        const events = deps.providers
          .get(o.model.providerId)
          .stream({ ...o.request, model: o.model.modelId }, { signal: ac.signal, onRetryWait });
        return await pumpText(events, {
          signal: ac.signal,
          flushMs: o.flushMs,
          flush: (delta, full) => o.write(delta, full),
          onEvent: () => clearInterval(countdown),
          onProgress: (p) =>
            progress.report({
              message: p.outputTokens
                ? vscode.l10n.t(
                    '{0} characters · {1} tokens — Cancel stops it',
                    p.received.toLocaleString('en-US'),
                    p.outputTokens,
                  )
                : vscode.l10n.t('{0} characters — Cancel stops it', p.received.toLocaleString('en-US')),
            }),
        });
      } finally {
        clearInterval(countdown);
        for (const s of subs) s.dispose();
      }
    },
  );
  const secs = (outcome.ms / 1000).toFixed(1);
  if (outcome.status === 'cancelled')
    deps.log.info(`${o.errorContext} stopped by the user after ${secs} s (${outcome.received} characters received).`);
  else if (outcome.status === 'failed')
    void showError(toProviderError(outcome.error), deps.log, {
      context: o.errorContext,
      handlers: { retry: o.retry },
      endpointLabel: (id) => deps.models.labelOf(id),
    });
  else deps.log.info(`${o.errorContext}: ${outcome.received} characters in ${secs} s.`);
  return outcome;
}

/** Appends text at the end of a document; edits are applied one after another. */
export function appendTo(doc: vscode.TextDocument): (text: string) => Promise<void> {
  return async (text) => {
    if (!text || doc.isClosed) return;
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, end, text);
    await vscode.workspace.applyEdit(edit);
  };
}

/** Replaces everything after the first `keep` characters of a document with `text`. */
export async function replaceTail(doc: vscode.TextDocument, keep: number, text: string): Promise<boolean> {
  if (doc.isClosed) return false;
  const from = doc.positionAt(keep);
  const to = doc.lineAt(doc.lineCount - 1).range.end;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(from, to), text);
  return vscode.workspace.applyEdit(edit);
}
