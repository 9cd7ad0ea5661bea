// Names a user types become branch names and folder names. Everything is checked here before it
// reaches git (which then gets the last word through `git check-ref-format --branch`): no leading
// '-', no '..', no control characters, bounded length, and unicode folded to an ASCII slug so a
// folder name survives every filesystem and a branch name every remote.
import { SETTINGS } from '../settings/table';
import { t } from '../l10n';

export const MAX_SLUG = 60;
export const MAX_BRANCH = 200;
export const MAX_TASK = 500;

/** Folds a task name ("Fix the Ünïcode login 🚀") to a slug ("fix-the-unicode-login"). */
export function slugify(task: string): string {
  const folded = task
    .normalize('NFKD')
    // Combining marks go (é → e); anything else outside [a-z0-9] becomes a separator.
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let slug = folded.slice(0, MAX_SLUG).replace(/-+$/g, '');
  // A ref component may not end with ".lock"; the slug has no dots, but keep the rule visible.
  if (slug.endsWith('.lock')) slug = slug.slice(0, -5);
  return slug;
}

export type NameCheck = { ok: true; value: string } | { ok: false; message: string };

/** The checks on a task name as typed (before slugging). */
export function checkTaskName(task: string): NameCheck {
  const text = task.trim();
  if (!text) return { ok: false, message: t('Type a name for the task.') };
  if (text.length > MAX_TASK) return { ok: false, message: t('Keep the task name under {0} characters.', MAX_TASK) };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text))
    return { ok: false, message: t('The task name contains control characters.') };
  const slug = slugify(text);
  if (!slug)
    return {
      ok: false,
      message: t('The name needs at least one letter or digit (it becomes the branch and folder name).'),
    };
  return { ok: true, value: slug };
}

/**
 * The structural rules of a branch name that do not need git. `git check-ref-format --branch`
 * runs after this in the service; both must pass.
 */
export function checkBranchName(name: string): NameCheck {
  if (!name) return { ok: false, message: t('The branch name is empty.') };
  if (name.length > MAX_BRANCH)
    return { ok: false, message: t('The branch name is longer than {0} characters.', MAX_BRANCH) };
  if (name.startsWith('-')) return { ok: false, message: t('A branch name cannot start with "-".') };
  if (name.includes('..')) return { ok: false, message: t('A branch name cannot contain "..".') };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name))
    return { ok: false, message: t('A branch name cannot contain spaces or any of ~ ^ : ? * [ \\.') };
  if (/(^|\/)\.|\.lock(\/|$)|\/\/|\/$|\.$|@\{/.test(name) || name === '@')
    return { ok: false, message: t('"{0}" is not a valid branch name.', name) };
  return { ok: true, value: name };
}

/** The branch prefix setting ("kata/"): empty, or a valid ref path ending in "/". */
export function checkPrefix(prefix: string): NameCheck {
  if (prefix === '') return { ok: true, value: '' };
  const p = prefix.endsWith('/') ? prefix : `${prefix}/`;
  const inner = checkBranchName(`${p}x`);
  return inner.ok
    ? { ok: true, value: p }
    : {
        ok: false,
        message: t(
          'The setting {0} ("{1}") is not usable: {2}',
          SETTINGS.spacesBranchPrefix.key,
          prefix,
          inner.message,
        ),
      };
}
