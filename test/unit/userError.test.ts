// Every failure reaches the user through one shape: these pin what each kind says (message and
// remediation), how loudly, and which buttons it asks for, as host/notify.ts's showError shows them.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitHubError, toGitHubError } from '../../src/core/github/errors';
import { localError } from '../../src/core/github/localErrors';
import { formatMessage, setTranslator } from '../../src/core/l10n';
import { ProviderError, toProviderError, type ProviderErrorCode } from '../../src/core/providers/errors';
import { SETTINGS } from '../../src/core/settings/table';
import { SpaceError } from '../../src/core/spaces/errors';
import { noticeOf, toUserError, UserError, type UserAction } from '../../src/core/userError';
import { ctx } from './github/errorContext';

const everything = () => true;

function provider(code: ProviderErrorCode): ProviderError {
  return new ProviderError({
    providerId: 'work-proxy',
    code,
    message: 'The server rejected the key (401).',
    remediation: 'Set a new key.',
    retryable: code === 'rate_limited',
  });
}

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe('UserError: one shape for every failure', () => {
  it('is what provider, GitHub and spaces errors are', () => {
    for (const e of [provider('invalid_auth'), localError('no_folder'), new SpaceError('dirty', 'Dirty.')]) {
      expect(e).toBeInstanceOf(UserError);
      expect(e).toBeInstanceOf(Error);
    }
  });

  it('provider errors: the endpoint named first, the text as written, Set API Key… for a key problem', () => {
    const e = provider('invalid_auth');
    expect(noticeOf(e, everything, { endpoint: (id) => (id === 'work-proxy' ? 'Work Proxy' : id) })).toEqual({
      text: 'Work Proxy: The server rejected the key (401). Set a new key.',
      severity: 'error',
      actions: ['setApiKey', 'retry', 'openLog'],
    });
    expect(e.text()).toBe('The server rejected the key (401). Set a new key.');
    expect(provider('missing_auth').actions).toEqual(['setApiKey', 'retry', 'openLog']);
    expect(provider('provider_unavailable').actions).toEqual(['retry', 'openLog']);
  });

  it('provider errors: a rate limit and a cancel are warnings, and a cancel offers no retry', () => {
    expect(provider('rate_limited').severity).toBe('warning');
    expect(provider('cancelled')).toMatchObject({ severity: 'warning', actions: ['openLog'] });
    expect(provider('stream_interrupted').severity).toBe('error');
  });

  it('anything else on the way to an answer reads as the runtime’s unexpected error, naming no endpoint', () => {
    const e = toProviderError(new Error('The model returned an empty answer.'));
    expect(e.code).toBe('unexpected_error');
    expect(e.text({ endpoint: () => 'Anthropic' })).toBe(
      'The model returned an empty answer. See the log for details.',
    );
    expect(e.actions).toEqual(['retry', 'openLog']);
    const own = provider('bad_request');
    expect(toProviderError(own)).toBe(own);
  });

  it('GitHub errors: "Kata Cloud:", message and remediation as sentences, the actions the error names', () => {
    const e = localError('not_signed_in');
    expect(noticeOf(e, everything)).toEqual({
      text: 'Kata Cloud: You are not signed in to GitHub. Sign in with your GitHub account, or set a personal access token.',
      severity: 'error',
      actions: ['signIn', 'setToken'],
    });
    expect(localError('nothing_to_compare').severity).toBe('warning');
    const limited = toGitHubError({ status: 429, response: { status: 429, headers: {} } }, ctx, 0);
    expect(limited.severity).toBe('warning');
  });

  it('GitHub errors: Open Settings opens the Enterprise URL setting', () => {
    const e = toGitHubError({ status: 404, response: { status: 404, headers: {} } }, { ...ctx, op: 'user' });
    expect(e.actions).toEqual(['openSettings']);
    expect(e.setting).toBe('githubEnterpriseUrl');
    expect(e.text()).toContain(SETTINGS.githubEnterpriseUrl.key);
    expect(new GitHubError({ code: 'server', message: 'Down.', remediation: '', actions: ['retry'] }).setting).toBe(
      undefined,
    );
  });

  it('spaces errors carry their remediation; a cancel is said in passing, dirty or taken is a warning', () => {
    const exists = new SpaceError('folder_exists', 'The folder /w/x already exists.', ['chooseOtherName']);
    expect(noticeOf(exists, everything)).toEqual({
      text: `Kata Cloud: The folder /w/x already exists. Choose another name, or move the folder away (see ${SETTINGS.spacesFolder.key}).`,
      severity: 'error',
      actions: ['chooseOtherName'],
    });
    expect(new SpaceError('git_missing', 'Git was not found.', ['installGit']).remediation).toMatch(/Install git/);
    expect(new SpaceError('cancelled', 'Creating the space was cancelled.').severity).toBe('quiet');
    expect(new SpaceError('branch_exists', 'The branch kata/x already exists.').severity).toBe('warning');
    const dirty = new SpaceError('dirty', 'The space has uncommitted changes: a.txt', ['removeAnyway']);
    expect(dirty).toMatchObject({ severity: 'warning', remediation: '' });
    expect(dirty.text()).toBe('Kata Cloud: The space has uncommitted changes: a.txt.');
  });

  it('anything thrown that is not a UserError: its message after "Kata Cloud:", and the log', () => {
    const e = toUserError(new Error('ENOENT: no such file'));
    expect(noticeOf(e, everything)).toEqual({
      text: 'Kata Cloud: ENOENT: no such file',
      severity: 'error',
      actions: ['openLog'],
    });
    expect(toUserError('plain words').text()).toBe('Kata Cloud: plain words');
    const own = localError('no_git');
    expect(toUserError(own)).toBe(own);
  });

  it('a message made on the spot is shown as written', () => {
    const e = new UserError({
      message: 'Anthropic rejected this key (401).',
      remediation: 'The key was not saved.',
      actions: ['tryAgain', 'openLog'],
      verbatim: true,
    });
    expect(e.text()).toBe('Anthropic rejected this key (401). The key was not saved.');
    expect(new UserError({ message: 'Kata Cloud failed to start: boom', verbatim: true }).text()).toBe(
      'Kata Cloud failed to start: boom',
    );
  });

  it('offers only the actions the host can do where it is shown, in the error’s order', () => {
    const e = new SpaceError('branch_exists', 'The branch kata/x already exists.', [
      'useExistingBranch',
      'chooseOtherName',
      'openLog',
    ]);
    const here = new Set<UserAction>(['openLog', 'chooseOtherName']);
    expect(noticeOf(e, (a) => here.has(a)).actions).toEqual(['chooseOtherName', 'openLog']);
    expect(noticeOf(provider('invalid_auth'), (a) => a !== 'retry').actions).toEqual(['setApiKey', 'openLog']);
  });

  it('words the extension’s prefix through the installed translator', () => {
    restore = setTranslator((message, ...args) =>
      formatMessage(message.replace('Kata Cloud:', '[xx] Kata Cloud —'), ...args),
    );
    expect(localError('no_folder').text()).toMatch(/^\[xx\] Kata Cloud — No folder is open\./);
    expect(toUserError(new Error('boom')).text()).toBe('[xx] Kata Cloud — boom');
  });

  it('spells each action label once: only core/userError.ts names "Open Log"', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? walk(p) : [p];
      });
    const spelled = walk('src')
      .filter((f) => f.endsWith('.ts') && readFileSync(f, 'utf8').includes("'Open Log'"))
      .map((f) => f.split('\\').join('/'));
    expect(spelled).toEqual(['src/core/userError.ts']);
  });
});
