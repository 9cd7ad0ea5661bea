// Turning editor selections, files and the project spec into chat attachments. Files are read
// through vscode.workspace.fs (any file system), refused when huge or binary, cut when long.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { LIMITS, type Attachment, type ChatSpace } from '../../core/chat/model';
import { SPEC_PATH } from '../../core/spec/template';

export type AttachResult = { ok: true; attachment: Attachment } | { ok: false; reason: string };

function newId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

function cut(content: string): { content: string; truncated?: true } {
  return content.length > LIMITS.attachmentChars
    ? { content: content.slice(0, LIMITS.attachmentChars), truncated: true }
    : { content };
}

/** `src/a.ts:10-24` for a multi-line selection, `src/a.ts:10` for one line (1-based, as editors show). */
export function selectionLabel(
  path: string,
  sel: { start: { line: number }; end: { line: number; character: number } },
): string {
  // A selection ending at column 0 of a line does not include that line.
  const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
  return endLine > sel.start.line ? `${path}:${sel.start.line + 1}-${endLine + 1}` : `${path}:${sel.start.line + 1}`;
}

export function selectionAttachments(editor: vscode.TextEditor): Attachment[] {
  const path = vscode.workspace.asRelativePath(editor.document.uri, false);
  return editor.selections
    .filter((s) => !s.isEmpty)
    .map((s) => ({
      id: newId('sel'),
      kind: 'selection' as const,
      label: selectionLabel(path, s),
      language: editor.document.languageId,
      ...cut(editor.document.getText(s)),
    }));
}

export async function fileAttachment(
  uri: vscode.Uri,
  kind: 'file' | 'spec' = 'file',
  label = vscode.workspace.asRelativePath(uri, false),
): Promise<AttachResult> {
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return { ok: false, reason: vscode.l10n.t('{0} could not be read (it may have been moved or deleted).', label) };
  }
  if (stat.type & vscode.FileType.Directory)
    return { ok: false, reason: vscode.l10n.t('{0} is a folder; add files one by one.', label) };
  if (stat.size > LIMITS.fileBytes)
    return {
      ok: false,
      reason: vscode.l10n.t(
        '{0} is {1} MB; files over {2} MB are not attached. Select the relevant part and use Ask About Selection instead.',
        label,
        (stat.size / 1e6).toFixed(1),
        LIMITS.fileBytes / 1e6,
      ),
    };
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.subarray(0, 8000).includes(0))
    return {
      ok: false,
      reason: vscode.l10n.t('{0} looks like a binary file; only text files can be attached.', label),
    };
  // An open editor may hold unsaved changes: those are what the user sees and means.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : new TextDecoder('utf-8').decode(bytes);
  const language =
    open?.languageId ??
    (await vscode.workspace.openTextDocument(uri).then(
      (d) => d.languageId,
      () => undefined,
    ));
  return { ok: true, attachment: { id: newId(kind), kind, label, ...(language ? { language } : {}), ...cut(text) } };
}

export type SpecLookup = { ok: true; uri: vscode.Uri; label?: string } | { ok: false; reason: string };

async function isFile(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

/**
 * The spec a chat attaches: notes/spec.md of the chat's space (its worktree, which need not be
 * the open folder), else of the first workspace folder that has one.
 */
export async function findSpec(space?: ChatSpace): Promise<SpecLookup> {
  if (space) {
    const uri = vscode.Uri.joinPath(vscode.Uri.file(space.path), ...SPEC_PATH.split('/'));
    return (await isFile(uri))
      ? { ok: true, uri, label: `${SPEC_PATH} (${space.name})` }
      : {
          ok: false,
          reason: vscode.l10n.t('the space "{0}" has no {1} to attach (Open Spec creates it).', space.name, SPEC_PATH),
        };
  }
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(folder.uri, ...SPEC_PATH.split('/'));
    if (await isFile(uri)) return { ok: true, uri };
  }
  return {
    ok: false,
    reason: vscode.workspace.workspaceFolders?.length
      ? vscode.l10n.t('there is no {0} in the open folder to attach.', SPEC_PATH)
      : vscode.l10n.t('open a folder that has a {0} to attach it.', SPEC_PATH),
  };
}
