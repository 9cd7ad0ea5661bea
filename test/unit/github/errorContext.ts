import type { ErrorContext } from '../../../src/core/github/errors';

/** What a GitHub call was doing when it failed: the context both error suites map with. */
export const ctx: ErrorContext = {
  op: 'create',
  host: 'github.com',
  repo: 'acme/widgets',
  login: 'octocat',
  head: 'acme:feature',
  base: 'main',
};
