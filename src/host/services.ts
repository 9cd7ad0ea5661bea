import type * as vscode from 'vscode';
import type { SecretStore } from '../core/ports';
import type { ModelCatalog } from '../core/providers/catalog';
import type { ProviderRuntime } from '../core/providers/registry';
import type { RecordStore } from '../core/state/record';
import type { Milestones } from '../core/walkthrough';
import type { CommandHandlers, FeatureName } from './commandIds';
import type { ConfigOwner } from './config';
import type { HostLog } from './log';

/** What the composition root builds once and hands to every feature. */
export interface Services {
  context: vscode.ExtensionContext;
  log: HostLog;
  config: ConfigOwner;
  records: RecordStore;
  secrets: SecretStore;
  providers: ProviderRuntime;
  models: ModelCatalog;
  /** Deeds the Getting Started walkthrough checks off (a spec written, a chat started in a space). */
  milestones: Milestones;
}

/** A feature's contribution: its share of the command table and what to dispose. */
export interface Feature<F extends FeatureName> {
  commands: CommandHandlers<F>;
  disposables: vscode.Disposable[];
}
