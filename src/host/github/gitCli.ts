// What the Git extension's API does not expose (numstat, range diffs, commit subjects, counts)
// comes from the git CLI, run with execFile semantics (no shell) in the repository root. Output is
// capped: a huge diff is cut, never buffered whole. Network operations stay on the Git
// extension's API, which carries the user's credentials helper.
import { spawn } from 'node:child_process';
import type { ChangedFile, Commit } from '../../core/github/draft';

const DIFF_CAP = 256 * 1024;
const TIMEOUT_MS = 30_000;

export interface GitRun {
  stdout: string;
  code: number | null;
  truncated: boolean;
  stderr: string;
}

export class GitCli {
  constructor(
    private readonly gitPath: string,
    private readonly cwd: string,
  ) {}

  run(args: string[], maxBytes = 4 * 1024 * 1024): Promise<GitRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.gitPath, args, {
        cwd: this.cwd,
        shell: false,
        windowsHide: true,
        // Never wait on a credential or editor prompt nobody can answer.
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
      });
      const out: Buffer[] = [];
      let size = 0;
      let truncated = false;
      let stderr = '';
      const timer = setTimeout(() => child.kill(), TIMEOUT_MS);
      child.stdout.on('data', (b: Buffer) => {
        if (truncated) return;
        if (size + b.length > maxBytes) {
          out.push(b.subarray(0, maxBytes - size));
          truncated = true;
          child.kill();
          return;
        }
        out.push(b);
        size += b.length;
      });
      child.stderr.on('data', (b: Buffer) => {
        if (stderr.length < 4000) stderr += b.toString('utf8');
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({
          stdout: Buffer.concat(out).toString('utf8'),
          code: truncated ? 0 : code,
          truncated,
          stderr: stderr.trim(),
        });
      });
    });
  }

  async ok(args: string[]): Promise<string> {
    const r = await this.run(args);
    if (r.code !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr || `exit ${r.code}`}`);
    return r.stdout;
  }

  async refExists(ref: string): Promise<boolean> {
    return (await this.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).code === 0;
  }

  async count(range: string): Promise<number> {
    return Number((await this.ok(['rev-list', '--count', range])).trim()) || 0;
  }

  /** Oldest first, at most 50. */
  async commits(range: string): Promise<Commit[]> {
    const text = await this.ok(['log', '--reverse', '--no-color', '--max-count=50', '--format=%s%x1f%b%x1e', range]);
    return text
      .split('\x1e')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        const [subject = '', body = ''] = s.split('\x1f');
        return { subject: subject.trim(), body: body.trim() || undefined };
      });
  }

  /** Staged changes (`--cached`) or a commit range (`base...HEAD`, from the merge base). */
  async changes(
    spec: { cached: true } | { range: string },
  ): Promise<{ files: ChangedFile[]; diff: string; truncated: boolean }> {
    const which = 'cached' in spec ? ['--cached'] : [spec.range];
    const common = ['--no-color', '--no-ext-diff', '--no-renames'];
    const numstat = await this.ok(['diff', ...common, '--numstat', ...which, '--']);
    const files = numstat
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [ins = '', del = '', ...rest] = line.split('\t');
        return {
          path: rest.join('\t'),
          insertions: ins === '-' ? null : Number(ins),
          deletions: del === '-' ? null : Number(del),
        };
      });
    const diff = await this.run(['diff', ...common, ...which, '--'], DIFF_CAP);
    if (diff.code !== 0) throw new Error(`git diff failed: ${diff.stderr}`);
    return { files, diff: diff.stdout, truncated: diff.truncated };
  }
}
