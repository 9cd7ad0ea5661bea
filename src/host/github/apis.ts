// One GitHub API client per host and token, made on demand: the auth (to check a token before it
// is saved), the Pull Requests view and the create flow all share it, so the rate-limit state the
// client keeps is one per credential. A change of host or token drops the old client.
import type { GitHubApi } from '../../core/github/api';
import type { GitHubEndpoints } from '../../core/github/remote';
import type { Services } from '../services';
import { createGitHubApi } from './octokit';

export class GitHubApis {
  private current?: { key: string; api: GitHubApi };

  constructor(private readonly s: Pick<Services, 'config' | 'log' | 'context'>) {}

  /** The GitHub host the settings name now. */
  endpoints(): GitHubEndpoints {
    return this.s.config.values().github.endpoints;
  }

  for(token: string, ep: GitHubEndpoints = this.endpoints()): GitHubApi {
    const key = `${ep.restUrl}\n${token}`;
    if (this.current?.key !== key) {
      const api = createGitHubApi({
        token,
        endpoints: ep,
        log: this.s.log,
        fetch: (u, i) => fetch(u, i),
        userAgent: `kata-cloud-vscode/${String(this.s.context.extension.packageJSON.version ?? '0')}`,
      });
      this.current = { key, api };
    }
    return this.current.api;
  }

  clear(): void {
    this.current = undefined;
  }
}
