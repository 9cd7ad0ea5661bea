// The pull request draft as an editable Markdown document (first line = title), kept under the
// extension's global storage so closing it never asks to save. A CodeLens on the first line
// carries the actions: Create Pull Request, Draft on/off, Base, Draft with AI. The raw changes
// stay in memory only; everything written to the document is redacted.
import * as vscode from 'vscode';
import { COMMANDS, CONTEXT_KEYS, commandOf, setContext } from '../commands';
import { aiDraftPrompt, cleanAiDraft } from '../../core/github/aiDraft';
import type { DraftInput } from '../../core/github/draft';
import type { RemoteSelection } from '../../core/github/remote';
import type { Services } from '../services';
import { chooseModel } from '../providers/ask';
import { streamToEditor } from '../providers/streamToEditor';
import { showError } from '../notify';
import { toProviderError } from '../../core/providers/errors';
import { showNoDraftOpen } from './createPrompts';
import { Disposable } from '../../core/disposable';

/** A space's worktree the draft is made in, and the base the space was made from. */
export interface SpaceTarget {
  root: string;
  base?: string;
}

export interface DraftSession {
  uri: vscode.Uri;
  repoRoot: string;
  selection: RemoteSelection;
  branch: string;
  base: string;
  input: DraftInput;
  /** Open the pull request as a draft. */
  draft: boolean;
  /** The text as generated, to tell whether the user edited it. */
  generated: string;
  /** Set when the draft was made from a space: submit works in its worktree. */
  space?: SpaceTarget;
}

const STREAM_FLUSH_MS = 120;

export class DraftDocuments extends Disposable implements vscode.CodeLensProvider {
  private readonly sessions = new Map<string, DraftSession>();
  private readonly lensEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.lensEmitter.event;

  constructor(private readonly s: Services) {
    super();
    this.onDispose(() => this.sessions.clear());
    this.register(vscode.languages.registerCodeLensProvider({ language: 'markdown' }, this));
    this.register(vscode.window.onDidChangeActiveTextEditor((e) => this.updateContext(e)));
    this.updateContext(vscode.window.activeTextEditor);
  }

  private updateContext(editor: vscode.TextEditor | undefined): void {
    const session = editor ? this.sessions.get(editor.document.uri.toString()) : undefined;
    setContext(CONTEXT_KEYS.prDraftEditor, !!session);
  }

  private fileFor(selection: RemoteSelection, branch: string): vscode.Uri {
    const t = selection.target.ref;
    const safe = (x: string) =>
      x
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^\.+/, '_')
        .slice(0, 100);
    // One folder per repository, so the tab reads "pull-request-<branch>.md".
    return vscode.Uri.joinPath(
      this.s.context.globalStorageUri,
      'pr-drafts',
      safe(t.host),
      safe(t.owner),
      safe(t.repo),
      `pull-request-${safe(branch)}.md`,
    );
  }

  /** Writes the draft and opens it; an open draft for the same branch is replaced in place. */
  async open(session: Omit<DraftSession, 'uri'>, text: string): Promise<DraftSession | undefined> {
    const uri = this.fileFor(session.selection, session.branch);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const prev = this.sessions.get(uri.toString());
    if (open && prev && open.getText() !== prev.generated) {
      const replace = vscode.l10n.t('Replace');
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('Replace your edited draft for {0} with a new one?', session.branch),
        { modal: true, detail: vscode.l10n.t('Undo in the editor brings your text back.') },
        replace,
      );
      if (ok !== replace) {
        await vscode.window.showTextDocument(open, { preview: false });
        return undefined;
      }
    }
    // A rebuilt draft keeps the Draft toggle the user chose.
    const full: DraftSession = { ...session, uri, draft: prev?.draft ?? session.draft };
    this.sessions.set(uri.toString(), full);
    if (open) {
      await this.replace(open, text);
      await open.save();
    } else {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
      await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    }
    const doc = open ?? (await vscode.workspace.openTextDocument(uri));
    await vscode.window.showTextDocument(doc, { preview: false });
    this.updateContext(vscode.window.activeTextEditor);
    this.lensEmitter.fire();
    return full;
  }

  /** The session of a command's target: the given URI, else the active editor. */
  find(arg: unknown): { session: DraftSession; doc: vscode.TextDocument } | undefined {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const session = uri ? this.sessions.get(uri.toString()) : undefined;
    const doc = session && vscode.workspace.textDocuments.find((d) => d.uri.toString() === session.uri.toString());
    return session && doc ? { session, doc } : undefined;
  }

  update(session: DraftSession): void {
    this.sessions.set(session.uri.toString(), session);
    this.updateContext(vscode.window.activeTextEditor);
    this.lensEmitter.fire();
  }

  async close(session: DraftSession): Promise<void> {
    this.sessions.delete(session.uri.toString());
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === session.uri.toString());
    if (doc?.isDirty) await doc.save();
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === session.uri.toString())
          await vscode.window.tabGroups.close(tab);
      }
    }
    await vscode.workspace.fs.delete(session.uri).then(undefined, () => undefined);
    this.updateContext(vscode.window.activeTextEditor);
  }

  async replace(doc: vscode.TextDocument, text: string): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    await vscode.workspace.applyEdit(edit);
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const session = this.sessions.get(doc.uri.toString());
    if (!session) return [];
    const at = new vscode.Range(0, 0, 0, 0);
    const target = session.selection.target.ref;
    const head = session.selection.head.ref;
    const into = `${target.owner}/${target.repo}:${session.base} ← ${head.owner === target.owner ? '' : `${head.owner}:`}${session.branch}`;
    return [
      new vscode.CodeLens(at, {
        ...commandOf(
          COMMANDS.github.submitDraft,
          session.draft
            ? `$(git-pull-request-create) ${vscode.l10n.t('Create Draft Pull Request')}`
            : `$(git-pull-request-create) ${vscode.l10n.t('Create Pull Request')}`,
          doc.uri,
        ),
        tooltip: vscode.l10n.t('Create the pull request {0} from this document (first line = title)', into),
      }),
      new vscode.CodeLens(at, {
        ...commandOf(
          COMMANDS.github.toggleDraft,
          session.draft
            ? `$(pass-filled) ${vscode.l10n.t('Draft: on')}`
            : `$(circle-large-outline) ${vscode.l10n.t('Draft: off')}`,
          doc.uri,
        ),
        tooltip: vscode.l10n.t('Open it as a draft pull request (not ready for review)'),
      }),
      new vscode.CodeLens(at, {
        ...commandOf(COMMANDS.github.chooseBase, `$(git-branch) ${vscode.l10n.t('Base: {0}', session.base)}`, doc.uri),
        tooltip: vscode.l10n.t('Target {0}. Click to choose another base branch.', into),
      }),
      new vscode.CodeLens(at, {
        ...commandOf(COMMANDS.github.draftWithAi, `$(sparkle) ${vscode.l10n.t('Draft with AI')}`, doc.uri),
        tooltip: vscode.l10n.t('Let the default model write the title and body from the redacted changes and the spec'),
      }),
    ];
  }

  toggleDraft(arg: unknown): void {
    const found = this.find(arg);
    if (!found) return showNoDraftOpen();
    this.update({ ...found.session, draft: !found.session.draft });
    void vscode.window.setStatusBarMessage(
      found.session.draft
        ? vscode.l10n.t('The pull request will be ready for review')
        : vscode.l10n.t('The pull request will be opened as a draft'),
      3000,
    );
  }

  /** "Draft with AI": the default model writes the draft from redacted material, streamed in. */
  async draftWithAi(arg: unknown, known: readonly string[]): Promise<void> {
    const found = this.find(arg);
    if (!found) return showNoDraftOpen();
    const { session, doc } = found;
    // The default model, or a pick that becomes the default (as Ask… does).
    const model = await chooseModel(this.s);
    if (!model) return;
    if (doc.getText() !== session.generated) {
      const replace = vscode.l10n.t('Replace');
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('Replace your edits with an AI draft? (Undo brings them back.)'),
        { modal: true },
        replace,
      );
      if (ok !== replace) return;
    }
    const prompt = aiDraftPrompt({ ...session.input, known });
    const original = doc.getText();
    const outcome = await streamToEditor(this.s, {
      model,
      request: {
        system: prompt.system,
        messages: [{ role: 'user', content: prompt.user }],
        maxTokens: 2000,
        temperature: 0.2,
      },
      title: vscode.l10n.t('Drafting the pull request with {0}…', model.modelId),
      doc,
      flushMs: STREAM_FLUSH_MS,
      // The whole draft is re-rendered each time: cleaning needs the text so far, not a delta.
      write: (_delta, full) => this.replace(doc, cleanAiDraft(full, known)),
      errorContext: 'Draft with AI',
    });
    const final = cleanAiDraft(outcome.text, known);
    if (outcome.status === 'done' && final.trim()) {
      await this.replace(doc, final);
      this.update({ ...session, generated: doc.getText() });
    } else if (outcome.status === 'done') {
      await this.replace(doc, original);
      await showError(toProviderError(new Error(vscode.l10n.t('The model returned an empty answer.'))), this.s.log, {
        context: 'Draft with AI',
      });
    } else if (outcome.status === 'cancelled' || !outcome.text) {
      // Cancelled: the draft as it was; failed before any text: the same.
      await this.replace(doc, original);
    }
  }
}
