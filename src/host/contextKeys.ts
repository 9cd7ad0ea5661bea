// The context keys the extension sets, for `when` clauses in package.json. A unit test checks
// that every `kata.*` key a clause reads is in this table and that every key here is read.
export const CONTEXT_KEYS = [
  /** True while no provider has a key and the Models view shows its welcome content. */
  'kata.models.noAuth',
  /** What the Pull Requests view can show: loading, noFolder, noGit, noRepo, noRemote, signedOut, badSetting, ready. */
  'kata.github.state',
  /** True while the active editor is a pull request draft. */
  'kata.pr.draftEditor',
  /** What the Spaces view can show: loading, untrusted, noFolder, noGit, noRepo, empty, ready. */
  'kata.spaces.state',
  // Read by the Getting Started walkthrough's completionEvents (onContext), set from the state itself.
  /** True once a provider has a key (stored or from the environment) or needs none. */
  'kata.setup.hasKey',
  /** True while the repository has a space besides the main checkout. */
  'kata.spaces.exists',
  /** True while a space of the repository has a pull request. */
  'kata.spaces.hasPullRequest',
  /** True once a space's spec was drafted with AI, opened with Open Spec or saved (remembered). */
  'kata.spaces.specWritten',
  /** True once a chat was started in a space (remembered). */
  'kata.chat.startedInSpace',
] as const;

export type ContextKey = (typeof CONTEXT_KEYS)[number];
