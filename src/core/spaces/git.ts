// git through execFile with an argument array, never a shell; no prompt can hang a call, no
// optional lock is taken (a refresh must not fight the user's own git), and output is English so
// errors can be recognised. Every spawn is counted: the budget is processes per refresh.
import { execFile } from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GitRunOptions {
  cwd: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * Let `git status` write back the index it refreshed. Without it, files that are "racily
   * clean" (written in the same second as the index, as after `git worktree add`) are re-read and
   * hashed on every status, forever. VS Code's Git extension makes the same choice.
   */
  writeIndex?: boolean;
}

export type GitRunner = (args: readonly string[], opts: GitRunOptions) => Promise<GitResult>;

const MAX_BUFFER = 16 * 1024 * 1024;

export interface CountingRunner extends GitRunner {
  /** git processes started so far. */
  spawned(): number;
}

export function execGit(gitPath = 'git'): CountingRunner {
  let spawned = 0;
  const run = (args: readonly string[], opts: GitRunOptions): Promise<GitResult> =>
    new Promise((resolve, reject) => {
      spawned++;
      execFile(
        gitPath,
        [...args],
        {
          cwd: opts.cwd,
          signal: opts.signal,
          timeout: opts.timeoutMs ?? 60_000,
          maxBuffer: MAX_BUFFER,
          windowsHide: true,
          encoding: 'utf8',
          env: {
            ...process.env,
            GIT_TERMINAL_PROMPT: '0',
            ...(opts.writeIndex ? {} : { GIT_OPTIONAL_LOCKS: '0' }),
            LC_ALL: 'C',
            LANGUAGE: 'C',
            // ssh must not ask either.
            GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes',
          },
        },
        (err, stdout, stderr) => {
          if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return reject(err);
          if (err && (err.name === 'AbortError' || opts.signal?.aborted)) return reject(err);
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
    });
  return Object.assign(run, { spawned: () => spawned });
}

/** Runs `fn` over `items` with at most `limit` in flight, results in input order. */
export async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** "git version 2.39.5" → [2, 39]. */
export function parseGitVersion(text: string): [number, number] | undefined {
  const m = /git version (\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export const MIN_GIT: [number, number] = [2, 17];

export const versionAtLeast = (v: [number, number], min: [number, number]): boolean =>
  v[0] > min[0] || (v[0] === min[0] && v[1] >= min[1]);
