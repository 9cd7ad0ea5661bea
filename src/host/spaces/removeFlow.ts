// "Remove Space…": refused while the space holds work that exists nowhere else (it says which:
// uncommitted changes, unpushed commits), with "Remove Anyway…" behind a modal confirmation. The
// branch is deleted only when it is merged into the base, or after its own confirmation. The core
// runs `git worktree remove` and `git worktree prune`; a window showing the space is told by its
// controller once git no longer lists it.
import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { SpaceError } from '../../core/spaces/errors';
import { checkRemove, refusalReason, removeSpace, type RemoveOptions } from '../../core/spaces/remove';
import type { SpaceRow } from '../../core/spaces/repo';
import type { SpacesController } from './controller';
import { showSpaceError } from './errorUi';
import { errorMessage } from '../../core/errorMessage';
import { run } from '../commands';

/** A space chosen in a quick pick, when a command came from the palette without a row. */
export async function pickRow(
  ctl: SpacesController,
  placeHolder: string,
  filter: (r: SpaceRow) => boolean = () => true,
): Promise<SpaceRow | undefined> {
  await ctl.refreshNow();
  const rows = ctl.rows.filter(filter);
  if (!rows.length) {
    void vscode.window
      .showInformationMessage('Kata Cloud: this repository has no spaces yet.', 'New Space…')
      .then((p) => {
        if (p) void run('kata.spaces.new');
      });
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    rows.map((r) => ({ label: r.name, description: r.isMain ? 'main checkout' : r.branch, detail: r.path, row: r })),
    { placeHolder, matchOnDescription: true },
  );
  return pick?.row;
}

export class RemoveSpaceFlow {
  constructor(
    private readonly ctl: SpacesController,
    private readonly log: Logger,
  ) {}

  async start(arg?: unknown, forced = false): Promise<void> {
    try {
      await this.run(arg, forced);
    } catch (e) {
      await showSpaceError(e, this.log);
    }
  }

  private async run(arg: unknown, forced: boolean): Promise<void> {
    const repo = await this.ctl.requireRepo();
    const row = this.ctl.rowFor(arg) ?? (await pickRow(this.ctl, 'Remove which space?', (r) => !r.isMain));
    if (!row) return;
    if (row.isMain) throw new SpaceError('main_worktree', 'The main checkout is not a space and cannot be removed.');
    const check = await checkRemove(repo, row);
    const reason = refusalReason(check);
    let force = forced;
    if (reason && !forced) {
      const anyway = 'Remove Anyway…';
      const pick = await vscode.window.showWarningMessage(
        `Kata Cloud: "${row.name}" was not removed: it has ${reason}, which would be lost. Commit and push first, or remove it anyway.`,
        anyway,
      );
      if (pick !== anyway) return;
      force = true;
    }
    if (force) {
      const what = reason ?? 'any uncommitted work';
      const ok = await vscode.window.showWarningMessage(
        `Remove the space "${row.name}" and lose ${what}?`,
        {
          modal: true,
          detail: `The folder ${row.path} is deleted; this cannot be undone. The branch ${row.branch ?? ''} is kept.`,
        },
        'Remove Anyway',
      );
      if (ok !== 'Remove Anyway') return;
    }
    const o: RemoveOptions = { force, deleteBranch: 'no' };
    if (check.locked) {
      const ok = await vscode.window.showWarningMessage(
        `The worktree of "${row.name}" is locked (${check.locked}). Unlock and remove it?`,
        { modal: true },
        'Unlock and Remove',
      );
      if (!ok) return;
      o.unlock = true;
    }
    if (!force) {
      const branch = await this.askBranch(row, check.merged);
      if (!branch) return;
      o.deleteBranch = branch;
    }
    await this.remove(row, o);
  }

  /** The confirmation of a clean removal, which also settles the branch. */
  private async askBranch(row: SpaceRow, merged: boolean): Promise<RemoveOptions['deleteBranch'] | undefined> {
    const keep = 'Remove, Keep Branch';
    const del = merged ? 'Remove and Delete Branch' : 'Remove and Delete Branch…';
    const b = row.branch ? `The branch ${row.branch}` : 'Its HEAD';
    const detail = merged
      ? `The folder ${row.path} is deleted. ${b} is merged into ${row.base ?? 'its base'}, so deleting it loses nothing.`
      : `The folder ${row.path} is deleted. ${b} is not merged into ${row.base ?? 'its base'}; it is kept unless you delete it.`;
    const buttons = row.branch ? (merged ? [del, keep] : [keep, del]) : [keep];
    const pick = await vscode.window.showInformationMessage(
      `Remove the space "${row.name}"?`,
      { modal: true, detail },
      ...buttons,
    );
    if (!pick) return undefined;
    if (pick === keep) return 'no';
    // Merged into the base (checked by the core): `branch -d` would also want it merged into HEAD.
    if (merged) return 'force';
    const sure = await vscode.window.showWarningMessage(
      `Delete the unmerged branch ${row.branch}?`,
      {
        modal: true,
        detail: 'Its commits stay on the remote if they were pushed; otherwise only the reflog keeps them.',
      },
      'Delete Branch',
    );
    return sure ? 'force' : 'no';
  }

  private async remove(row: SpaceRow, o: RemoveOptions): Promise<void> {
    const repo = await this.ctl.requireRepo();
    this.ctl.setLifecycle(row.path, { state: 'removing' });
    let branchDeleted = false;
    try {
      const r = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Removing the space "${row.name}"…` },
        () => removeSpace(repo, this.ctl.meta, row, o),
      );
      branchDeleted = r.branchDeleted;
    } catch (e) {
      this.ctl.setLifecycle(row.path, { state: 'failed', reason: errorMessage(e) });
      await showSpaceError(e, this.log, {
        removeAnyway: () => this.start(row.path, true),
        unlockAndRemove: () => this.remove(row, { ...o, unlock: true }),
      });
      return;
    }
    this.ctl.setLifecycle(row.path, undefined);
    this.log.info(`Spaces: removed ${row.path}${branchDeleted ? ` and the branch ${row.branch}` : ''}.`);
    await this.ctl.refreshNow();
    const kept =
      row.branch && !branchDeleted ? `; the branch ${row.branch} is kept` : branchDeleted ? ' and its branch' : '';
    void vscode.window.showInformationMessage(`Kata Cloud: removed the space "${row.name}"${kept}.`);
  }
}
