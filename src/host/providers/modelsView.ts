import * as vscode from 'vscode';
import { COMMANDS, CONTEXT_KEYS, commandOf, setContext } from '../commands';
import { Disposable } from '../../core/disposable';
import type { ModelCatalog } from '../../core/providers/catalog';
import { childNodes, nothingConfigured, providerNode, type ModelsNode } from '../../core/providers/modelsTree';
import type { ViewItem } from '../contextKeys';

/** Maps the pure models tree to TreeItems; no side effects in getChildren. */
export class ModelsView extends Disposable implements vscode.TreeDataProvider<ModelsNode> {
  private readonly emitter = this.register(new vscode.EventEmitter<ModelsNode | undefined>());
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly catalog: ModelCatalog) {
    super();
    this.register(catalog.onDidChange(() => this.update()));
  }

  private update(): void {
    const snaps = this.catalog.ids().map((id) => this.catalog.snapshot(id));
    // Welcome content only shows for an empty tree, so the root is empty when nothing is set up.
    setContext(CONTEXT_KEYS.modelsNoAuth, nothingConfigured(snaps));
    this.emitter.fire(undefined);
  }

  getChildren(node?: ModelsNode): ModelsNode[] {
    const endpoints = this.catalog.endpoints();
    const snaps = endpoints.map((e) => this.catalog.snapshot(e.id));
    if (!node) return nothingConfigured(snaps) ? [] : endpoints.map((e, i) => providerNode(snaps[i], e, Date.now()));
    if (node.kind !== 'provider') return [];
    const kind = this.catalog.endpoints().find((e) => e.id === node.providerId)?.kind;
    return childNodes(this.catalog.snapshot(node.providerId), this.catalog.getDefault(), kind);
  }

  getTreeItem(node: ModelsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'provider': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `provider:${node.providerId}`;
        item.description = node.description;
        item.tooltip = node.tooltip;
        item.contextValue = `kata.provider.${node.state}` satisfies ViewItem;
        item.iconPath =
          node.state === 'loading'
            ? new vscode.ThemeIcon('loading~spin')
            : node.state === 'error'
              ? new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'))
              : node.state === 'noAuth'
                ? new vscode.ThemeIcon('key', new vscode.ThemeColor('problemsWarningIcon.foreground'))
                : new vscode.ThemeIcon('cloud');
        return item;
      }
      case 'model': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = `model:${node.providerId}:${node.model.id}`;
        item.description = node.description;
        item.tooltip = node.tooltip;
        // A model that cannot chat is listed (Copy ID) but cannot become the chat default.
        const chat = node.modelKind === 'chat';
        item.contextValue = (
          node.isDefault ? 'kata.model.default' : chat ? 'kata.model' : 'kata.model.other'
        ) satisfies ViewItem;
        item.iconPath = chat
          ? new vscode.ThemeIcon(node.isDefault ? 'star-full' : 'sparkle')
          : new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = `message:${node.providerId}:${node.action ?? ''}`;
        item.description = node.description;
        item.tooltip = node.tooltip;
        item.contextValue = 'kata.message' satisfies ViewItem;
        item.iconPath = new vscode.ThemeIcon(
          node.severity === 'error' ? 'error' : 'info',
          node.severity === 'error' ? new vscode.ThemeColor('problemsErrorIcon.foreground') : undefined,
        );
        if (node.action === 'setApiKey')
          item.command = commandOf(COMMANDS.providers.setApiKey, vscode.l10n.t('Set API Key…'), node.providerId);
        else if (node.action === 'openSettings')
          item.command = commandOf(COMMANDS.providers.editEndpoint, vscode.l10n.t('Edit Endpoint…'), node.providerId);
        else if (node.action === 'refresh')
          item.command = commandOf(COMMANDS.providers.refreshModels, vscode.l10n.t('Refresh'));
        return item;
      }
    }
  }
}
