// The core's messages (errors with their remediation, row texts) are translated by VS Code too:
// at activation the core's `t` starts delegating to `vscode.l10n.t`, which looks the English
// message up in l10n/bundle.l10n.<language>.json. The only place that calls l10n.t with a message
// that is not a literal; the bundle script knows this file.
import * as vscode from 'vscode';
import { setTranslator } from '../core/l10n';

export function installCoreTranslator(): vscode.Disposable {
  const restore = setTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  return { dispose: restore };
}
