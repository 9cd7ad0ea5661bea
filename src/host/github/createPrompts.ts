// What "Create Pull Request…" says and asks on the way: the note on a redacted draft, consent to
// commit and to push, and the notice with a link once a pull request exists. Each variant is its
// own message, so a translation never has to assemble a sentence.
import * as vscode from 'vscode';
import { openWebLink } from '../notify';

/** Asked before a draft with no open editor is acted on. */
export function showNoDraftOpen(): void {
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Kata Cloud: open a pull request draft first (Create Pull Request…).'),
  );
}

/** The notice on a fresh draft when something was left out of it, or undefined. */
export function draftNotice(redactions: number, suppressedFiles: readonly string[]): string | undefined {
  const files = suppressedFiles.join(', ');
  if (redactions === 1 && files)
    return vscode.l10n.t(
      'Kata Cloud: draft ready; {0} secret-looking value was replaced by [REDACTED] and the diff of {1} was left out. Edit it, then use "Create Pull Request" at the top.',
      redactions,
      files,
    );
  if (redactions > 1 && files)
    return vscode.l10n.t(
      'Kata Cloud: draft ready; {0} secret-looking values were replaced by [REDACTED] and the diff of {1} was left out. Edit it, then use "Create Pull Request" at the top.',
      redactions,
      files,
    );
  if (redactions === 1)
    return vscode.l10n.t(
      'Kata Cloud: draft ready; {0} secret-looking value was replaced by [REDACTED]. Edit it, then use "Create Pull Request" at the top.',
      redactions,
    );
  if (redactions > 1)
    return vscode.l10n.t(
      'Kata Cloud: draft ready; {0} secret-looking values were replaced by [REDACTED]. Edit it, then use "Create Pull Request" at the top.',
      redactions,
    );
  if (files)
    return vscode.l10n.t(
      'Kata Cloud: draft ready; the diff of {0} was left out. Edit it, then use "Create Pull Request" at the top.',
      files,
    );
  return undefined;
}

/** The draft was made for another branch than the one checked out now. */
export function wrongBranchText(branch: string, head: string | undefined): string {
  return head
    ? vscode.l10n.t(
        'Kata Cloud: this draft is for {0}, but {1} is checked out. Check out {0} or run Create Pull Request… again.',
        branch,
        head,
      )
    : vscode.l10n.t(
        'Kata Cloud: this draft is for {0}, but HEAD is detached. Check out {0} or run Create Pull Request… again.',
        branch,
      );
}

/** Consent to commit the staged files with the draft's title as the message. */
export async function confirmCommit(files: number, title: string): Promise<boolean> {
  const commit = vscode.l10n.t('Commit');
  const ok = await vscode.window.showInformationMessage(
    files === 1
      ? vscode.l10n.t('Commit the {0} staged file first?', files)
      : vscode.l10n.t('Commit the {0} staged files first?', files),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Commit message: "{0}". The pull request contains committed and pushed changes only.',
        title,
      ),
    },
    commit,
  );
  return ok === commit;
}

/** Consent to push the branch: it is not on the remote yet, or the remote lacks commits. */
export async function confirmPush(reason: 'unpublished' | 'ahead', branch: string, remote: string): Promise<boolean> {
  const push = vscode.l10n.t('Push');
  const ok = await vscode.window.showInformationMessage(
    reason === 'unpublished'
      ? vscode.l10n.t('{0} is not on {1} yet. Push it now?', branch, remote)
      : vscode.l10n.t('{0} has commits that are not on {1}. Push it now?', branch, remote),
    { modal: true, detail: vscode.l10n.t('{0} (through the Git extension)', `git push ${remote} ${branch}`) },
    push,
  );
  return ok === push;
}

/** A notice about a pull request with Open and Copy Link. */
export async function offerPullRequest(text: string, url: string): Promise<void> {
  const open = vscode.l10n.t('Open');
  const copy = vscode.l10n.t('Copy Link');
  const pick = await vscode.window.showInformationMessage(text, open, copy);
  if (pick === open) await openWebLink(url);
  else if (pick === copy) await vscode.env.clipboard.writeText(url);
}
