// "Kata Cloud: Ask…": one prompt, streamed into a new untitled Markdown editor (streamToEditor:
// a cancellable progress notification). Cancel closes the HTTP request at once; whatever
// arrived stays in the editor with a note saying it was stopped.
import * as vscode from 'vscode';
import { run } from '../commands';
import { errorMessage } from '../../core/errorMessage';
import { honestRemediation, isProviderError } from '../../core/providers/errors';
import { isChatModel } from '../../core/providers/modelKinds';
import { sentences } from '../../core/sentence';
import type { ModelCatalog } from '../../core/providers/catalog';
import type { ProviderRuntime } from '../../core/providers/registry';
import type { ModelInfo, ProviderId } from '../../core/providers/types';
import type { HostLog } from '../log';
import { appendTo, streamToEditor } from './streamToEditor';

export interface AskDeps {
  providers: ProviderRuntime;
  models: ModelCatalog;
  log: HostLog;
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
    if (pick === 'Set API Key…') await run('kata.setApiKey');
    if (pick === 'Add Endpoint…') await run('kata.addEndpoint');
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
  const append = appendTo(doc);
  const outcome = await streamToEditor(deps, {
    model,
    request: { messages: [{ role: 'user', content: prompt }] },
    title: `Kata Cloud: ${model.modelId}`,
    doc,
    write: (delta) => append(delta),
    errorContext: 'Ask',
    retry: () => ask(deps, prompt),
  });
  const secs = (outcome.ms / 1000).toFixed(1);
  const { received, error } = outcome;
  if (outcome.status === 'done') await append(`\n\n---\n*Done in ${secs} s.*\n`);
  else if (outcome.status === 'cancelled')
    await append(
      `\n\n---\n*Stopped by you after ${secs} s${received ? '; the answer above is partial' : ' before any text arrived'}.*\n`,
    );
  else {
    const msg = isProviderError(error)
      ? sentences(error.message, honestRemediation(error.remediation, received > 0))
      : errorMessage(error);
    await append(`\n\n---\n*${received ? 'Interrupted' : 'Failed'} after ${secs} s: ${msg.replace(/\*/g, '\\*')}*\n`);
  }
}
