// "Create Pull Request…" from a space: the row (or the space picked from the palette) hands its
// worktree and base to the GitHub feature's create flow, which drafts from the space's commits
// and spec and pushes its branch when needed. A PR created in a space's worktree (this way, or
// with Create Pull Request… in the space's own window) is stored on the space, so the row shows
// it even when the Pull Requests view lists nothing.
import * as vscode from 'vscode';
import { COMMANDS, run } from '../commands';
import type { Logger } from '../../core/ports';
import { SpaceError } from '../../core/spaces/errors';
import type { LinkedPr } from '../../core/spaces/present';
import type { SpaceRow } from '../../core/spaces/repo';
import { openWebLink } from '../notify';
import type { SpacesController } from './controller';
import type { CreatedPr, SpacesGitHub } from './prLink';
import { pickRow } from './removeFlow';

export class SpacePullRequests {
  constructor(
    private readonly ctl: SpacesController,
    private readonly gh: SpacesGitHub,
    private readonly prOf: (row: SpaceRow) => LinkedPr | undefined,
    private readonly log: Logger,
  ) {}

  async create(arg: unknown): Promise<void> {
    await this.ctl.requireRepo();
    const row =
      this.ctl.rowFor(arg) ??
      (await pickRow(this.ctl, vscode.l10n.t('Create a pull request from which space?'), (r) => !r.isMain));
    if (!row) return;
    if (row.isMain) {
      const pick = await vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Kata Cloud: the main checkout is not a space. Create Pull Request… makes one from the branch checked out in this window.',
        ),
        vscode.l10n.t('Create Pull Request…'),
      );
      if (pick) await run(COMMANDS.github.createPullRequest);
      return;
    }
    if (row.prunable)
      throw new SpaceError('not_found', vscode.l10n.t('The folder of "{0}" is missing: {1}.', row.name, row.prunable));
    if (!row.branch)
      throw new SpaceError(
        'detached_head',
        vscode.l10n.t('"{0}" has a detached HEAD: a pull request needs a branch.', row.name),
      );
    const pr = this.prOf(row);
    if (pr && pr.state !== 'merged' && pr.state !== 'closed') {
      const pick = await vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Kata Cloud: "{0}" already has pull request #{1}. Push to {2} to update it.',
          row.name,
          pr.number,
          row.branch,
        ),
        vscode.l10n.t('Open'),
      );
      if (pick) await openWebLink(pr.url);
      return;
    }
    this.log.info(`Spaces: Create Pull Request… from ${row.path} (${row.branch} → ${row.base ?? 'default branch'}).`);
    await this.gh.createPullRequest({ root: row.path, base: row.base });
  }

  /** Stores a PR created in one of this repository's spaces on its row. */
  async link(e: CreatedPr): Promise<void> {
    const repo = await this.ctl.ensureRepo();
    const row = repo && this.ctl.rowFor(e.root);
    if (!repo || !row || row.isMain) return;
    const now = Date.now();
    await this.ctl.meta.linkPr(
      repo.commonDir,
      row.path,
      {
        task: row.name,
        branch: row.branch ?? e.branch,
        base: row.base ?? '',
        baseRef: row.baseRef ?? '',
        createdAt: now,
      },
      {
        number: e.pr.number,
        url: e.pr.url,
        title: e.pr.title,
        repo: e.repo,
        branch: e.branch,
        isDraft: e.pr.draft,
        state: 'open',
        createdAt: now,
      },
    );
    this.log.info(`Spaces: linked pull request #${e.pr.number} to ${row.path}.`);
    await this.ctl.refreshNow(row.path);
  }
}
