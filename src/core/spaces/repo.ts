// One repository's spaces, read from git: `git worktree list --porcelain` says which worktrees
// exist, `git status --porcelain=v2 --branch` what changed in each, one `for-each-ref` which refs
// exist, and one `rev-list --parents` walk the ahead/behind of every space against its base.
// A refresh re-reads the status only of the worktrees marked dirty; the rest come from cache.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../ports';
import { parseTasks, progress, type SpecTask, type TaskProgress } from '../spec/tasks';
import { SPEC_PATH } from '../spec/template';
import { SpaceError, gitReason } from './errors';
import { MIN_GIT, mapPool, parseGitVersion, versionAtLeast, type GitRunner } from './git';
import { aheadBehind, parseParents, type Pair } from './graph';
import type { SpaceMeta, SpaceMetaStore } from './meta';
import { parseStatusV2, parseWorktreeList, type StatusSummary, type WorktreeEntry } from './porcelain';
import { t } from '../l10n';

export interface SpacesDeps {
  git: GitRunner;
  meta: SpaceMetaStore;
  log: Logger;
  now?: () => number;
  /** Parallel git processes during a refresh; small, the machine has other work. */
  pool?: number;
}

export interface SpaceRow {
  path: string;
  name: string;
  isMain: boolean;
  branch?: string;
  head?: string;
  detached: boolean;
  locked?: string;
  prunable?: string;
  base?: string;
  baseRef?: string;
  baseMissing: boolean;
  status?: StatusSummary;
  ahead?: number;
  behind?: number;
  spec?: TaskProgress & { tasks: SpecTask[] };
  meta?: SpaceMeta;
}

export interface RefInfo {
  shas: Map<string, string>;
  /** The default branch's ref (refs/remotes/origin/HEAD's target), when known. */
  originHead?: string;
  remotes: string[];
}

const STATUS_ARGS = ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal', '--no-renames'];

export async function gitVersion(git: GitRunner, cwd: string): Promise<[number, number]> {
  let out;
  try {
    out = await git(['--version'], { cwd });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new SpaceError('git_missing', t('Git was not found. Spaces need git 2.17 or newer on the PATH.'), [
        'installGit',
      ]);
    throw e;
  }
  const v = parseGitVersion(out.stdout);
  if (!v || !versionAtLeast(v, MIN_GIT))
    throw new SpaceError(
      'git_too_old',
      v
        ? t('Git {0} is too old for spaces: git worktree needs 2.17 or newer.', v.join('.'))
        : t('Git (unknown version) is too old for spaces: git worktree needs 2.17 or newer.'),
      ['installGit'],
    );
  return v;
}

export class SpacesRepo {
  private readonly statusCache = new Map<string, StatusSummary>();
  private readonly abCache = new Map<string, { ahead: number; behind: number }>();
  private readonly specCache = new Map<string, { mtimeMs: number; spec: SpaceRow['spec'] }>();
  private rows: SpaceRow[] = [];

  private constructor(
    private readonly d: SpacesDeps,
    readonly top: string,
    readonly commonDir: string,
    readonly version: [number, number],
  ) {}

  /** Opens the repository containing `cwd`, or says why it cannot. */
  static async open(d: SpacesDeps, cwd: string): Promise<SpacesRepo> {
    const version = await gitVersion(d.git, cwd);
    const r = await d.git(['rev-parse', '--show-toplevel', '--git-common-dir'], { cwd });
    if (r.code !== 0) {
      if (/not a git repository/i.test(r.stderr))
        throw new SpaceError('not_repository', t('This folder is not in a git repository.'));
      if (/must be run in a work tree/i.test(r.stderr))
        throw new SpaceError('bare_repository', t('This is a bare repository: spaces need a checkout.'));
      throw new SpaceError('git_failed', t('git rev-parse failed: {0}', gitReason(r.stderr)), ['openLog']);
    }
    const [top = cwd, common = '.git'] = r.stdout.split('\n');
    return new SpacesRepo(d, top, path.resolve(cwd, common), version);
  }

  get git(): GitRunner {
    return this.d.git;
  }

  /** `-z` for worktree list arrived in git 2.36. */
  get nulWorktrees(): boolean {
    return versionAtLeast(this.version, [2, 36]);
  }

  get current(): readonly SpaceRow[] {
    return this.rows;
  }

  async run(args: string[], cwd = this.top, signal?: AbortSignal, writeIndex = false) {
    return this.d.git(args, { cwd, signal, writeIndex });
  }

  async worktrees(): Promise<WorktreeEntry[]> {
    const args = ['worktree', 'list', '--porcelain', ...(this.nulWorktrees ? ['-z'] : [])];
    const r = await this.run(args);
    if (r.code !== 0)
      throw new SpaceError('git_failed', t('git worktree list failed: {0}', gitReason(r.stderr)), ['openLog']);
    return parseWorktreeList(r.stdout, this.nulWorktrees);
  }

  async refs(): Promise<RefInfo> {
    const r = await this.run([
      'for-each-ref',
      '--format=%(objectname) %(refname) %(symref)',
      'refs/heads',
      'refs/remotes',
    ]);
    const shas = new Map<string, string>();
    let originHead: string | undefined;
    const remotes = new Set<string>();
    for (const line of r.stdout.split('\n')) {
      const [sha, ref, symref] = line.split(' ');
      if (!sha || !ref) continue;
      shas.set(ref, sha);
      const m = /^refs\/remotes\/([^/]+)\//.exec(ref);
      if (m) remotes.add(m[1]!);
      if (ref === 'refs/remotes/origin/HEAD' && symref) originHead = symref;
    }
    return { shas, originHead, remotes: [...remotes] };
  }

  /** The branch a new space starts from when the user does not choose: the remote's default. */
  defaultBase(refs: RefInfo, mainBranch: string | undefined): string | undefined {
    if (refs.originHead) return refs.originHead.replace(/^refs\/remotes\/[^/]+\//, '');
    for (const b of ['main', 'master', 'trunk', 'develop'])
      if (refs.shas.has(`refs/heads/${b}`) || refs.shas.has(`refs/remotes/origin/${b}`)) return b;
    return mainBranch;
  }

  /** `refs/remotes/<remote>/<base>` when it exists (fresher after a fetch), else the local branch. */
  baseRefFor(refs: RefInfo, base: string, remote = 'origin'): string | undefined {
    if (refs.shas.has(`refs/remotes/${remote}/${base}`)) return `refs/remotes/${remote}/${base}`;
    if (refs.shas.has(`refs/heads/${base}`)) return `refs/heads/${base}`;
    return undefined;
  }

  /**
   * Re-reads git. `dirty` names the worktrees whose files changed since the last refresh
   * ('all' on the first refresh, on a manual one and when the window regains focus).
   */
  async refresh(dirty: 'all' | ReadonlySet<string> = 'all'): Promise<SpaceRow[]> {
    const [list, refs] = await Promise.all([this.worktrees(), this.refs()]);
    const live = list.filter((w) => !w.bare);
    const main = list[0];
    const metas = new Map(this.d.meta.all(this.commonDir).map((m) => [m.path, m]));
    const fallbackBase = this.defaultBase(refs, main?.branch);

    const needStatus = live.filter(
      (w) => !w.prunable && (dirty === 'all' || dirty.has(w.path) || !this.statusCache.has(w.path)),
    );
    await mapPool(needStatus, this.d.pool ?? 4, async (w) => {
      const r = await this.run(STATUS_ARGS, w.path, undefined, true).catch(() => undefined);
      if (r && r.code === 0) this.statusCache.set(w.path, parseStatusV2(r.stdout));
      else this.statusCache.delete(w.path);
    });

    const rows: SpaceRow[] = live.map((w, i) => {
      const meta = metas.get(w.path);
      const isMain = i === 0 && w === main;
      const base = isMain ? undefined : (meta?.base ?? fallbackBase);
      const baseRef = base
        ? meta?.baseRef && refs.shas.has(meta.baseRef)
          ? meta.baseRef
          : this.baseRefFor(refs, base)
        : undefined;
      return {
        path: w.path,
        name: meta?.task || path.basename(w.path),
        isMain,
        branch: w.branch,
        head: w.head,
        detached: w.detached,
        locked: w.locked,
        prunable: w.prunable,
        base,
        baseRef,
        baseMissing: !!base && !baseRef,
        status: this.statusCache.get(w.path),
        meta,
      };
    });
    await this.fillAheadBehind(rows, refs);
    await Promise.all(rows.map((r) => this.fillSpec(r)));
    for (const p of this.statusCache.keys()) if (!live.some((w) => w.path === p)) this.statusCache.delete(p);
    // git is the truth: metadata of a worktree that is gone is dropped, not shown.
    const dropped = await this.d.meta.prune(this.commonDir, new Set(live.map((w) => w.path)));
    if (dropped) this.d.log.info(`Dropped ${dropped} stale space record(s) of ${this.top}.`);
    this.rows = rows;
    return rows;
  }

  /** Re-reads the metadata of the rows shown, without git: after a change git cannot see. */
  refreshMeta(): void {
    const metas = new Map(this.d.meta.all(this.commonDir).map((m) => [m.path, m]));
    this.rows = this.rows.map((r) => ({ ...r, meta: metas.get(r.path) }));
  }

  private async fillAheadBehind(rows: SpaceRow[], refs: RefInfo): Promise<void> {
    const want: (Pair & { row: SpaceRow })[] = [];
    for (const row of rows) {
      const baseSha = row.baseRef ? refs.shas.get(row.baseRef) : undefined;
      if (row.head && baseSha && !row.prunable) want.push({ head: row.head, base: baseSha, row });
    }
    const key = (p: Pair) => `${p.head}..${p.base}`;
    for (const p of want) if (p.head === p.base) this.abCache.set(key(p), { ahead: 0, behind: 0 });
    const missing = want.filter((p) => !this.abCache.has(key(p)));
    if (missing.length) {
      const tips = [...new Set(missing.flatMap((p) => [p.head, p.base]))];
      const mb = tips.length > 1 ? await this.run(['merge-base', '--octopus', ...tips]) : undefined;
      const cut = mb?.code === 0 ? mb.stdout.trim() : undefined;
      const walk = cut ? await this.run(['rev-list', '--parents', ...tips, '--not', cut]) : undefined;
      if (walk?.code === 0) {
        const g = parseParents(walk.stdout);
        aheadBehind(g, missing).forEach((ab, i) => this.abCache.set(key(missing[i]!), ab));
      } else {
        // Unrelated histories (no common base): one count per pair.
        await mapPool(missing, this.d.pool ?? 4, async (p) => {
          const r = await this.run(['rev-list', '--left-right', '--count', `${p.head}...${p.base}`]);
          const [a, b] = r.stdout.trim().split(/\s+/).map(Number);
          if (r.code === 0) this.abCache.set(key(p), { ahead: a ?? 0, behind: b ?? 0 });
        });
      }
    }
    for (const p of want) {
      const ab = this.abCache.get(key(p));
      if (ab) Object.assign(p.row, ab);
    }
    if (this.abCache.size > 500) this.abCache.clear();
  }

  private async fillSpec(row: SpaceRow): Promise<void> {
    const file = path.join(row.path, SPEC_PATH);
    try {
      const st = await stat(file);
      const hit = this.specCache.get(file);
      if (hit && hit.mtimeMs === st.mtimeMs) {
        row.spec = hit.spec;
        return;
      }
      const tasks = parseTasks(await readFile(file, 'utf8'));
      const spec = { ...progress(tasks), tasks };
      this.specCache.set(file, { mtimeMs: st.mtimeMs, spec });
      row.spec = spec;
    } catch {
      this.specCache.delete(file);
    }
  }
}
