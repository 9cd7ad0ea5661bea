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
import { showError } from '../notify';
import { errorMessage } from '../../core/errorMessage';
import { COMMANDS, run } from '../commands';

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
      .showInformationMessage(
        vscode.l10n.t('Kata Cloud: this repository has no spaces yet.'),
        vscode.l10n.t('New Space…'),
      )
      .then((p) => {
        if (p) void run(COMMANDS.spaces.new);
      });
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    rows.map((r) => ({
      label: r.name,
      description: r.isMain ? vscode.l10n.t('main checkout') : r.branch,
      detail: r.path,
      row: r,
    })),
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
      await showError(e, this.log, { context: 'Spaces' });
    }
  }

  private async run(arg: unknown, forced: boolean): Promise<void> {
    const repo = await this.ctl.requireRepo();
    const row =
      this.ctl.rowFor(arg) ?? (await pickRow(this.ctl, vscode.l10n.t('Remove which space?'), (r) => !r.isMain));
    if (!row) return;
    if (row.isMain)
      throw new SpaceError('main_worktree', vscode.l10n.t('The main checkout is not a space and cannot be removed.'));
    const check = await checkRemove(repo, row);
    const reason = refusalReason(check);
    let force = forced;
    if (reason && !forced) {
      const anyway = vscode.l10n.t('Remove Anyway…');
      const pick = await vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Kata Cloud: "{0}" was not removed: it has {1}, which would be lost. Commit and push first, or remove it anyway.',
          row.name,
          reason,
        ),
        anyway,
      );
      if (pick !== anyway) return;
      force = true;
    }
    if (force) {
      const what = reason ?? vscode.l10n.t('any uncommitted work');
      const anyway = vscode.l10n.t('Remove Anyway');
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('Remove the space "{0}" and lose {1}?', row.name, what),
        {
          modal: true,
          detail: vscode.l10n.t(
            'The folder {0} is deleted; this cannot be undone. The branch {1} is kept.',
            row.path,
            row.branch ?? '',
          ),
        },
        anyway,
      );
      if (ok !== anyway) return;
    }
    const o: RemoveOptions = { force, deleteBranch: 'no' };
    if (check.locked) {
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('The worktree of "{0}" is locked ({1}). Unlock and remove it?', row.name, check.locked),
        { modal: true },
        vscode.l10n.t('Unlock and Remove'),
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
    const keep = vscode.l10n.t('Remove, Keep Branch');
    const del = merged ? vscode.l10n.t('Remove and Delete Branch') : vscode.l10n.t('Remove and Delete Branch…');
    const buttons = row.branch ? (merged ? [del, keep] : [keep, del]) : [keep];
    const pick = await vscode.window.showInformationMessage(
      vscode.l10n.t('Remove the space "{0}"?', row.name),
      { modal: true, detail: removeDetail(row, merged) },
      ...buttons,
    );
    if (!pick) return undefined;
    if (pick === keep) return 'no';
    // Merged into the base (checked by the core): `branch -d` would also want it merged into HEAD.
    if (merged) return 'force';
    const sure = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete the unmerged branch {0}?', row.branch ?? ''),
      {
        modal: true,
        detail: vscode.l10n.t(
          'Its commits stay on the remote if they were pushed; otherwise only the reflog keeps them.',
        ),
      },
      vscode.l10n.t('Delete Branch'),
    );
    return sure ? 'force' : 'no';
  }

  private async remove(row: SpaceRow, o: RemoveOptions): Promise<void> {
    const repo = await this.ctl.requireRepo();
    this.ctl.setLifecycle(row.path, { state: 'removing' });
    let branchDeleted = false;
    try {
      const r = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Removing the space "{0}"…', row.name) },
        () => removeSpace(repo, this.ctl.meta, row, o),
      );
      branchDeleted = r.branchDeleted;
    } catch (e) {
      this.ctl.setLifecycle(row.path, { state: 'failed', reason: errorMessage(e) });
      await showError(e, this.log, {
        context: 'Spaces',
        handlers: {
          removeAnyway: () => this.start(row.path, true),
          unlockAndRemove: () => this.remove(row, { ...o, unlock: true }),
        },
      });
      return;
    }
    this.ctl.setLifecycle(row.path, undefined);
    this.log.info(`Spaces: removed ${row.path}${branchDeleted ? ` and the branch ${row.branch}` : ''}.`);
    await this.ctl.refreshNow();
    void vscode.window.showInformationMessage(
      row.branch && !branchDeleted
        ? vscode.l10n.t('Kata Cloud: removed the space "{0}"; the branch {1} is kept.', row.name, row.branch)
        : branchDeleted
          ? vscode.l10n.t('Kata Cloud: removed the space "{0}" and its branch.', row.name)
          : vscode.l10n.t('Kata Cloud: removed the space "{0}".', row.name),
    );
  }
}

/** What a clean removal does to the folder and to the branch (or HEAD), merged or not. */
function removeDetail(row: SpaceRow, merged: boolean): string {
  const base = row.base ?? vscode.l10n.t('its base');
  if (merged)
    return row.branch
      ? vscode.l10n.t(
          'The folder {0} is deleted. The branch {1} is merged into {2}, so deleting it loses nothing.',
          row.path,
          row.branch,
          base,
        )
      : vscode.l10n.t(
          'The folder {0} is deleted. Its HEAD is merged into {1}, so deleting it loses nothing.',
          row.path,
          base,
        );
  return row.branch
    ? vscode.l10n.t(
        'The folder {0} is deleted. The branch {1} is not merged into {2}; it is kept unless you delete it.',
        row.path,
        row.branch,
        base,
      )
    : vscode.l10n.t(
        'The folder {0} is deleted. Its HEAD is not merged into {1}; it is kept unless you delete it.',
        row.path,
        base,
      );
}
