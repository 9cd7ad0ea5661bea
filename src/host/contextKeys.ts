// The context keys the extension sets, for `when` clauses and the walkthrough's `onContext`
// completion events in package.json. Each key is spelled here only: `setContext` (commands.ts)
// takes an entry and a value it can hold. A unit test checks the table against the manifest: every
// `kata.*` key a clause reads is here, every key here is read and set, and a clause compares a key
// only with a value it can hold.

export interface ContextKey<V = unknown> {
  readonly key: string;
  /** What the key can hold: what a `when` clause may compare it with. */
  readonly values: readonly V[];
}

const flag = (key: string): ContextKey<boolean> => ({ key, values: [true, false] });
const oneOf = <const V extends string>(key: string, values: readonly V[]): ContextKey<V> => ({ key, values });

export const CONTEXT_KEYS = {
  /** True while no provider has a key and the Models view shows its welcome content. */
  modelsNoAuth: flag('kata.models.noAuth'),
  /** What the Pull Requests view can show: each state but `ready` has welcome content. */
  githubState: oneOf('kata.github.state', [
    'loading',
    'badSetting',
    'noFolder',
    'noGit',
    'noRepo',
    'noRemote',
    'signedOut',
    'ready',
  ]),
  /** True while the active editor is a pull request draft. */
  prDraftEditor: flag('kata.pr.draftEditor'),
  /** What the Spaces view can show: each state but `ready` has welcome content. */
  spacesState: oneOf('kata.spaces.state', ['loading', 'untrusted', 'noFolder', 'noGit', 'noRepo', 'empty', 'ready']),
  // Read by the Getting Started walkthrough's completion events, set from the state itself.
  /** True once a provider has a key (stored or from the environment) or needs none. */
  setupHasKey: flag('kata.setup.hasKey'),
  /** True while the repository has a space besides the main checkout. */
  spacesExist: flag('kata.spaces.exists'),
  /** True while a space of the repository has a pull request. */
  spacesHavePullRequest: flag('kata.spaces.hasPullRequest'),
  /** True once a space's spec was drafted with AI, opened with Open Spec or saved (remembered). */
  specWritten: flag('kata.spaces.specWritten'),
  /** True once a chat was started in a space (remembered). */
  chatStartedInSpace: flag('kata.chat.startedInSpace'),
} as const;

export type ContextValue<K> = K extends ContextKey<infer V> ? V : never;
export type GitHubViewState = ContextValue<typeof CONTEXT_KEYS.githubState>;
export type SpacesViewState = ContextValue<typeof CONTEXT_KEYS.spacesState>;

/**
 * The `contextValue` of every tree item the views show: what a menu's `viewItem` clause matches.
 * Tree code takes a value of this list, and the manifest test checks that each `viewItem` clause
 * matches at least one of them (a renamed value cannot silently drop an item's menu).
 */
export const VIEW_ITEMS = [
  'kata.provider.ok',
  'kata.provider.loading',
  'kata.provider.error',
  'kata.provider.noAuth',
  'kata.model',
  'kata.model.default',
  'kata.model.other',
  'kata.message',
  'kata.prCategory',
  'kata.pr',
  'kata.pr.fork',
  'kata.prs.more',
  'kata.prs.note',
  'kata.space',
  'kata.space.main',
  'kata.space.busy',
  'kata.space.failed',
  'kata.space.pending',
  'kata.space.pr',
  'kata.space.task',
] as const;
export type ViewItem = (typeof VIEW_ITEMS)[number];
