// Real temporary repositories: a bare "remote", a clone with one pushed commit (origin/HEAD set
// by the clone), and helpers to run git in them the way a user's terminal would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RecordStore } from '../../../src/core/state/record';
import { silentLogger } from '../../../src/core/ports';
import { execGit } from '../../../src/core/spaces/git';
import { SpaceMetaStore } from '../../../src/core/spaces/meta';
import { SpacesRepo } from '../../../src/core/spaces/repo';
import { MemoryKv } from '../support/memoryKv';

export const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } })
    .toString()
    .trim();

export interface Fixture {
  tmp: string;
  bare: string;
  main: string;
  cleanup(): void;
}

export function makeRepo(opts: { remote?: boolean } = {}): Fixture {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'kata-spaces-'));
  const bare = path.join(tmp, 'remote.git');
  const main = path.join(tmp, 'app');
  const seed = path.join(tmp, 'seed');
  if (opts.remote !== false) {
    git(tmp, 'init', '-q', '--bare', '-b', 'main', bare);
    git(tmp, 'init', '-q', '-b', 'main', seed);
    configure(seed);
    writeFileSync(path.join(seed, 'README.md'), '# App\n');
    git(seed, 'add', '-A');
    git(seed, 'commit', '-q', '-m', 'Initial commit');
    git(seed, 'remote', 'add', 'origin', bare);
    git(seed, 'push', '-q', 'origin', 'main');
    git(tmp, 'clone', '-q', bare, main);
    configure(main);
  } else {
    git(tmp, 'init', '-q', '-b', 'main', main);
    configure(main);
    writeFileSync(path.join(main, 'README.md'), '# App\n');
    git(main, 'add', '-A');
    git(main, 'commit', '-q', '-m', 'Initial commit');
  }
  return { tmp, bare, main, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

export function configure(dir: string): void {
  git(dir, 'config', 'user.name', 'Kata Test');
  git(dir, 'config', 'user.email', 'test@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
}

export async function openRepo(cwd: string, runner = execGit()) {
  const meta = new SpaceMetaStore(new RecordStore(new MemoryKv(), silentLogger));
  const repo = await SpacesRepo.open({ git: runner, meta, log: silentLogger }, cwd);
  return { repo, meta, runner };
}
