// Draft Spec with AI…: a one-line description → the chosen model streams a spec into
// notes/spec.md of a space, in the editor (streamToEditor, as Ask… does). The file changes only
// by a complete draft: a seeded template or an empty file is replaced; a spec with the user's
// text gets Append Below or Replace, asked in a modal. Cancel or a failure puts the text back as
// it was. Everything sent is redacted (core/spec/draft).
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { providerKeys } from '../../core/providers/knownSecrets';
import type { SpaceRow } from '../../core/spaces/repo';
import {
  appendSeparator,
  cleanSpecDraft,
  isUntouchedSpec,
  specDraftRequest,
  type SpecWriteMode,
} from '../../core/spec/draft';
import { specTemplate } from '../../core/spec/template';
import type { Services } from '../services';
import { COMMANDS, run } from '../commands';
import { chooseModel } from '../providers/ask';
import { replaceTail, streamToEditor } from '../providers/streamToEditor';
import type { SpacesController } from './controller';
import { pickRow } from './removeFlow';
import { specUri } from './spec';

export type DraftSpecResult = 'done' | 'cancelled' | 'failed' | 'dismissed';

export interface DraftSpecOptions {
  /** The description (from another command or a test); asked when missing. */
  description?: string;
}

async function readme(root: string): Promise<string | undefined> {
  for (const name of ['README.md', 'readme.md', 'README']) {
    const text = await readFile(path.join(root, name), 'utf8').catch(() => undefined);
    if (text !== undefined) return text.slice(0, 4000);
  }
  return undefined;
}

/** The spec document, created from the template when the file does not exist (as Open Spec does). */
async function specDocument(row: Pick<SpaceRow, 'path' | 'name'>): Promise<vscode.TextDocument> {
  const uri = specUri(row.path);
  if (!existsSync(uri.fsPath)) {
    await mkdir(path.dirname(uri.fsPath), { recursive: true });
    await writeFile(uri.fsPath, specTemplate(row.name), { flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
  return vscode.workspace.openTextDocument(uri);
}

async function chooseMode(row: Pick<SpaceRow, 'name'>, text: string): Promise<SpecWriteMode | undefined> {
  const tasks = (text.match(/^\s*[-*] \[[ xX]\]/gm) ?? []).length;
  const lines = text.split('\n').length;
  const append = vscode.l10n.t('Append Below');
  const replace = vscode.l10n.t('Replace');
  const pick = await vscode.window.showWarningMessage(
    vscode.l10n.t('The spec of "{0}" already has your text. Add the AI draft below it, or replace it?', row.name),
    {
      modal: true,
      detail: tasks
        ? vscode.l10n.t(
            'notes/spec.md: {0} lines, {1} tasks. Replace keeps nothing of it (Undo in the editor brings it back). Either way the file changes only when the draft is complete.',
            lines,
            tasks,
          )
        : vscode.l10n.t(
            'notes/spec.md: {0} lines. Replace keeps nothing of it (Undo in the editor brings it back). Either way the file changes only when the draft is complete.',
            lines,
          ),
    },
    append,
    replace,
  );
  return pick === append ? 'append' : pick === replace ? 'replace' : undefined;
}

export async function draftSpec(
  s: Services,
  ctl: SpacesController,
  arg?: unknown,
  opts: DraftSpecOptions = {},
): Promise<DraftSpecResult> {
  await ctl.requireRepo();
  const row = ctl.rowFor(arg) ?? ctl.currentRow() ?? (await pickSpace(ctl));
  if (!row) return 'dismissed';
  const description =
    opts.description?.trim() ||
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Draft Spec with AI: {0}', row.name),
      prompt: vscode.l10n.t(
        'Describe the task in one line. The model drafts notes/spec.md from it (secrets are redacted).',
      ),
      placeHolder: vscode.l10n.t('e.g. Let users reset their password by email'),
      value: row.isMain ? '' : row.name,
      ignoreFocusOut: true,
      validateInput: (v) =>
        v.length > 500 ? vscode.l10n.t('At most {0} characters: one line is enough.', 500) : undefined,
    }));
  if (!description?.trim()) return 'dismissed';
  const model = await chooseModel(s);
  if (!model) return 'dismissed';

  const doc = await specDocument(row);
  const original = doc.getText();
  const mode: SpecWriteMode | undefined = isUntouchedSpec(original, row.name)
    ? 'replace'
    : await chooseMode(row, original);
  if (!mode) return 'dismissed';
  const wasDirty = doc.isDirty;
  await vscode.window.showTextDocument(doc, { preview: false });

  const known = await providerKeys(s.providers);
  const req = specDraftRequest({
    description,
    taskName: row.isMain ? undefined : row.name,
    branch: row.branch,
    base: row.base,
    existingSpec: mode === 'append' ? original : undefined,
    readme: await readme(row.path),
    known,
  });
  if (req.redactions) s.log.info(`Draft Spec with AI: ${req.redactions} secret(s) redacted from the context.`);
  // Append: the user's text stays as the prefix; replace: the draft is the whole file.
  const keep = mode === 'append' ? original.length : 0;
  const prefix = mode === 'append' ? appendSeparator(original, new Date()) : '';
  const render = (full: string) => replaceTail(doc, keep, prefix + cleanSpecDraft(full, known));

  const outcome = await streamToEditor(s, {
    model,
    request: {
      system: req.system,
      messages: [{ role: 'user', content: req.user }],
      maxTokens: 2000,
      temperature: 0.2,
    },
    title: vscode.l10n.t('Drafting the spec of "{0}" with {1}', row.name, model.modelId),
    doc,
    flushMs: 100,
    // Each write shows the text so far, cleaned (a fence the model opened is not shown).
    write: (_delta, full) => render(full),
    errorContext: 'Draft Spec with AI',
    retry: () => run(COMMANDS.spaces.draftSpec, row.path, description),
  });
  const final = cleanSpecDraft(outcome.text, known).trimEnd();
  if (outcome.status === 'done' && final) {
    await render(`${final}\n`);
    // Saved unless the user had unsaved edits in it: those stay theirs to save.
    if (!wasDirty && !doc.isClosed) await doc.save();
    ctl.request(row.path, true);
    return 'done';
  }
  // Cancelled, failed or empty: the file as it was (the partial draft is dropped).
  if (!doc.isClosed) {
    await replaceTail(doc, 0, original);
    if (!wasDirty) await doc.save();
  }
  if (outcome.status === 'done') {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Kata Cloud: {0} returned an empty answer; the spec of "{1}" is unchanged.',
        model.modelId,
        row.name,
      ),
    );
    return 'failed';
  }
  if (outcome.status === 'cancelled')
    void vscode.window.setStatusBarMessage(
      vscode.l10n.t('Draft Spec stopped; the spec of "{0}" is unchanged.', row.name),
      5000,
    );
  return outcome.status;
}

const pickSpace = (ctl: SpacesController) => pickRow(ctl, vscode.l10n.t('Draft the spec of which space?'));

/** After New Space: a notification offering the draft, when the spec is still the template. */
export async function offerDraft(row: Pick<SpaceRow, 'path' | 'name'>): Promise<void> {
  const text = await readFile(specUri(row.path).fsPath, 'utf8').catch(() => undefined);
  if (!isUntouchedSpec(text, row.name)) return;
  const pick = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Kata Cloud: "{0}" starts with the spec template. Draft it with AI from a one-line description?',
      row.name,
    ),
    vscode.l10n.t('Draft Spec with AI…'),
  );
  if (pick) await run(COMMANDS.spaces.draftSpec, row.path);
}
