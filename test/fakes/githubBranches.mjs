// A fake repository's branches: read from its bare git repository when the test gave one (so a
// real `git push` counts), else from the `branches` of its configuration.
import { execFileSync } from 'node:child_process';

/** Head commits ahead of base: from the bare repository when there is one, else from config. */
export function aheadBy(repo, base, headBranch) {
  if (repo.bareDir) {
    try {
      execFileSync('git', ['rev-parse', '--verify', '--quiet', `refs/heads/${headBranch}`], {
        cwd: repo.bareDir,
        stdio: 'pipe',
      });
    } catch {
      return -1;
    }
    try {
      return Number(
        execFileSync('git', ['rev-list', '--count', `refs/heads/${base}..refs/heads/${headBranch}`], {
          cwd: repo.bareDir,
          stdio: 'pipe',
        })
          .toString()
          .trim(),
      );
    } catch {
      return 0;
    }
  }
  const b = repo.branches.get(headBranch);
  return b ? (b.ahead ?? 1) : -1;
}
export function branchExists(repo, name) {
  if (repo.bareDir) {
    try {
      execFileSync('git', ['rev-parse', '--verify', '--quiet', `refs/heads/${name}`], {
        cwd: repo.bareDir,
        stdio: 'pipe',
      });
      return true;
    } catch {
      return false;
    }
  }
  return repo.branches.has(name);
}
export function branchNames(repo) {
  if (repo.bareDir) {
    try {
      return execFileSync('git', ['for-each-ref', '--format=%(refname:short)', 'refs/heads'], {
        cwd: repo.bareDir,
        stdio: 'pipe',
      })
        .toString()
        .split('\n')
        .filter(Boolean);
    } catch {
      return [];
    }
  }
  return [...repo.branches.keys()];
}
