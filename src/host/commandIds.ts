// The single command table: every command the extension contributes, by feature. Each id is
// spelled here and nowhere else in src: handlers are keyed by the table's names, and the
// extension's own callers go through `run` and `commandOf` (commands.ts), which take an entry of
// this table. Unit tests check it against package.json `contributes.commands` in both directions
// and count the spellings.
import type * as vscode from 'vscode';
import type { ChatSpace } from '../core/chat/model';
import type { CategoryId } from '../core/github/prQuery';
import type { ProviderId } from '../core/providers/types';

/**
 * One command: its id, and (as a type only) the arguments the extension's own callers pass.
 * Menus, the palette and other extensions may pass anything, so handlers still check what they get.
 */
export interface Command<Id extends string = string, Args extends unknown[] = unknown[]> {
  readonly id: Id;
  /** Never set: it carries the argument types. */
  readonly args?: Args;
}

function command<Id extends string, Args extends unknown[] = []>(id: Id, _takes?: Args): Command<Id, Args> {
  return { id };
}
/** Names what a command takes from the extension's own callers; nothing at run time. */
const takes = <Args extends unknown[]>(): Args | undefined => undefined;

/** A chat a command is about, as the panel and the history pass it. */
type ChatTarget = { chatId: string };

export const COMMANDS = {
  providers: {
    setApiKey: command('kata.setApiKey', takes<[providerId?: ProviderId]>()),
    clearApiKey: command('kata.clearApiKey'),
    refreshModels: command('kata.models.refresh'),
    setDefaultModel: command('kata.models.setDefault'),
    copyModelId: command('kata.models.copyId'),
    ask: command('kata.ask', takes<[prompt?: string]>()),
    showLog: command('kata.showLog'),
    openEndpointSettings: command('kata.openEndpointSettings'),
    addEndpoint: command('kata.addEndpoint'),
    editEndpoint: command('kata.editEndpoint', takes<[providerId?: ProviderId]>()),
    removeEndpoint: command('kata.removeEndpoint', takes<[providerId?: ProviderId]>()),
  },
  chat: {
    new: command('kata.chat.new', takes<[target?: { space: ChatSpace }]>()),
    open: command('kata.chat.open'),
    rename: command('kata.chat.rename', takes<[target: ChatTarget, title?: string]>()),
    delete: command('kata.chat.delete', takes<[target: ChatTarget, options?: { confirm?: boolean }]>()),
    askAboutSelection: command('kata.chat.askAboutSelection'),
    addFile: command('kata.chat.addFile', takes<[target: ChatTarget]>()),
    attachSpec: command('kata.chat.attachSpec', takes<[target: ChatTarget]>()),
    export: command('kata.chat.export', takes<[target: ChatTarget]>()),
    copy: command('kata.chat.copy', takes<[target: ChatTarget]>()),
  },
  github: {
    signIn: command('kata.github.signIn'),
    setToken: command('kata.github.setToken'),
    clearToken: command('kata.github.clearToken'),
    refreshPullRequests: command('kata.prs.refresh'),
    // Rows of the Pull Requests view: their shape belongs to the view.
    loadMore: command('kata.prs.loadMore', takes<[category: CategoryId]>()),
    openPullRequest: command('kata.prs.open', takes<[row: unknown]>()),
    checkout: command('kata.prs.checkout'),
    copyLink: command('kata.prs.copyLink'),
    createPullRequest: command('kata.pr.create', takes<[base?: string]>()),
    // The pull request draft document.
    submitDraft: command('kata.pr.submitDraft', takes<[draft: vscode.Uri]>()),
    toggleDraft: command('kata.pr.toggleDraft', takes<[draft: vscode.Uri]>()),
    draftWithAi: command('kata.pr.draftWithAi', takes<[draft: vscode.Uri]>()),
    chooseBase: command('kata.pr.chooseBase', takes<[draft: vscode.Uri]>()),
  },
  spaces: {
    // The extension's callers name a space by its worktree path; menus pass its row.
    new: command('kata.spaces.new'),
    open: command('kata.spaces.open'),
    openInNewWindow: command('kata.spaces.openInNewWindow'),
    reveal: command('kata.spaces.reveal'),
    openSpec: command('kata.spaces.openSpec', takes<[path: string, line?: number]>()),
    remove: command('kata.spaces.remove'),
    refresh: command('kata.spaces.refresh'),
    toggleTask: command('kata.spaces.toggleTask'),
    openPullRequest: command('kata.spaces.openPullRequest', takes<[path: string]>()),
    createPullRequest: command('kata.spaces.createPullRequest'),
    draftSpec: command('kata.spaces.draftSpec', takes<[path: string, description?: string]>()),
    newChat: command('kata.spaces.newChat'),
  },
  lm: {
    manage: command('kata.lm.manage'),
  },
} as const;

type Table = typeof COMMANDS;
export type FeatureName = keyof Table;
type IdOf<C> = C extends { readonly id: infer Id } ? Id : never;
type ArgsOf<C> = C extends Command<string, infer A> ? A : never;

/** The ids one feature owns, derived from the table. */
export type CommandIdOf<F extends FeatureName> = F extends FeatureName ? IdOf<Table[F][keyof Table[F]]> : never;
export type CommandId = CommandIdOf<FeatureName>;

export const COMMAND_IDS: readonly CommandId[] = (
  Object.values(COMMANDS) as Record<string, { id: CommandId }>[]
).flatMap((f) => Object.values(f).map((c) => c.id));

/**
 * A handler takes at least what the table says the extension's callers pass, and anything else a
 * menu or another extension may add.
 */
export type CommandHandler<A extends unknown[] = unknown[]> = (...args: [...A, ...unknown[]]) => unknown;

/** A feature's share of the table: a handler for each of its commands, by the table's name. */
export type CommandHandlers<F extends FeatureName> = {
  [K in keyof Table[F]]: CommandHandler<ArgsOf<Table[F][K]>>;
};

/** Every handler, by feature: what the composition root registers. */
export type AllCommandHandlers = { [F in FeatureName]: CommandHandlers<F> };
