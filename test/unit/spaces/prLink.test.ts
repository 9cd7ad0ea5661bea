// The pull request a space row shows: the Pull Requests data's when it lists the branch, else the
// link stored when the PR was created from the space (zod-validated metadata), on real
// repositories with a bare remote and a worktree added behind the extension's back.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordStore } from '../../../src/core/state/record';
import { silentLogger } from '../../../src/core/ports';
import { SPACES_META, SpaceMetaStore, type SpacePrLink } from '../../../src/core/spaces/meta';
import { linkedPrOf, prLabel, presentSpace, type LinkedPr } from '../../../src/core/spaces/present';
import { MemoryKv } from '../support/memoryKv';
import { git, makeRepo, openRepo, type Fixture } from './repos';

const link = (over: Partial<SpacePrLink> = {}): SpacePrLink => ({
  number: 7,
  url: 'https://github.com/acme/app/pull/7',
  title: 'Login page',
  repo: 'acme/app',
  branch: 'kata/login',
  isDraft: false,
  state: 'open',
  createdAt: 1,
  ...over,
});

const live: LinkedPr = {
  number: 7,
  url: 'https://github.com/acme/app/pull/7',
  title: 'Login page (renamed on GitHub)',
  isDraft: true,
  checks: 'passing',
  reviewDecision: 'approved',
};

let fx: Fixture | undefined;
afterEach(() => {
  fx?.cleanup();
  fx = undefined;
});

describe('the pull request of a space row', () => {
  it('prefers the Pull Requests data, falls back to the stored link while the branch is the same', () => {
    const row = { isMain: false, branch: 'kata/login', meta: { pr: link() } } as Parameters<typeof linkedPrOf>[0];
    expect(linkedPrOf(row, live)).toBe(live);
    expect(linkedPrOf(row)).toMatchObject({ number: 7, title: 'Login page', state: 'open', checks: 'none' });
    expect(linkedPrOf({ ...row, branch: 'kata/other' })).toBeUndefined();
    expect(linkedPrOf({ ...row, isMain: true }, live)).toBeUndefined();
    expect(linkedPrOf({ ...row, meta: undefined })).toBeUndefined();
  });

  it('says merged and closed plainly, and open or draft with the review words otherwise', () => {
    const stored = linkedPrOf({ isMain: false, branch: 'kata/login', meta: { pr: link() } } as never)!;
    expect(prLabel(stored)).toBe('PR #7 open');
    expect(prLabel({ ...stored, state: 'merged' })).toBe('PR #7 merged');
    expect(prLabel({ ...stored, state: 'closed' })).toBe('PR #7 closed');
    expect(prLabel(live)).toBe('PR #7 draft, approved');
  });

  it('keeps an older record without a link readable, and drops a malformed link with its record', () => {
    const kv = new MemoryKv();
    const records = new RecordStore(kv, silentLogger);
    const base = { repo: '/r/.git', path: '/r.spaces/a', task: 'A', branch: 'kata/a', base: 'main' };
    const old = { ...base, baseRef: 'refs/remotes/origin/main', createdAt: 1 };
    // An older entry also carries a list of chats (the chat index holds that link now): dropped.
    void kv.update(SPACES_META.key, { v: SPACES_META.version, data: { entries: [{ ...old, chats: ['c1'] }] } });
    const meta = new SpaceMetaStore(records);
    expect(meta.get('/r/.git', '/r.spaces/a')).toEqual(old);
    void kv.update(SPACES_META.key, {
      v: SPACES_META.version,
      data: { entries: [{ ...old, pr: { ...link(), url: 5 } }] },
    });
    expect(meta.all('/r/.git')).toEqual([]);
  });

  it('links a PR to a space made by the git CLI; the row shows it until the worktree checks out another branch', async () => {
    fx = makeRepo();
    const spacePath = path.join(fx.tmp, 'app.spaces', 'login');
    git(fx.main, 'worktree', 'add', '-q', '-b', 'kata/login', spacePath, 'origin/main');
    const { repo, meta } = await openRepo(fx.main);
    let rows = await repo.refresh();
    const row = rows.find((r) => r.branch === 'kata/login')!;
    expect(row.meta).toBeUndefined();
    await meta.linkPr(
      repo.commonDir,
      row.path,
      { task: row.name, branch: 'kata/login', base: 'main', baseRef: '', createdAt: 5 },
      link(),
    );
    rows = await repo.refresh();
    const linked = rows.find((r) => r.path === row.path)!;
    expect(linked.meta).toMatchObject({ task: 'login', pr: { number: 7 } });
    expect(linked.meta).not.toHaveProperty('chats');
    expect(presentSpace(linked, { pr: linkedPrOf(linked) }).description).toMatch(/· PR #7 open$/);

    git(spacePath, 'checkout', '-q', '-b', 'kata/other');
    rows = await repo.refresh();
    expect(linkedPrOf(rows.find((r) => r.path === row.path)!)).toBeUndefined();

    // git is the source of truth: the worktree removed behind our back takes its link with it.
    git(fx.main, 'worktree', 'remove', '--force', spacePath);
    await repo.refresh();
    expect(meta.get(repo.commonDir, row.path)).toBeUndefined();
  });
});
