// The single command table: every command the extension contributes. A unit test checks this
// list against package.json `contributes.commands` in both directions, and the composition
// root's handler map is typed by it, so a command cannot be contributed without a handler.
export const COMMAND_IDS = [
  // Providers and models
  'kata.setApiKey',
  'kata.clearApiKey',
  'kata.models.refresh',
  'kata.models.setDefault',
  'kata.models.copyId',
  'kata.ask',
  'kata.showLog',
  'kata.openEndpointSettings',
  'kata.addEndpoint',
  'kata.editEndpoint',
  'kata.removeEndpoint',
  'kata.lm.manage',
  // Chat
  'kata.chat.new',
  'kata.chat.open',
  'kata.chat.rename',
  'kata.chat.delete',
  'kata.chat.askAboutSelection',
  'kata.chat.addFile',
  'kata.chat.attachSpec',
  'kata.chat.export',
  'kata.chat.copy',
  // GitHub
  'kata.github.signIn',
  'kata.github.setToken',
  'kata.github.clearToken',
  'kata.prs.refresh',
  'kata.prs.loadMore',
  'kata.prs.open',
  'kata.prs.checkout',
  'kata.prs.copyLink',
  'kata.pr.create',
  'kata.pr.submitDraft',
  'kata.pr.toggleDraft',
  'kata.pr.draftWithAi',
  'kata.pr.chooseBase',
  // Spaces
  'kata.spaces.new',
  'kata.spaces.open',
  'kata.spaces.openInNewWindow',
  'kata.spaces.reveal',
  'kata.spaces.openSpec',
  'kata.spaces.remove',
  'kata.spaces.refresh',
  'kata.spaces.toggleTask',
  'kata.spaces.openPullRequest',
  'kata.spaces.createPullRequest',
  'kata.spaces.draftSpec',
  'kata.spaces.newChat',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandHandler = (...args: any[]) => unknown;

/** A feature's share of the table: exactly the ids it owns. */
export type CommandHandlers<K extends CommandId = CommandId> = { [P in K]: CommandHandler };
