// The command and context-key tables are checked by the compiler: `npm run typecheck` compiles
// this file, and each `@ts-expect-error` below fails the typecheck if the mistake it marks ever
// compiles. The runtime part only checks the table's shape.
import { describe, expect, it } from 'vitest';
import type { commandOf, run, setContext } from '../../src/host/commands';
import { COMMANDS, COMMAND_IDS, type CommandHandlers } from '../../src/host/commandIds';
import { CONTEXT_KEYS } from '../../src/host/contextKeys';

// Never called: the calls are there for the compiler.
export function mistakes(r: typeof run, c: typeof commandOf, set: typeof setContext): void {
  void r(COMMANDS.spaces.draftSpec, '/work/space', 'a description');
  // @ts-expect-error: the draft takes the space's path, not a number
  void r(COMMANDS.spaces.draftSpec, 42);
  // @ts-expect-error: Refresh takes no arguments from the extension's callers
  void r(COMMANDS.spaces.refresh, '/work/space');
  // @ts-expect-error: only entries of the table run, never a string
  void r('kata.spaces.refresh');
  c(COMMANDS.providers.setApiKey, 'Set API Key…', 'openai');
  // @ts-expect-error: a tree item's command passes what the command takes
  c(COMMANDS.providers.setApiKey, 'Set API Key…', { providerId: 'openai' });
  set(CONTEXT_KEYS.githubState, 'signedOut');
  // @ts-expect-error: a state the Pull Requests view cannot be in
  set(CONTEXT_KEYS.githubState, 'signedout');
  // @ts-expect-error: a flag holds true or false
  set(CONTEXT_KEYS.modelsNoAuth, 'yes');
}

// @ts-expect-error: a feature's handler map names every command of its share
export const missing: CommandHandlers<'lm'> = {};
export const wrongArgs: CommandHandlers<'chat'> = {
  ...({} as CommandHandlers<'chat'>),
  // @ts-expect-error: a handler must accept what the callers pass (a chat target), and more
  rename: (target: number) => target,
};

describe('command table', () => {
  it('lists every id once, each under the feature its prefix names', () => {
    expect(new Set(COMMAND_IDS).size).toBe(COMMAND_IDS.length);
    for (const id of Object.values(COMMANDS.spaces).map((c) => c.id)) expect(id).toMatch(/^kata\.spaces\./);
    for (const id of Object.values(COMMANDS.chat).map((c) => c.id)) expect(id).toMatch(/^kata\.chat\./);
    for (const id of Object.values(COMMANDS.github).map((c) => c.id)) expect(id).toMatch(/^kata\.(github|prs?)\./);
  });
});
