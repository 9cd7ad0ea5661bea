import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { COMMAND_IDS, type CommandHandlers, type CommandId } from './commandIds';
import type { ContextKey } from './contextKeys';
import { showError } from './notify';

/**
 * Registers the whole table. A handler that throws is reported once here (log + short
 * notification) rather than surfacing as VS Code's generic "command failed" error.
 */
export function registerCommands(handlers: CommandHandlers, log: Logger): vscode.Disposable[] {
  return COMMAND_IDS.map((id) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handlers[id](...args);
      } catch (e) {
        await showError(e, log, { context: `Command ${id} failed` });
        return undefined;
      }
    }),
  );
}

/**
 * Runs one of the extension's own commands: the id is checked against the table at compile time,
 * so a renamed or removed command cannot leave a string behind.
 */
export function run(id: CommandId, ...args: unknown[]): Thenable<unknown> {
  return vscode.commands.executeCommand(id, ...args);
}

/** Sets one of the table's context keys. */
export function setContext(key: ContextKey, value: unknown): void {
  void vscode.commands.executeCommand('setContext', key, value);
}
