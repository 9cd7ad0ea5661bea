// The tree views the extension contributes (package.json `contributes.views`); a unit test checks
// this table against the manifest. VS Code gives each view a `<id>.focus` command.
export const VIEWS = {
  models: 'kata.models',
  pullRequests: 'kata.pullRequests',
  spaces: 'kata.spaces',
} as const;

export type ViewId = (typeof VIEWS)[keyof typeof VIEWS];
