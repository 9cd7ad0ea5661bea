import { describe, expect, it } from 'vitest';
import { checkBranchName, checkPrefix, checkTaskName, slugify } from '../../../src/core/spaces/names';
import { createSpace } from '../../../src/core/spaces/create';
import { afterAll, beforeAll } from 'vitest';
import { git, makeRepo, openRepo, type Fixture } from './repos';

describe('names', { timeout: 90000 }, () => {
  it('folds unicode to a safe slug', () => {
    expect(slugify('Fix the Ünïcode login 🚀')).toBe('fix-the-unicode-login');
    expect(slugify('Ｆｕｌｌｗｉｄｔｈ')).toBe('fullwidth');
    expect(slugify('-rf')).toBe('rf');
    expect(slugify('../x')).toBe('x');
    expect(slugify('a b')).toBe('a-b');
    expect(slugify('x'.repeat(300))).toHaveLength(60);
  });

  it('rejects what cannot become a name', () => {
    expect(checkTaskName('🚀🚀')).toMatchObject({ ok: false });
    expect(checkTaskName('   ')).toMatchObject({ ok: false });
    expect(checkTaskName('a\u0000b')).toMatchObject({ ok: false });
    expect(checkTaskName('y'.repeat(501))).toMatchObject({ ok: false });
  });

  it('checks branch names and the prefix setting', () => {
    for (const bad of [
      '-rf',
      'a..b',
      'a b',
      'x.lock',
      '.hidden',
      'a//b',
      'a/',
      'a~1',
      'a:b',
      '@',
      'x@{1}',
      'é'.repeat(0),
    ])
      expect(checkBranchName(bad).ok, bad).toBe(false);
    expect(checkBranchName('kata/fix-login').ok).toBe(true);
    expect(checkPrefix('kata')).toEqual({ ok: true, value: 'kata/' });
    expect(checkPrefix('')).toEqual({ ok: true, value: '' });
    expect(checkPrefix('-x/').ok).toBe(false);
    expect(checkPrefix('a..b/').ok).toBe(false);
  });
});

describe('hostile task names reach git only as safe branch and folder names', { timeout: 90000 }, () => {
  let fx: Fixture;
  beforeAll(() => {
    fx = makeRepo();
  });
  afterAll(() => fx.cleanup());

  it.each([
    ['-rf', 'kata/rf'],
    ['../x', 'kata/x'],
    ['a b', 'kata/a-b'],
    ['🚀 launch', 'kata/launch'],
    ['z'.repeat(300), `kata/${'z'.repeat(60)}`],
  ])('%s → %s', async (task, branch) => {
    const { repo, meta } = await openRepo(fx.main);
    const r = await createSpace(repo, meta, { prefix: 'kata/', task, fetch: false });
    expect(r.branch).toBe(branch);
    expect(r.path.startsWith(`${fx.main}.spaces/`)).toBe(true);
    expect(git(fx.main, 'branch', '--list', branch)).toContain(branch);
  });

  it('an emoji-only name is refused before git', async () => {
    const { repo, meta } = await openRepo(fx.main);
    await expect(createSpace(repo, meta, { prefix: 'kata/', task: '🚀' })).rejects.toMatchObject({
      code: 'invalid_name',
    });
  });
});
