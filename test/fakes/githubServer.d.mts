// Types for test/fakes/githubServer.mjs (used by the TypeScript unit tests).
export const DEFAULT_TOKEN: string;
export const DEFAULT_LOGIN: string;
export const OTHER_TOKEN: string;
export const OTHER_LOGIN: string;

export type FaultKind =
  | 'unauthorized'
  | 'secondary'
  | 'secondary429'
  | 'primary'
  | 'graphqlRateLimited'
  | 'saml'
  | 'forbidden'
  | 'notFound'
  | 'noCommits'
  | 'alreadyExists'
  | 'badGateway';

export type Route = 'user' | 'repo' | 'branches' | 'pulls.list' | 'pulls.create' | 'graphql' | '*';

export interface RecordedRequest {
  method: string;
  path: string;
  route: string;
  headers: Record<string, string | string[] | undefined>;
  // Parsed request JSON: its shape depends on the route, and tests read it field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  raw: string;
  login?: string;
  at: number;
}

export interface FakePull {
  number: number;
  title: string;
  body: string;
  author: string;
  draft: boolean;
  state: string;
  headOwner: string;
  headRef: string;
  baseRef: string;
  reviewers: string[];
  assignees: string[];
  reviewDecision: string | null;
  checks: string | null;
  mergeable: string;
  updatedAt: string;
  isCrossRepository: boolean;
}

export interface RepoConfig {
  defaultBranch?: string;
  private?: boolean;
  /** A bare git repository: head branches and commit counts are read from it. */
  bareDir?: string;
  /** Without bareDir: branch name → commits ahead of the base. */
  branches?: Record<string, { ahead?: number }>;
  pulls?: FakePull[];
  seed?: boolean;
  hidden?: boolean;
  /** false: a draft create is refused with 422, as on a plan without draft pull requests. */
  drafts?: boolean;
}

export interface GitHubServerOptions {
  port?: number;
  tokens?: Record<string, string>;
  repos?: Record<string, RepoConfig>;
  enterpriseVersion?: string;
}

export interface FakeRepo {
  owner: string;
  name: string;
  slug: string;
  defaultBranch: string;
  pulls: FakePull[];
  branches: Map<string, { ahead?: number }>;
}

export interface GitHubServer {
  /** Use as kata.github.enterpriseUrl. */
  url: string;
  restUrl: string;
  graphqlUrl: string;
  requests: RecordedRequest[];
  count(route?: Route): number;
  fault(
    route: Route,
    kind: FaultKind,
    opts?: { times?: number; retryAfter?: number; resetInSeconds?: number; org?: string },
  ): void;
  clearFaults(): void;
  repo(slug: string): FakeRepo | undefined;
  addRepo(slug: string, cfg?: RepoConfig): void;
  addToken(token: string, login: string): void;
  revokeToken(token: string): void;
  setRateLimitReset(epochSeconds: number): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  created: Array<{ repo: string; number: number; body: any; login: string }>;
  close(): Promise<void>;
}

export function startGitHubServer(options?: GitHubServerOptions): Promise<GitHubServer>;
