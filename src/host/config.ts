import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { Disposable } from '../core/disposable';
import {
  SETTINGS,
  SETTING_NAMES,
  userLevelOnly,
  type SettingArea,
  type SettingIssue,
  type SettingName,
  type SettingValue,
} from '../core/settings/table';
import { areasAffected, parseSettings, type SettingValues } from '../core/settings/values';

/** What a settings change touched, and the values as they are now. */
export interface SettingsChange {
  affects(area: SettingArea): boolean;
  readonly values: SettingValues;
}

/**
 * The one owner of the `kata.*` settings (the table in src/core/settings): reads every key once
 * per change, parses them into typed values, reports each problem once (log and a notification
 * that opens the setting), and fires a typed change event. Application-scoped values are read
 * from the user level only, so a workspace can never redirect a key to another server.
 */
export class ConfigOwner extends Disposable {
  private readonly emitter = this.register(new vscode.EventEmitter<SettingsChange>());
  readonly onDidChange = this.emitter.event;
  private parsed?: { values: SettingValues; issues: SettingIssue[] };
  /** Problems already reported, as long as they last: a problem fixed and made again is new. */
  private reported = new Set<string>();

  constructor(private readonly log: Logger) {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        const areas = areasAffected((key) => e.affectsConfiguration(key));
        if (!areas.size) return;
        this.parsed = undefined;
        const values = this.values();
        this.reportIssues();
        this.emitter.fire({ affects: (a) => areas.has(a), values });
      }),
    );
  }

  /** The typed values of every setting, parsed once per change. */
  values(): SettingValues {
    return this.parse().values;
  }

  /** The refused values now (each fell back to its default, or blocks what it names). */
  issues(): SettingIssue[] {
    return this.parse().issues;
  }

  /** Logs and shows each problem not reported yet, with an action that opens its setting. */
  reportIssues(): void {
    const now = new Set<string>();
    for (const issue of this.issues()) {
      const id = `${issue.setting}\n${issue.message}`;
      now.add(id);
      if (this.reported.has(id)) continue;
      this.log.warn(issue.message);
      void vscode.window.showWarningMessage(issue.message, vscode.l10n.t('Open Setting')).then((pick) => {
        if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', issue.setting);
      });
    }
    this.reported = now;
  }

  /** Writes a setting at the user level (the only level the application-scoped ones have). */
  async update<K extends SettingName>(name: K, value: SettingValue<K> | undefined): Promise<void> {
    await vscode.workspace.getConfiguration().update(SETTINGS[name].key, value, vscode.ConfigurationTarget.Global);
  }

  /** Opens the Settings editor at one setting, or at all the settings of an area. */
  async open(which: SettingName | { area: SettingArea }): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.openSettings', settingsQuery(which));
  }

  private parse(): { values: SettingValues; issues: SettingIssue[] } {
    if (!this.parsed) {
      const config = vscode.workspace.getConfiguration();
      const raw: Partial<Record<SettingName, unknown>> = {};
      for (const name of SETTING_NAMES) {
        const row = SETTINGS[name];
        raw[name] = userLevelOnly(row) ? config.inspect(row.key)?.globalValue : config.get(row.key);
      }
      this.parsed = parseSettings(raw);
    }
    return this.parsed;
  }
}

/** A setting's key, or the prefix its area's keys share (`kata.chat`). */
export function settingsQuery(which: SettingName | { area: SettingArea }): string {
  if (typeof which === 'string') return SETTINGS[which].key;
  const keys = Object.values(SETTINGS)
    .filter((r) => r.area === which.area)
    .map((r) => r.key);
  let prefix = keys[0] ?? '';
  for (const k of keys) while (!k.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.replace(/\.[^.]*$/, '');
}
