// What tree rows share: a presentation from core (text, tooltip, icon) onto a TreeItem. Tooltips
// carry repository and model text, so they are never trusted and never render HTML.
import * as vscode from 'vscode';

export interface RowLook {
  description?: string;
  tooltip: string;
  icon: { id: string; color?: string };
}

export function applyLook(item: vscode.TreeItem, look: RowLook): vscode.TreeItem {
  item.description = look.description;
  const tip = new vscode.MarkdownString(look.tooltip);
  tip.isTrusted = false;
  tip.supportHtml = false;
  item.tooltip = tip;
  item.iconPath = new vscode.ThemeIcon(
    look.icon.id,
    look.icon.color ? new vscode.ThemeColor(look.icon.color) : undefined,
  );
  return item;
}
