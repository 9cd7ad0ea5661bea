// The workspace repository of the scenarios that push: git with no prompt, and a repository whose
// GitHub-looking remote maps to a local bare repository.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const git = (cwd, ...args) =>
  execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } })
    .toString()
    .trim();

/**
 * The workspace repository: its origin looks like GitHub (`git@<fake host>:acme/widgets.git`, what
 * the fake GitHub serves) and maps to a bare repository through url.<path>.insteadOf, for fetch and
 * push alike, with no network. Spaces share the repository's config, so they push there too.
 */
export function makeRepo(ws, tmp, host) {
  const remotes = path.join(tmp, 'remotes');
  const bare = path.join(remotes, 'acme', 'widgets.git');
  fs.mkdirSync(bare, { recursive: true });
  git(bare, 'init', '-q', '--bare', '-b', 'main');
  git(ws, 'init', '-q', '-b', 'main');
  git(ws, 'config', 'user.name', 'Kata E2E');
  git(ws, 'config', 'user.email', 'e2e@example.invalid');
  git(ws, 'config', 'commit.gpgsign', 'false');
  git(ws, 'config', `url.${remotes}/.insteadOf`, `git@${host}:`);
  git(ws, 'add', '-A');
  git(ws, 'commit', '-q', '-m', 'Initial commit');
  git(ws, 'remote', 'add', 'origin', `git@${host}:acme/widgets.git`);
  git(ws, 'push', '-q', '-u', 'origin', 'main');
  // What a clone has: origin/HEAD names the default branch.
  git(ws, 'remote', 'set-head', 'origin', 'main');
  return bare;
}
