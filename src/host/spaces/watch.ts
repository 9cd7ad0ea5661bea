// What makes the Spaces view re-read git: file events on the repository's metadata (the common
// git dir: HEAD, index, refs, and worktrees/<id>/ for every linked worktree) and on the files of
// this window's folder. Each event names the worktree it touched, so a refresh re-reads only that
// one's status. The index that our own `git status` writes back is recognised by its mtime and
// does not trigger another refresh. Keystrokes are not events: only what reaches the disk is.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { Disposable } from '../../core/disposable';

/** Refs moved (a commit, a fetch, a push): ahead/behind may differ, no status is stale. */
export const REFS_ONLY = '\0refs';

export class GitWatch extends Disposable {
  /** worktrees/<id> → the worktree's folder. */
  private readonly admin = new Map<string, string>();
  /** index file → mtime after our last refresh. */
  private readonly ownIndex = new Map<string, number>();
  private main?: string;
  /** Index events that arrived while our own refresh ran: judged once it is done. */
  private refreshing = false;
  private readonly held = new Map<string, string | 'all'>();
  onWorkspaceFile: (file: string) => void = () => undefined;

  constructor(
    private readonly commonDir: string,
    private readonly request: (what: string | 'all') => void,
    private readonly log: Logger,
  ) {
    super();
    const meta = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(commonDir), '{HEAD,index,packed-refs,refs/**,worktrees/**}'),
    );
    const files = vscode.workspace.createFileSystemWatcher('**/*');
    const onMeta = (u: vscode.Uri) => this.onMeta(u.fsPath);
    const onFile = (u: vscode.Uri) => {
      if (u.scheme !== 'file' || u.fsPath.split(path.sep).includes('.git')) return;
      this.onWorkspaceFile(u.fsPath);
    };
    for (const d of [
      meta,
      files,
      meta.onDidCreate(onMeta),
      meta.onDidChange(onMeta),
      meta.onDidDelete(onMeta),
      files.onDidCreate(onFile),
      files.onDidChange(onFile),
      files.onDidDelete(onFile),
    ])
      this.register(d);
  }

  private onMeta(file: string): void {
    const parts = path.relative(this.commonDir, file).split(path.sep);
    const [top, id, name] = parts;
    if (top === 'worktrees') {
      const wt = id ? this.admin.get(id) : undefined;
      // A worktree added or removed (or one we have not mapped yet): the list itself changed.
      if (!wt || !name) return this.request('all');
      if (name.endsWith('.lock') || name === 'logs') return;
      if (name === 'index') return this.onIndex(file, wt);
      return this.request(wt);
    }
    if (top === 'index') return this.onIndex(file, this.main ?? 'all');
    if (top === 'HEAD') return this.request(this.main ?? 'all');
    if (file.endsWith('.lock')) return;
    this.request(REFS_ONLY);
  }

  private onIndex(file: string, target: string | 'all'): void {
    if (this.refreshing) this.held.set(file, target);
    else if (!this.isOwnIndex(file)) this.request(target);
  }

  beforeRefresh(): void {
    this.refreshing = true;
  }

  private isOwnIndex(file: string): boolean {
    const seen = this.ownIndex.get(file);
    if (seen === undefined) return false;
    try {
      return statSync(file).mtimeMs === seen;
    } catch {
      return false;
    }
  }

  /** After a refresh: maps admin dirs to worktrees and notes the index mtimes we left behind. */
  afterRefresh(paths: readonly string[]): void {
    this.main = paths[0];
    this.admin.clear();
    this.ownIndex.clear();
    const dir = path.join(this.commonDir, 'worktrees');
    let ids: string[] = [];
    try {
      ids = readdirSync(dir);
    } catch {
      // No linked worktree yet.
    }
    for (const id of ids) {
      try {
        const gitdir = readFileSync(path.join(dir, id, 'gitdir'), 'utf8').trim();
        this.admin.set(id, path.dirname(gitdir));
      } catch {
        // Half-made or pruned: `git worktree list` decides what it is.
      }
    }
    const indexes = [path.join(this.commonDir, 'index'), ...ids.map((id) => path.join(dir, id, 'index'))];
    for (const f of indexes) {
      try {
        this.ownIndex.set(f, statSync(f).mtimeMs);
      } catch {
        // No index yet.
      }
    }
    this.refreshing = false;
    for (const [file, target] of this.held) if (!this.isOwnIndex(file)) this.request(target);
    this.held.clear();
    this.log.trace(`Spaces: watching ${this.admin.size} linked worktree(s) of ${this.commonDir}.`);
  }
}
