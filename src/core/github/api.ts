// What the GitHub features need from an API client. The host implements it over Octokit (with
// the throttling and retry plugins); the core only sees this port. Methods throw whatever the
// client throws: callers map failures with toGitHubError.
import type { GitHubEndpoints } from './remote';

export interface PullSummary {
  number: number;
  url: string;
  title: string;
  draft: boolean;
  /** `owner:branch` of the head. */
  head: string;
}

export interface RepoInfo {
  owner: string;
  repo: string;
  defaultBranch: string;
  htmlUrl: string;
  private: boolean;
  fork: boolean;
}

export interface CreatePullParams {
  owner: string;
  repo: string;
  title: string;
  body: string;
  /** `owner:branch` (the fork's owner for cross-repository pull requests). */
  head: string;
  base: string;
  draft: boolean;
}

export interface GitHubApi {
  readonly endpoints: GitHubEndpoints;
  graphql(query: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<unknown>;
  /** GET /user: who the credentials belong to. */
  getViewer(signal?: AbortSignal): Promise<{ login: string; name?: string | null }>;
  getRepo(owner: string, repo: string, signal?: AbortSignal): Promise<RepoInfo>;
  /** Branch names of a repository (first 100), for choosing a base. */
  listBranches(owner: string, repo: string, signal?: AbortSignal): Promise<string[]>;
  /** GET /repos/{o}/{r}/pulls?head=owner:branch&state=open */
  listOpenPulls(owner: string, repo: string, head: string, signal?: AbortSignal): Promise<PullSummary[]>;
  createPull(params: CreatePullParams, signal?: AbortSignal): Promise<PullSummary>;
}
