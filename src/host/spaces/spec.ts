// The living spec of a space (notes/spec.md): opened at a task's line, created from the template
// when missing, and a task toggled from the Spaces view as one undoable WorkspaceEdit of one
// character, saved when the file had no unsaved changes of the user's.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { toggleEdit } from '../../core/spec/tasks';
import { SPEC_PATH, specTemplate } from '../../core/spec/template';
import type { SpaceRow } from '../../core/spaces/repo';
import type { SpacesController } from './controller';
import type { SpaceNode } from './view';

export const specUri = (root: string): vscode.Uri => vscode.Uri.file(path.join(root, ...SPEC_PATH.split('/')));

/** Whether `uri` is the spec of one of `rows` (a space or the main checkout). */
export function isSpecOf(uri: vscode.Uri, rows: readonly Pick<SpaceRow, 'path'>[]): boolean {
  return uri.scheme === 'file' && rows.some((r) => uri.fsPath === specUri(r.path).fsPath);
}

/** Opens the spec of `row` (creating it from the template when it does not exist), at `line`. */
export async function openSpec(row: Pick<SpaceRow, 'path' | 'name'>, line?: number): Promise<vscode.TextEditor> {
  const uri = specUri(row.path);
  if (!existsSync(uri.fsPath)) {
    await mkdir(path.dirname(uri.fsPath), { recursive: true });
    await writeFile(uri.fsPath, specTemplate(row.name), { flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = typeof line === 'number' && line >= 0 && line < doc.lineCount ? new vscode.Position(line, 0) : undefined;
  return vscode.window.showTextDocument(doc, {
    preview: false,
    selection: at ? new vscode.Range(at, at) : undefined,
  });
}

/** Toggles one task; says so when the file changed since the view was drawn. */
export async function toggleTask(ctl: SpacesController, node: Extract<SpaceNode, { kind: 'task' }>): Promise<void> {
  const uri = specUri(node.path);
  const doc = await vscode.workspace.openTextDocument(uri);
  const wasDirty = doc.isDirty;
  const edit = toggleEdit(doc.getText(), node.line, node.text);
  if (!edit) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Kata Cloud: the task "{0}" is no longer on line {1} of the spec; the view is refreshed.',
        node.text,
        node.line + 1,
      ),
    );
    ctl.request(node.path, true);
    return;
  }
  const we = new vscode.WorkspaceEdit();
  we.replace(uri, new vscode.Range(edit.line, edit.column, edit.line, edit.column + 1), edit.text);
  if (!(await vscode.workspace.applyEdit(we)))
    throw new Error(vscode.l10n.t('VS Code did not apply the edit to {0}.', SPEC_PATH));
  // Saved only when the user had nothing unsaved in it: their own edits stay theirs to save.
  if (!wasDirty) await doc.save();
  ctl.request(node.path, true);
}
