// The Spaces view: one row per worktree of this window's repository (the main checkout first and
// marked), rows being created under their task name, and under each space the open tasks of its
// spec with a checkbox, after its pull request when it has one. getChildren has no side effects: it reads the controller's rows. Empty
// states (untrusted, no folder, no git, not a repository, no spaces yet) are welcome content.
import path from 'node:path';
import * as vscode from 'vscode';
import { applyLook } from '../treeItems';
import { COMMANDS, commandOf } from '../commands';
import { VIEWS } from '../views';
import { Disposable } from '../../core/disposable';
import { linkedPrOf, prLabel, prStateLabel, presentSpace, type LinkedPr } from '../../core/spaces/present';
import type { SpaceRow } from '../../core/spaces/repo';
import type { SpacesController } from './controller';
import type { ViewItem } from '../contextKeys';

export type SpaceNode =
  | { kind: 'space'; path: string }
  | { kind: 'pending'; key: string }
  | { kind: 'pr'; path: string }
  | { kind: 'task'; path: string; line: number; text: string };

export const isTaskNode = (x: unknown): x is Extract<SpaceNode, { kind: 'task' }> =>
  typeof x === 'object' &&
  x !== null &&
  (x as SpaceNode).kind === 'task' &&
  typeof (x as { path?: unknown }).path === 'string' &&
  typeof (x as { line?: unknown }).line === 'number';

export class SpacesView extends Disposable implements vscode.TreeDataProvider<SpaceNode> {
  private readonly emitter = this.register(new vscode.EventEmitter<SpaceNode | undefined>());
  readonly onDidChangeTreeData = this.emitter.event;
  readonly tree: vscode.TreeView<SpaceNode>;

  constructor(
    private readonly ctl: SpacesController,
    private readonly linkedPr: (branch: string) => LinkedPr | undefined,
    onToggle: (node: Extract<SpaceNode, { kind: 'task' }>) => unknown,
  ) {
    super();
    this.tree = this.register(
      vscode.window.createTreeView(VIEWS.spaces, { treeDataProvider: this, showCollapseAll: true }),
    );
    ctl.isVisible = () => this.tree.visible;
    this.register(ctl.onDidChange(() => this.update()));
    this.register(
      this.tree.onDidChangeVisibility((e) => {
        if (e.visible) ctl.shown();
      }),
    );
    this.register(
      this.tree.onDidChangeCheckboxState((e) => {
        for (const [node] of e.items) if (node.kind === 'task') void onToggle(node);
      }),
    );
  }

  /** Redraws (also when the linked pull requests change). */
  update(): void {
    const main = this.ctl.rows.find((r) => r.isMain);
    this.tree.description = this.ctl.state === 'ready' && main ? path.basename(main.path) : undefined;
    this.emitter.fire(undefined);
  }

  private row(p: string): SpaceRow | undefined {
    return this.ctl.rows.find((r) => r.path === p);
  }

  getTreeItem(node: SpaceNode): vscode.TreeItem {
    if (node.kind === 'pending') {
      const p = this.ctl.pending.find((x) => x.key === node.key);
      const item = new vscode.TreeItem(p?.name ?? vscode.l10n.t('New space'), vscode.TreeItemCollapsibleState.None);
      item.id = `kata.spaces/pending/${node.key}`;
      const failed = p?.state === 'failed';
      item.description = failed
        ? vscode.l10n.t('failed: {0}', p?.reason ?? '')
        : p?.state === 'switching'
          ? vscode.l10n.t('switching…')
          : p?.state === 'removing'
            ? vscode.l10n.t('removing…')
            : vscode.l10n.t('creating…');
      item.iconPath = failed
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
        : new vscode.ThemeIcon('loading~spin');
      item.tooltip = failed
        ? vscode.l10n.t('Creating the space failed: {0}', p?.reason ?? '')
        : vscode.l10n.t('Creating the space…');
      item.contextValue = (failed ? 'kata.space.failed' : 'kata.space.pending') satisfies ViewItem;
      return item;
    }
    const row = this.row(node.path);
    if (node.kind === 'pr') {
      const pr = row && this.prOf(row);
      const item = new vscode.TreeItem(pr ? `#${pr.number} ${pr.title}` : vscode.l10n.t('(no pull request)'));
      item.id = `kata.spaces/${node.path}/pr`;
      if (!pr) return item;
      item.description = prStateLabel(pr);
      const merged = pr.state === 'merged';
      item.iconPath = new vscode.ThemeIcon(
        merged ? 'git-merge' : pr.state === 'closed' ? 'git-pull-request-closed' : 'git-pull-request',
      );
      item.tooltip = vscode.l10n.t('{0}: {1}\n{2}\nSelect to open it on GitHub.', prLabel(pr), pr.title, pr.url);
      item.contextValue = 'kata.space.pr' satisfies ViewItem;
      item.command = commandOf(COMMANDS.spaces.openPullRequest, vscode.l10n.t('Open Pull Request'), node.path);
      item.accessibilityInformation = {
        label: vscode.l10n.t('Pull request {0}, {1}: {2}', pr.number, prLabel(pr), pr.title),
      };
      return item;
    }
    if (node.kind === 'task') {
      const item = new vscode.TreeItem(
        node.text || vscode.l10n.t('(untitled task)'),
        vscode.TreeItemCollapsibleState.None,
      );
      item.id = `kata.spaces/${node.path}/task/${node.line}`;
      item.checkboxState = {
        state: vscode.TreeItemCheckboxState.Unchecked,
        tooltip: vscode.l10n.t('Mark the task done in notes/spec.md'),
        accessibilityInformation: { label: vscode.l10n.t('Mark "{0}" done', node.text) },
      };
      item.tooltip = vscode.l10n.t('notes/spec.md, line {0}', node.line + 1);
      item.contextValue = 'kata.space.task' satisfies ViewItem;
      item.command = commandOf(COMMANDS.spaces.openSpec, vscode.l10n.t('Open Spec'), node.path, node.line);
      return item;
    }
    if (!row) return new vscode.TreeItem(vscode.l10n.t('(gone)'));
    const current = this.ctl.currentRow()?.path === row.path;
    const pr = this.prOf(row);
    const life = this.ctl.lifecycleOf(row.path);
    const p = presentSpace(row, { lifecycle: life, pr, current });
    const open = row.spec?.tasks.filter((t) => !t.done).length ?? 0;
    const item = new vscode.TreeItem(
      p.label,
      open === 0 && !pr
        ? vscode.TreeItemCollapsibleState.None
        : current
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = `kata.spaces/${row.path}`;
    applyLook(item, p);
    item.contextValue = (
      life && life.state !== 'failed' ? 'kata.space.busy' : row.isMain ? 'kata.space.main' : 'kata.space'
    ) satisfies ViewItem;
    item.accessibilityInformation = {
      label: row.isMain
        ? vscode.l10n.t('Main checkout {0}: {1}', p.label, p.description)
        : vscode.l10n.t('Space {0}: {1}', p.label, p.description),
    };
    return item;
  }

  getChildren(node?: SpaceNode): SpaceNode[] {
    if (!node) {
      if (this.ctl.state !== 'ready') return [];
      return [
        ...this.ctl.rows.map((r): SpaceNode => ({ kind: 'space', path: r.path })),
        ...this.ctl.pending.map((p): SpaceNode => ({ kind: 'pending', key: p.key })),
      ];
    }
    if (node.kind !== 'space') return [];
    const row = this.row(node.path);
    const tasks = (row?.spec?.tasks ?? [])
      .filter((t) => !t.done)
      .map((t): SpaceNode => ({ kind: 'task', path: node.path, line: t.line, text: t.text }));
    return row && this.prOf(row) ? [{ kind: 'pr', path: node.path }, ...tasks] : tasks;
  }

  /** The pull request a row shows: the Pull Requests data's, else the one created from the space. */
  prOf(row: SpaceRow): LinkedPr | undefined {
    return linkedPrOf(row, row.branch && !row.isMain ? this.linkedPr(row.branch) : undefined);
  }

  getParent(node: SpaceNode): SpaceNode | undefined {
    return node.kind === 'task' || node.kind === 'pr' ? { kind: 'space', path: node.path } : undefined;
  }
}
