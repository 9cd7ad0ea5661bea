import { describe, expect, it } from 'vitest';
import {
  GITHUB_DOT_COM,
  endpointsFor,
  parseRemote,
  safeUrl,
  selectRemotes,
  type GitHubEndpoints,
} from '../../../src/core/github/remote';

const ghe = (() => {
  const r = endpointsFor('https://ghe.example.com');
  if (!r.ok) throw new Error(r.message);
  return r.endpoints;
})();

describe('parseRemote: accepted forms', () => {
  const cases: Array<[string, string, string, string, GitHubEndpoints?]> = [
    ['https://github.com/acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['https://github.com/acme/widgets', 'github.com', 'acme', 'widgets'],
    ['https://github.com/acme/widgets/', 'github.com', 'acme', 'widgets'],
    ['https://github.com/acme/widgets.git/', 'github.com', 'acme', 'widgets'],
    ['http://github.com/acme/widgets', 'github.com', 'acme', 'widgets'],
    ['https://www.github.com/acme/widgets', 'github.com', 'acme', 'widgets'],
    ['https://GitHub.com/Acme/Widgets.GIT', 'github.com', 'Acme', 'Widgets'],
    ['https://user@github.com/acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['https://x-access-token:ghp_abc@github.com/acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['git@github.com:acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['git@github.com:acme/widgets', 'github.com', 'acme', 'widgets'],
    ['git@github.com:acme/widgets/', 'github.com', 'acme', 'widgets'],
    ['github.com:acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['org-12345@github.com:acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['ssh://git@github.com/acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['ssh://git@github.com/acme/widgets', 'github.com', 'acme', 'widgets'],
    ['ssh://git@github.com:22/acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['ssh://git@ssh.github.com:443/acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['git+ssh://git@github.com/acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['git://github.com/acme/widgets.git', 'github.com', 'acme', 'widgets'],
    ['https://github.com/acme/my.repo.js.git', 'github.com', 'acme', 'my.repo.js'],
    ['https://github.com/a-b-c/x_y-z', 'github.com', 'a-b-c', 'x_y-z'],
    ['https://ghe.example.com/team/service.git', 'ghe.example.com', 'team', 'service', ghe],
    ['git@ghe.example.com:team/service.git', 'ghe.example.com', 'team', 'service', ghe],
    ['ssh://git@ghe.example.com:2222/team/service', 'ghe.example.com', 'team', 'service', ghe],
    ['https://GHE.example.com:8443/team/service', 'ghe.example.com', 'team', 'service', ghe],
  ];
  it.each(cases)('%s', (url, host, owner, repo, endpoints) => {
    const r = parseRemote(url, endpoints ?? GITHUB_DOT_COM);
    expect(r).toEqual({ ok: true, ref: { host, owner, repo } });
  });
});

describe('parseRemote: rejected, with the reason and the host named', () => {
  const notGithub: Array<[string, string, GitHubEndpoints?]> = [
    ['https://gitlab.com/acme/widgets.git', 'gitlab.com'],
    ['git@bitbucket.org:acme/widgets.git', 'bitbucket.org'],
    ['ssh://git@codeberg.org/acme/widgets.git', 'codeberg.org'],
    ['https://github.com.evil.example/acme/widgets', 'github.com.evil.example'],
    ['https://notgithub.com/acme/widgets', 'notgithub.com'],
    ['https://gist.github.com/acme/widgets', 'gist.github.com'],
    ['https://api.github.com/acme/widgets', 'api.github.com'],
    // With an enterprise host configured, only that host counts.
    ['https://github.com/acme/widgets', 'github.com', ghe],
    ['https://ghe.example.com.attacker.example/team/service', 'ghe.example.com.attacker.example', ghe],
  ];
  it.each(notGithub)('%s is not GitHub', (url, host, endpoints) => {
    const r = parseRemote(url, endpoints ?? GITHUB_DOT_COM);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe('not_github');
      expect(r.host).toBe(host);
      expect(r.message).toContain(host);
    }
  });

  const unparseable = [
    '/srv/git/widgets.git',
    'file:///srv/git/widgets.git',
    '../widgets',
    'C:\\repos\\widgets',
    'https://github.com/acme',
    'https://github.com/acme/widgets/tree/main',
    'git@github.com:acme',
    'git@github.com:/acme/widgets.git',
    'https://github.com/-acme/widgets',
    'https://github.com/acme/..',
    'https://github.com/acme/wid gets',
    '',
    'not a url',
  ];
  it.each(unparseable)('%j is not a repository URL', (url) => {
    const r = parseRemote(url);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/GitHub|owner\/repo|points at/);
  });

  it('never echoes credentials embedded in the URL', () => {
    const r = parseRemote('https://user:ghp_secretvalue123@gitlab.com/acme');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).not.toContain('ghp_secretvalue123');
    expect(safeUrl('https://user:pw@host/x')).toBe('https://host/x');
  });
});

describe('endpointsFor (kata.github.enterpriseUrl)', () => {
  it('empty means github.com', () => {
    expect(endpointsFor('')).toEqual({ ok: true, endpoints: GITHUB_DOT_COM });
    expect(endpointsFor(undefined)).toEqual({ ok: true, endpoints: GITHUB_DOT_COM });
    expect(endpointsFor('https://github.com')).toEqual({ ok: true, endpoints: GITHUB_DOT_COM });
  });
  it('GitHub Enterprise Server: REST at /api/v3, GraphQL at /api/graphql', () => {
    expect(endpointsFor('https://ghe.example.com/')).toEqual({
      ok: true,
      endpoints: {
        host: 'ghe.example.com',
        webUrl: 'https://ghe.example.com',
        restUrl: 'https://ghe.example.com/api/v3',
        graphqlUrl: 'https://ghe.example.com/api/graphql',
        enterprise: true,
      },
    });
    const bare = endpointsFor('ghe.example.com');
    expect(bare.ok && bare.endpoints.restUrl).toBe('https://ghe.example.com/api/v3');
  });
  it('GHE.com data residency hosts use api.<host>', () => {
    const r = endpointsFor('https://acme.ghe.com');
    expect(r.ok && r.endpoints).toMatchObject({
      host: 'acme.ghe.com',
      restUrl: 'https://api.acme.ghe.com',
      graphqlUrl: 'https://api.acme.ghe.com/graphql',
    });
  });
  it('http only on loopback (the token travels with every request)', () => {
    const local = endpointsFor('http://127.0.0.1:8080');
    expect(local.ok && local.endpoints.restUrl).toBe('http://127.0.0.1:8080/api/v3');
    const plain = endpointsFor('http://ghe.example.com');
    expect(plain.ok).toBe(false);
    if (!plain.ok) expect(plain.message).toMatch(/https/);
  });
  it('refuses credentials in the URL and garbage', () => {
    expect(endpointsFor('https://me:pw@ghe.example.com').ok).toBe(false);
    expect(endpointsFor('https://exa mple').ok).toBe(false);
  });
});

describe('selectRemotes (fork-aware)', () => {
  it('with upstream and origin: list and target upstream, head on origin', () => {
    const r = selectRemotes(
      [
        { name: 'origin', fetchUrl: 'git@github.com:me/widgets.git' },
        { name: 'upstream', fetchUrl: 'https://github.com/acme/widgets.git' },
      ],
      GITHUB_DOT_COM,
    );
    expect(r).toEqual({
      ok: true,
      selection: {
        target: { remote: 'upstream', ref: { host: 'github.com', owner: 'acme', repo: 'widgets' } },
        head: { remote: 'origin', ref: { host: 'github.com', owner: 'me', repo: 'widgets' } },
      },
    });
  });
  it('origin only: both are origin', () => {
    const r = selectRemotes([{ name: 'origin', fetchUrl: 'https://github.com/acme/widgets' }], GITHUB_DOT_COM);
    expect(r.ok && r.selection.target).toEqual(r.ok && r.selection.head);
  });
  it('skips non-GitHub remotes and uses the GitHub one', () => {
    const r = selectRemotes(
      [
        { name: 'gitlab', fetchUrl: 'https://gitlab.com/a/b' },
        { name: 'gh', fetchUrl: 'https://github.com/acme/widgets' },
      ],
      GITHUB_DOT_COM,
    );
    expect(r.ok && r.selection.target.remote).toBe('gh');
  });
  it('names the hosts found when none is GitHub, and says when there is no remote', () => {
    const r = selectRemotes([{ name: 'origin', fetchUrl: 'https://gitlab.com/a/b' }], GITHUB_DOT_COM);
    expect(r).toMatchObject({ ok: false, reason: 'not_github' });
    if (!r.ok) expect(r.message).toContain('gitlab.com');
    expect(selectRemotes([], GITHUB_DOT_COM)).toMatchObject({ ok: false, reason: 'no_remote' });
  });
});
