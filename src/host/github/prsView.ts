// The Pull Requests view: four categories, PR rows drawn with stable API only (ThemeIcon,
// description, Markdown tooltip), a "Load More" row per category with more results. getChildren
// has no side effects: it reads the list's current state; the feature decides when to fetch.
import * as vscode from 'vscode';
import { applyLook } from '../treeItems';
import { COMMANDS, commandOf } from '../commands';
import { VIEWS } from '../views';
import type { PullRequestList } from '../../core/github/prList';
import { CATEGORY_IDS, categoryLabel, type CategoryId, type PullRequestItem } from '../../core/github/prQuery';
import { categoryDescription, presentPullRequest, timeAgo } from '../../core/github/present';
import { sentences } from '../../core/sentence';
import { Disposable } from '../../core/disposable';
import type { ViewItem } from '../contextKeys';

export type PrNode =
  | { kind: 'category'; category: CategoryId }
  | { kind: 'pr'; category: CategoryId; pr: PullRequestItem }
  | { kind: 'more'; category: CategoryId }
  | { kind: 'note'; category: CategoryId; text: string; icon: string };

const CATEGORY_ICONS: Record<CategoryId, string> = {
  review: 'eye',
  assigned: 'person',
  created: 'edit',
  all: 'git-pull-request',
};

export const isPrNode = (x: unknown): x is Extract<PrNode, { kind: 'pr' }> =>
  typeof x === 'object' &&
  x !== null &&
  (x as PrNode).kind === 'pr' &&
  typeof (x as { pr?: { url?: unknown } }).pr?.url === 'string';

export class PullRequestsView extends Disposable implements vscode.TreeDataProvider<PrNode> {
  private readonly emitter = this.register(new vscode.EventEmitter<PrNode | undefined>());
  readonly onDidChangeTreeData = this.emitter.event;
  readonly tree: vscode.TreeView<PrNode>;
  private ready = false;

  constructor(
    private readonly list: PullRequestList,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.tree = this.register(
      vscode.window.createTreeView(VIEWS.pullRequests, { treeDataProvider: this, showCollapseAll: true }),
    );
    this.register(list.onDidChange(() => this.update()));
  }

  /** Rows are shown only when the feature says the repository and sign-in are in place. */
  setReady(ready: boolean): void {
    this.ready = ready;
    this.update();
  }

  private update(): void {
    const s = this.list.current;
    // Only a ready view carries a message: any message hides the welcome content of the others.
    let message: string | undefined;
    if (this.ready) {
      if (s.error) message = sentences(s.error.message, s.error.code === 'rate_limited' ? '' : s.error.remediation);
      else if (s.fromCache && s.snapshot)
        message = vscode.l10n.t(
          'Showing the list from {0}; refreshing…',
          timeAgo(new Date(s.snapshot.fetchedAt).toISOString(), this.now()),
        );
    }
    this.tree.message = message;
    this.tree.description = this.ready && s.ref ? `${s.ref.owner}/${s.ref.repo}` : undefined;
    this.emitter.fire(undefined);
  }

  getTreeItem(node: PrNode): vscode.TreeItem {
    const s = this.list.current;
    switch (node.kind) {
      case 'category': {
        const page = s.snapshot?.categories[node.category];
        const item = new vscode.TreeItem(categoryLabel(node.category), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `kata.prs/${node.category}`;
        item.iconPath = new vscode.ThemeIcon(CATEGORY_ICONS[node.category]);
        item.description = page
          ? categoryDescription(page.items.length, page.totalCount)
          : s.loading
            ? vscode.l10n.t('loading…')
            : '';
        item.contextValue = 'kata.prCategory' satisfies ViewItem;
        return item;
      }
      case 'pr': {
        const p = presentPullRequest(node.pr, this.now());
        const item = new vscode.TreeItem(p.label, vscode.TreeItemCollapsibleState.None);
        item.id = `kata.prs/${node.category}/${node.pr.number}`;
        applyLook(item, p);
        item.contextValue = (node.pr.isCrossRepository ? 'kata.pr.fork' : 'kata.pr') satisfies ViewItem;
        item.command = commandOf(COMMANDS.github.openPullRequest, vscode.l10n.t('Open Pull Request on GitHub'), node);
        item.accessibilityInformation = {
          label: vscode.l10n.t(
            'Pull request {0}: {1}, by {2}, {3}',
            node.pr.number,
            node.pr.title,
            node.pr.author,
            p.status.join(', ') || vscode.l10n.t('open'),
          ),
        };
        return item;
      }
      case 'more': {
        const loading = s.loadingMore.includes(node.category);
        const item = new vscode.TreeItem(
          loading ? vscode.l10n.t('Loading…') : vscode.l10n.t('Load More'),
          vscode.TreeItemCollapsibleState.None,
        );
        item.id = `kata.prs/${node.category}/more`;
        item.iconPath = new vscode.ThemeIcon(loading ? 'loading~spin' : 'ellipsis');
        item.contextValue = 'kata.prs.more' satisfies ViewItem;
        if (!loading)
          item.command = commandOf(COMMANDS.github.loadMore, vscode.l10n.t('Load More Pull Requests'), node.category);
        return item;
      }
      case 'note': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = `kata.prs/${node.category}/note`;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.contextValue = 'kata.prs.note' satisfies ViewItem;
        return item;
      }
    }
  }

  getChildren(node?: PrNode): PrNode[] {
    if (!this.ready) return [];
    if (!node) return CATEGORY_IDS.map((category) => ({ kind: 'category', category }));
    if (node.kind !== 'category') return [];
    const s = this.list.current;
    const page = s.snapshot?.categories[node.category];
    if (!page)
      return [
        {
          kind: 'note',
          category: node.category,
          text: s.loading ? vscode.l10n.t('Loading…') : vscode.l10n.t('Not loaded yet'),
          icon: s.loading ? 'loading~spin' : 'circle-slash',
        },
      ];
    const rows: PrNode[] = page.items.map((pr) => ({ kind: 'pr', category: node.category, pr }));
    if (rows.length === 0)
      rows.push({ kind: 'note', category: node.category, text: vscode.l10n.t('No pull requests'), icon: 'check' });
    if (page.hasNextPage) rows.push({ kind: 'more', category: node.category });
    return rows;
  }
}
