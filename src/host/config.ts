import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { parseProviderSettings, type SettingIssue } from '../core/providers/settings';
import type { ProviderSettings } from '../core/providers/types';

/**
 * The one owner of the `kata.*` settings: reads and validates them, and fires `onDidChange`
 * with the keys that changed. Application-scoped values are read from the user level only, so
 * a workspace can never redirect a key to another server.
 */
export class ConfigOwner implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.ConfigurationChangeEvent>();
  readonly onDidChange = this.emitter.event;
  private readonly sub: vscode.Disposable;
  private reported = new Set<string>();

  constructor(private readonly log: Logger) {
    this.sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kata')) {
        this.reported.clear();
        this.emitter.fire(e);
      }
    });
  }

  /** A user-level value (or the default): never a workspace or folder value. */
  userValue<T>(key: string): T | undefined {
    const info = vscode.workspace.getConfiguration().inspect<T>(key);
    return info?.globalValue ?? info?.defaultValue;
  }

  /** Any-scope value, for settings that are safe per workspace. */
  value<T>(key: string): T | undefined {
    return vscode.workspace.getConfiguration().get<T>(key);
  }

  providerSettings(): { settings: ProviderSettings; issues: SettingIssue[] } {
    const r = parseProviderSettings({
      anthropicBaseUrl: this.userValue('kata.anthropic.baseUrl'),
      openaiBaseUrl: this.userValue('kata.openai.baseUrl'),
      requestTimeoutSeconds: this.userValue('kata.requestTimeoutSeconds'),
      // Unset at the user level: the built-in endpoints at the older settings' URLs.
      endpoints: vscode.workspace.getConfiguration().inspect('kata.endpoints')?.globalValue,
    });
    for (const issue of r.issues) {
      if (!this.reported.has(issue.setting)) {
        this.reported.add(issue.setting);
        this.log.warn(issue.message);
      }
    }
    return r;
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
