import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { COMMANDS, type AllCommandHandlers, type Command, type CommandHandler } from './commandIds';
import { CONTEXT_KEYS, type ContextKey } from './contextKeys';
import type { ViewId } from './views';
import { showError } from './notify';

export { COMMANDS, CONTEXT_KEYS };

/**
 * Registers the whole table. A handler that throws is reported once here (log + short
 * notification) rather than surfacing as VS Code's generic "command failed" error.
 */
export function registerCommands(handlers: AllCommandHandlers, log: Logger): vscode.Disposable[] {
  return Object.entries(COMMANDS).flatMap(([feature, table]) =>
    Object.entries(table).map(([name, { id }]) => {
      const handler = (handlers as unknown as Record<string, Record<string, CommandHandler>>)[feature]![name]!;
      return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (e) {
          await showError(e, log, { context: `Command ${id} failed` });
          return undefined;
        }
      });
    }),
  );
}

/**
 * Runs one of the extension's own commands: an entry of the table, with the arguments the table
 * says it takes, so a renamed or removed command cannot leave a string behind.
 */
export function run<A extends unknown[]>(c: Command<string, A>, ...args: A): Thenable<unknown> {
  return vscode.commands.executeCommand(c.id, ...args);
}

/** The same, as a `vscode.Command` for a tree item, a code lens or a notification. */
export function commandOf<A extends unknown[]>(c: Command<string, A>, title: string, ...args: A): vscode.Command {
  return { command: c.id, title, ...(args.length > 0 && { arguments: args }) };
}

/** Shows one of the extension's views (VS Code's own command for it). */
export function focusView(view: ViewId): Thenable<unknown> {
  return vscode.commands.executeCommand(`${view}.focus`);
}

/** Sets one of the table's context keys to a value it can hold. */
export function setContext<V>(k: ContextKey<V>, value: NoInfer<V>): void {
  void vscode.commands.executeCommand('setContext', k.key, value);
}
