// "Kata Cloud: Ask…": one prompt, streamed into a new untitled Markdown editor inside a
// cancellable progress notification. Cancel closes the HTTP request at once; whatever
// arrived stays in the editor with a note saying it was stopped.
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import { honestRemediation, isProviderError } from '../../core/providers/errors';
import { isChatModel } from '../../core/providers/modelKinds';
import { retryWaitText } from '../../core/chat/retryWait';
import { sentences } from '../../core/sentence';
import type { ModelCatalog } from '../../core/providers/catalog';
import type { ProviderRuntime } from '../../core/providers/registry';
import type { ModelInfo, ProviderId, RetryWait } from '../../core/providers/types';
import type { HostLog } from '../log';
import { showProviderError } from '../notify';

export interface AskDeps {
  providers: ProviderRuntime;
  models: ModelCatalog;
  log: HostLog;
}

/** Appends text at the end of a document, one edit at a time, batched by the caller. */
class DocumentAppender {
  private chain: Promise<unknown> = Promise.resolve();
  constructor(private readonly doc: vscode.TextDocument) {}
  append(text: string): Promise<unknown> {
    if (!text) return this.chain;
    this.chain = this.chain.then(async () => {
      if (this.doc.isClosed) return;
      const last = this.doc.lineAt(this.doc.lineCount - 1).range.end;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(this.doc.uri, last, text);
      await vscode.workspace.applyEdit(edit);
    });
    return this.chain;
  }
}

type ModelItem = vscode.QuickPickItem & { m?: ModelInfo };

/** Models under one separator per endpoint, in the order of the user's list. */
export function groupedModelItems(models: ModelCatalog): ModelItem[] {
  const items: ModelItem[] = [];
  for (const e of models.endpoints()) {
    // Models that cannot chat (embeddings, speech, images…) stay in the Models view only.
    const list = models.snapshot(e.id).models.filter((m) => isChatModel(e.kind, m.id));
    if (!list.length) continue;
    items.push({ label: e.label, kind: vscode.QuickPickItemKind.Separator });
    for (const m of list) items.push({ label: m.displayName || m.id, description: `${e.label} · ${m.id}`, m });
  }
  return items;
}

export async function chooseModel(deps: AskDeps): Promise<{ providerId: ProviderId; modelId: string } | undefined> {
  const def = deps.models.getDefault();
  const defKind = deps.models.endpoints().find((e) => e.id === def?.providerId)?.kind;
  if (def && isChatModel(defKind, def.modelId)) return def;
  if (!deps.models.allModels().length) await deps.models.refresh();
  const models = deps.models.chatModels();
  if (!models.length) {
    const pick = await vscode.window.showWarningMessage(
      'No models are available yet. Set an API key or add an endpoint first.',
      'Set API Key…',
      'Add Endpoint…',
    );
    if (pick === 'Set API Key…') await vscode.commands.executeCommand('kata.setApiKey');
    if (pick === 'Add Endpoint…') await vscode.commands.executeCommand('kata.addEndpoint');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(groupedModelItems(deps.models), {
    title: 'Kata Cloud: Choose a model (it becomes the default)',
    matchOnDescription: true,
  });
  if (!pick?.m) return undefined;
  const chosen = { providerId: pick.m.providerId, modelId: pick.m.id };
  await deps.models.setDefault(chosen);
  return chosen;
}

export async function ask(deps: AskDeps, presetPrompt?: string): Promise<void> {
  const prompt =
    typeof presetPrompt === 'string' && presetPrompt.trim()
      ? presetPrompt
      : await vscode.window.showInputBox({
          title: 'Kata Cloud: Ask',
          prompt: 'Ask the default model; the answer streams into a new editor.',
          placeHolder: 'e.g. Explain the difference between a worktree and a branch',
          ignoreFocusOut: true,
        });
  if (!prompt?.trim()) return;
  const model = await chooseModel(deps);
  if (!model) return;

  const title = prompt.trim().split('\n')[0].slice(0, 80);
  // A setext heading keeps the prompt itself as the first line, which VS Code uses as the tab title.
  const header = `${title}\n${'='.repeat(Math.min(Math.max(title.length, 3), 80))}\n\n*${deps.models.labelOf(model.providerId)} · ${model.modelId}*\n\n`;
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: header });
  await vscode.window.showTextDocument(doc, { preview: false });
  const out = new DocumentAppender(doc);
  const started = Date.now();

  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Kata Cloud: ${model.modelId}`, cancellable: true },
    async (progress, token) => {
      const ac = new AbortController();
      const sub = token.onCancellationRequested(() => ac.abort());
      const closed = vscode.workspace.onDidCloseTextDocument((d) => d === doc && ac.abort());
      let pending = '';
      let received = 0;
      // Batch deltas so a fast stream costs one edit per ~50 ms, not one per token.
      const timer = setInterval(() => {
        if (pending) {
          void out.append(pending);
          pending = '';
        }
      }, 50);
      progress.report({ message: 'waiting for the first token…' });
      // A retry wait (rate limit, overload) counts down in the notification until the next attempt.
      let countdown: ReturnType<typeof setInterval> | undefined;
      const onRetryWait = (w: RetryWait) => {
        clearInterval(countdown);
        const until = Date.now() + w.delayMs;
        const paint = () => {
          const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
          progress.report({ message: left > 0 ? retryWaitText(w, left) : 'waiting for the first token…' });
          if (left === 0) clearInterval(countdown);
        };
        paint();
        countdown = setInterval(paint, 1000);
      };
      try {
        for await (const ev of deps.providers
          .get(model.providerId)
          .stream(
            { model: model.modelId, messages: [{ role: 'user', content: prompt }] },
            { signal: ac.signal, onRetryWait },
          )) {
          clearInterval(countdown);
          if (ev.type === 'text') {
            pending += ev.text;
            received += ev.text.length;
            progress.report({ message: `${received.toLocaleString('en-US')} characters — Cancel stops it` });
          } else if (ev.type === 'usage' && ev.outputTokens) {
            progress.report({ message: `${ev.outputTokens} tokens` });
          }
        }
        clearInterval(timer);
        await out.append(pending);
        pending = '';
        await out.append(`\n\n---\n*Done in ${((Date.now() - started) / 1000).toFixed(1)} s.*\n`);
      } catch (e) {
        clearInterval(timer);
        await out.append(pending);
        pending = '';
        const secs = ((Date.now() - started) / 1000).toFixed(1);
        if (isProviderError(e) && e.code === 'cancelled') {
          await out.append(
            `\n\n---\n*Stopped by you after ${secs} s${received ? '; the answer above is partial' : ' before any text arrived'}.*\n`,
          );
          deps.log.info(`Ask stopped by the user after ${secs} s (${received} characters received).`);
          return;
        }
        const msg = isProviderError(e)
          ? sentences(e.message, honestRemediation(e.remediation, received > 0))
          : errorMessage(e);
        await out.append(
          `\n\n---\n*${received ? 'Interrupted' : 'Failed'} after ${secs} s: ${msg.replace(/\*/g, '\\*')}*\n`,
        );
        void showProviderError(e, deps.log, {
          context: 'Ask',
          retry: () => ask(deps, prompt),
          labelOf: (id) => deps.models.labelOf(id),
        });
      } finally {
        clearInterval(timer);
        clearInterval(countdown);
        sub.dispose();
        closed.dispose();
      }
    },
  );
}
