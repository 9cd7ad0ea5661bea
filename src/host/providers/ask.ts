// "Kata Cloud: Ask…": one prompt, streamed into a new untitled Markdown editor (streamToEditor:
// a cancellable progress notification). Cancel closes the HTTP request at once; whatever
// arrived stays in the editor with a note saying it was stopped.
import * as vscode from 'vscode';
import { COMMANDS, run } from '../commands';
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
    const setKey = vscode.l10n.t('Set API Key…');
    const addEndpoint = vscode.l10n.t('Add Endpoint…');
    const pick = await vscode.window.showWarningMessage(
      vscode.l10n.t('No models are available yet. Set an API key or add an endpoint first.'),
      setKey,
      addEndpoint,
    );
    if (pick === setKey) await run(COMMANDS.providers.setApiKey);
    if (pick === addEndpoint) await run(COMMANDS.providers.addEndpoint);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(groupedModelItems(deps.models), {
    title: vscode.l10n.t('Kata Cloud: Choose a model (it becomes the default)'),
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
          title: vscode.l10n.t('Kata Cloud: Ask'),
          prompt: vscode.l10n.t('Ask the default model; the answer streams into a new editor.'),
          placeHolder: vscode.l10n.t('e.g. Explain the difference between a worktree and a branch'),
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
    title: vscode.l10n.t('Kata Cloud: {0}', model.modelId),
    doc,
    write: (delta) => append(delta),
    errorContext: 'Ask',
    retry: () => ask(deps, prompt),
  });
  const secs = (outcome.ms / 1000).toFixed(1);
  const { received, error } = outcome;
  // The note under the answer is Markdown; its words are translated, its rule and emphasis are not.
  if (outcome.status === 'done') await append(`\n\n---\n*${vscode.l10n.t('Done in {0} s.', secs)}*\n`);
  else if (outcome.status === 'cancelled')
    await append(
      `\n\n---\n*${
        received
          ? vscode.l10n.t('Stopped by you after {0} s; the answer above is partial.', secs)
          : vscode.l10n.t('Stopped by you after {0} s before any text arrived.', secs)
      }*\n`,
    );
  else {
    const msg = isProviderError(error)
      ? sentences(error.message, honestRemediation(error.remediation, received > 0))
      : errorMessage(error);
    const note = received
      ? vscode.l10n.t('Interrupted after {0} s: {1}', secs, msg)
      : vscode.l10n.t('Failed after {0} s: {1}', secs, msg);
    await append(`\n\n---\n*${note.replace(/\*/g, '\\*')}*\n`);
  }
}
