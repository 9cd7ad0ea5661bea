// Parsers for git's machine formats: `git worktree list --porcelain [-z]` and
// `git status --porcelain=v2 --branch -z`. Paths are taken verbatim (with -z, nothing is quoted).

import { t } from '../l10n';

export interface WorktreeEntry {
  path: string;
  head?: string;
  /** Short branch name (refs/heads/ stripped); undefined when detached or bare. */
  branch?: string;
  detached: boolean;
  bare: boolean;
  locked?: string;
  prunable?: string;
}

export function parseWorktreeList(text: string, nulSeparated: boolean): WorktreeEntry[] {
  const lines = nulSeparated ? text.split('\0') : text.split('\n');
  const out: WorktreeEntry[] = [];
  let cur: WorktreeEntry | undefined;
  for (const line of lines) {
    if (line === '') {
      if (cur) out.push(cur);
      cur = undefined;
      continue;
    }
    const sp = line.indexOf(' ');
    const key = sp < 0 ? line : line.slice(0, sp);
    const value = sp < 0 ? '' : line.slice(sp + 1);
    if (key === 'worktree') {
      if (cur) out.push(cur);
      cur = { path: value, detached: false, bare: false };
      continue;
    }
    if (!cur) continue;
    if (key === 'HEAD') cur.head = value;
    else if (key === 'branch') cur.branch = value.replace(/^refs\/heads\//, '');
    else if (key === 'detached') cur.detached = true;
    else if (key === 'bare') cur.bare = true;
    else if (key === 'locked') cur.locked = value || 'locked';
    else if (key === 'prunable') cur.prunable = value || 'prunable';
  }
  if (cur) out.push(cur);
  return out;
}

export interface StatusSummary {
  head?: string;
  branch?: string;
  upstream?: string;
  /** Against the upstream, when there is one. */
  ahead?: number;
  behind?: number;
  staged: number;
  unstaged: number;
  untracked: number;
  conflicts: number;
  /** Distinct paths with any change: what the row shows as "N changed". */
  changed: number;
  paths: string[];
}

const PATH_SAMPLE = 20;

export function parseStatusV2(text: string): StatusSummary {
  const s: StatusSummary = { staged: 0, unstaged: 0, untracked: 0, conflicts: 0, changed: 0, paths: [] };
  const parts = text.split('\0');
  const add = (p: string) => {
    s.changed++;
    if (s.paths.length < PATH_SAMPLE) s.paths.push(p);
  };
  for (let i = 0; i < parts.length; i++) {
    const e = parts[i]!;
    if (!e) continue;
    if (e.startsWith('# ')) {
      const [k, ...rest] = e.slice(2).split(' ');
      const v = rest.join(' ');
      if (k === 'branch.oid') s.head = v === '(initial)' ? undefined : v;
      else if (k === 'branch.head') s.branch = v === '(detached)' ? undefined : v;
      else if (k === 'branch.upstream') s.upstream = v;
      else if (k === 'branch.ab') {
        const m = /^\+(\d+) -(\d+)$/.exec(v);
        if (m) {
          s.ahead = Number(m[1]);
          s.behind = Number(m[2]);
        }
      }
      continue;
    }
    const type = e[0];
    if (type === '1' || type === '2') {
      const f = e.split(' ');
      const xy = f[1] ?? '..';
      if (xy[0] !== '.') s.staged++;
      if (xy[1] !== '.') s.unstaged++;
      // Fields before the path: 8 for ordinary entries, 9 for renames (which carry the origin next).
      add(f.slice(type === '1' ? 8 : 9).join(' '));
      if (type === '2') i++;
    } else if (type === 'u') {
      s.conflicts++;
      add(e.split(' ').slice(10).join(' '));
    } else if (type === '?') {
      s.untracked++;
      add(e.slice(2));
    }
  }
  return s;
}

/** "3 changed" / "clean", for the row. */
export function changedLabel(s: Pick<StatusSummary, 'changed' | 'conflicts'>): string {
  if (s.conflicts) return t('{0} conflicted', s.conflicts);
  return s.changed ? t('{0} changed', s.changed) : t('clean');
}
