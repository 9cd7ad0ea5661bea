// What git does not know about a space: the task name as typed, the base it was made from, when,
// and the pull request created from it. Keyed by repository (its common git dir) and worktree
// path; git stays the source of truth, so an entry whose worktree is gone is dropped, never shown.
// The chats started in a space are not listed here: each chat records its space (transcript
// header, copied into the chat index), one source for the link. Older entries that carry a
// `chats` list still parse (the key is dropped).
import { z } from 'zod';
import type { RecordSpec, RecordStore } from '../state/record';

/**
 * The pull request created from the space, as GitHub answered the create. Kept so the row shows
 * it without asking GitHub, including in a window whose Pull Requests view lists another
 * repository or nothing. `branch` is the branch it was opened from: checked out elsewhere, the
 * link no longer applies.
 */
const prLink = z.object({
  number: z.number().int().positive(),
  url: z.string().max(2000),
  title: z.string().max(1000),
  repo: z.string().max(300),
  branch: z.string().max(300),
  isDraft: z.boolean(),
  state: z.enum(['open', 'closed', 'merged']),
  createdAt: z.number().int().nonnegative(),
});
export type SpacePrLink = z.infer<typeof prLink>;

const entry = z.object({
  repo: z.string().min(1).max(4096),
  path: z.string().min(1).max(4096),
  task: z.string().max(500),
  branch: z.string().max(300),
  base: z.string().max(300),
  baseRef: z.string().max(300),
  createdAt: z.number().int().nonnegative(),
  pr: prLink.optional(),
});
export type SpaceMeta = z.infer<typeof entry>;

const schema = z.object({ entries: z.array(entry).max(1000) });
export type SpaceMetaRecord = z.infer<typeof schema>;

export const SPACES_META: RecordSpec<SpaceMetaRecord> = {
  key: 'kata.spaces',
  version: 1,
  schema,
  fallback: () => ({ entries: [] }),
};

export class SpaceMetaStore {
  constructor(private readonly records: RecordStore) {}

  all(repo: string): SpaceMeta[] {
    return this.records.read(SPACES_META).entries.filter((e) => e.repo === repo);
  }

  get(repo: string, path: string): SpaceMeta | undefined {
    return this.all(repo).find((e) => e.path === path);
  }

  async put(meta: SpaceMeta): Promise<void> {
    const cur = this.records.read(SPACES_META).entries.filter((e) => !(e.repo === meta.repo && e.path === meta.path));
    await this.records.write(SPACES_META, { entries: [...cur, meta].slice(-1000) });
  }

  async update(repo: string, path: string, fn: (m: SpaceMeta) => SpaceMeta): Promise<void> {
    const m = this.get(repo, path);
    if (m) await this.put(fn(m));
  }

  /**
   * Links a pull request to a space. A space made outside VS Code has no entry yet: one is made
   * from what git says (its folder name stands for the task name, as on the row).
   */
  async linkPr(
    repo: string,
    path: string,
    fallback: Omit<SpaceMeta, 'repo' | 'path' | 'pr'>,
    pr: SpacePrLink,
  ): Promise<void> {
    const cur = this.get(repo, path) ?? { ...fallback, repo, path };
    await this.put({ ...cur, pr });
  }

  async drop(repo: string, path: string): Promise<void> {
    const cur = this.records.read(SPACES_META).entries;
    const next = cur.filter((e) => !(e.repo === repo && e.path === path));
    if (next.length !== cur.length) await this.records.write(SPACES_META, { entries: next });
  }

  /** Drops the entries of this repository whose worktree git no longer lists. */
  async prune(repo: string, livePaths: ReadonlySet<string>): Promise<number> {
    const cur = this.records.read(SPACES_META).entries;
    const next = cur.filter((e) => e.repo !== repo || livePaths.has(e.path));
    if (next.length !== cur.length) await this.records.write(SPACES_META, { entries: next });
    return cur.length - next.length;
  }
}
