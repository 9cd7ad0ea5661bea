// GitHub sign-in rules, proved without VS Code: silent unless the user asked, the preferred source
// first, a 401 prompts only after a user action and at most once per cooldown (a fake clock), a
// change of account refreshes the view in the background, and a token is stored only after the
// fake GitHub accepted it on GET /user through the real Octokit client.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  afterAuthChange,
  authProviderId,
  checkToken,
  credentialsChanged,
  forgetToken,
  pickCredentials,
  REAUTH_COOLDOWN_MS,
  ReauthGate,
  resolvePlan,
  sessionRequest,
  SILENT_TIMEOUT_MS,
  verifyAndStoreToken,
  type Credentials,
  type SessionTrigger,
} from '../../../src/core/github/authPolicy';
import { GITHUB_AUTH, tokenSecretKey, type AuthPref } from '../../../src/core/github/authRecords';
import { endpointsFor, type GitHubEndpoints } from '../../../src/core/github/remote';
import { silentLogger, type SecretStore } from '../../../src/core/ports';
import { RecordStore } from '../../../src/core/state/record';
import { createGitHubApi } from '../../../src/host/github/octokit';
import {
  DEFAULT_LOGIN,
  DEFAULT_TOKEN,
  OTHER_LOGIN,
  OTHER_TOKEN,
  startGitHubServer,
  type GitHubServer,
} from '../../fakes/githubServer.mjs';
import { MemoryKv } from '../support/memoryKv';

const pat: Credentials = { token: 'ghp_pat', login: 'pat-user', source: 'pat', host: 'github.com' };
const session: Credentials = { token: 'gho_session', login: 'session-user', source: 'session', host: 'github.com' };
const prefer = (p: AuthPref['prefer']): AuthPref => ({ prefer: p, patLogins: {} });

describe('when a session may show UI', () => {
  it.each<SessionTrigger>(['start', 'sessionsChanged', 'settingChanged', 'tokenCleared'])('%s asks silently', (t) => {
    expect(sessionRequest(t)).toEqual({ silent: true });
  });
  it('Sign in to GitHub asks interactively (creates a session if none)', () => {
    expect(sessionRequest('signIn')).toEqual({ createIfNone: true });
  });
  it('the re-auth prompt forces a new session (the old one was rejected)', () => {
    const r = sessionRequest('reauth');
    expect('forceNewSession' in r && r.forceNewSession.detail).toMatch(/no longer valid/);
  });
  it('the provider follows the host', () => {
    expect(authProviderId(false)).toBe('github');
    expect(authProviderId(true)).toBe('github-enterprise');
  });
});

describe('which credentials win', () => {
  it('the last explicit choice first, the other as fallback', () => {
    expect(pickCredentials(prefer('pat'), pat, session)).toBe(pat);
    expect(pickCredentials(prefer('session'), pat, session)).toBe(session);
    expect(pickCredentials(prefer('session'), pat, undefined)).toBe(pat);
    expect(pickCredentials(prefer('pat'), undefined, session)).toBe(session);
    expect(pickCredentials(prefer('pat'), undefined, undefined)).toBeUndefined();
  });
  it('a preferred stored token skips the session lookup; a token to fall back on shortens the wait', () => {
    expect(resolvePlan(prefer('pat'), true)).toEqual({ askSession: false, timeoutMs: 0 });
    expect(resolvePlan(prefer('session'), true)).toEqual({ askSession: true, timeoutMs: SILENT_TIMEOUT_MS });
    expect(resolvePlan(prefer('pat'), false)).toEqual({ askSession: true, timeoutMs: 2 * SILENT_TIMEOUT_MS });
  });
  it('re-resolving is news when the token or login changed, after a rejection, and the first time', () => {
    const settled = { rejected: false, resolved: true };
    expect(credentialsChanged(pat, { ...pat }, settled)).toBe(false);
    expect(credentialsChanged(pat, session, settled)).toBe(true);
    expect(credentialsChanged(pat, { ...pat, login: 'renamed' }, settled)).toBe(true);
    expect(credentialsChanged(pat, undefined, settled)).toBe(true);
    expect(credentialsChanged(pat, { ...pat }, { rejected: true, resolved: true })).toBe(true);
    expect(credentialsChanged(undefined, undefined, { rejected: false, resolved: false })).toBe(true);
    expect(credentialsChanged(undefined, undefined, settled)).toBe(false);
  });
});

describe('sign-out and account changes', () => {
  it('another account or none clears the list; the same account keeps it', () => {
    expect(afterAuthChange('octocat', 'hubot').clearList).toBe(true);
    expect(afterAuthChange('octocat', undefined).clearList).toBe(true);
    expect(afterAuthChange(undefined, 'octocat').clearList).toBe(true);
    expect(afterAuthChange('octocat', 'octocat').clearList).toBe(false);
  });
  it('every change leads to a refresh, always a background one (never a prompt by itself)', () => {
    for (const [a, b] of [
      ['octocat', 'hubot'],
      ['octocat', undefined],
      [undefined, 'octocat'],
      ['octocat', 'octocat'],
    ] as const) {
      expect(afterAuthChange(a, b).refresh).toBe('background');
    }
  });
});

describe('a 401 and the re-auth prompt', () => {
  let now: number;
  let gate: ReauthGate;
  beforeEach(() => {
    now = 1_000_000;
    gate = new ReauthGate(() => now);
  });

  it('from a background refresh never prompts, however often', () => {
    for (let i = 0; i < 5; i++) {
      expect(gate.decide(false, true)).toBe('background');
      now += REAUTH_COOLDOWN_MS;
    }
    // ...and did not use up the user's prompt.
    expect(gate.decide(true, true)).toBe('prompted');
  });

  it('without credentials nothing happens', () => {
    expect(gate.decide(true, false)).toBe('noCredentials');
    expect(gate.decide(true, true)).toBe('prompted');
  });

  it('from a user action prompts once; concurrent failures join it; a second 401 inside the cooldown does not prompt; after it, one may', () => {
    expect(gate.decide(true, true)).toBe('prompted');
    expect(gate.decide(true, true)).toBe('joined');
    now += 5_000;
    gate.closed();
    expect(gate.decide(true, true)).toBe('cooldown');
    now += REAUTH_COOLDOWN_MS - 5_000 - 1;
    expect(gate.decide(true, true)).toBe('cooldown');
    now += 1;
    expect(gate.decide(true, true)).toBe('prompted');
    gate.closed();
    expect(gate.decide(true, true)).toBe('cooldown');
  });

  it('the cooldown runs from when the prompt was shown, not from when it was answered', () => {
    expect(gate.decide(true, true)).toBe('prompted');
    now += REAUTH_COOLDOWN_MS + 10;
    // A prompt left open past the cooldown is still the one prompt: later failures join it.
    expect(gate.decide(true, true)).toBe('joined');
    gate.closed();
    expect(gate.decide(true, true)).toBe('prompted');
  });

  it('the cooldown is one minute by default', () => {
    expect(new ReauthGate().cooldownMs).toBe(60_000);
  });
});

class MemorySecrets implements SecretStore {
  readonly map = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.map.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.map.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }
}

describe('checking a personal access token (real Octokit against the fake GitHub)', () => {
  let server: GitHubServer;
  let ep: GitHubEndpoints;
  let secrets: MemorySecrets;
  let kv: MemoryKv;
  let records: RecordStore;
  const api = (token: string) => createGitHubApi({ token, endpoints: ep, log: silentLogger, retryBaseMs: 1 });

  beforeAll(async () => {
    server = await startGitHubServer();
    const r = endpointsFor(server.url);
    if (!r.ok) throw new Error(r.message);
    ep = r.endpoints;
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.clearFaults();
    secrets = new MemorySecrets();
    kv = new MemoryKv();
    records = new RecordStore(kv, silentLogger);
  });

  it('a token GitHub rejects is not stored: one GET /user, Bad credentials, nothing written', async () => {
    const bad = 'ghp_' + 'x'.repeat(36);
    const before = server.count('user');
    const r = await verifyAndStoreToken({ secrets, records }, api(bad), ep.host, bad);
    expect(server.count('user') - before).toBe(1);
    expect(server.requests.at(-1)!.path).toBe('/api/v3/user');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('unauthorized');
    expect(r.message).toBe(`${ep.host} rejected this token (Bad credentials). Nothing was saved.`);
    expect(secrets.map.size).toBe(0);
    expect(kv.map.size).toBe(0);
    expect(records.read(GITHUB_AUTH)).toEqual({ prefer: 'session', patLogins: {} });
  });

  it('a check that fails for another reason stores nothing either, and says what to do (no retries: one request)', async () => {
    server.fault('user', 'badGateway', { times: 5 });
    const before = server.count('user');
    const r = await verifyAndStoreToken({ secrets, records }, api(DEFAULT_TOKEN), ep.host, DEFAULT_TOKEN);
    expect(server.count('user') - before).toBe(1);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).not.toBe('unauthorized');
    expect(r.message).toContain('Nothing was saved.');
    expect(r.message).toContain(r.error.remediation);
    expect(secrets.map.size).toBe(0);
    expect(kv.map.size).toBe(0);
  });

  it('an accepted token is stored under its host with its login, and becomes the preferred source', async () => {
    const r = await verifyAndStoreToken({ secrets, records }, api(DEFAULT_TOKEN), ep.host, DEFAULT_TOKEN);
    expect(r).toEqual({ ok: true, login: DEFAULT_LOGIN });
    expect(secrets.map.get(tokenSecretKey(ep.host))).toBe(DEFAULT_TOKEN);
    expect(records.read(GITHUB_AUTH)).toEqual({ prefer: 'pat', patLogins: { [ep.host]: DEFAULT_LOGIN } });
    // The token lives in the secret store only.
    expect(JSON.stringify([...kv.map.values()])).not.toContain(DEFAULT_TOKEN);
    // The check sent the token in the Authorization header of GET /user.
    expect(server.requests.at(-1)!.headers.authorization).toBe(`token ${DEFAULT_TOKEN}`);
  });

  it('checkToken alone never writes', async () => {
    expect(await checkToken(api(OTHER_TOKEN), ep.host)).toEqual({ ok: true, login: OTHER_LOGIN });
    expect(secrets.map.size + kv.map.size).toBe(0);
  });

  it('a rejected token leaves the previous one in place', async () => {
    await verifyAndStoreToken({ secrets, records }, api(DEFAULT_TOKEN), ep.host, DEFAULT_TOKEN);
    const bad = 'ghp_' + 'y'.repeat(36);
    const r = await verifyAndStoreToken({ secrets, records }, api(bad), ep.host, bad);
    expect(r.ok).toBe(false);
    expect(secrets.map.get(tokenSecretKey(ep.host))).toBe(DEFAULT_TOKEN);
    expect(records.read(GITHUB_AUTH).patLogins[ep.host]).toBe(DEFAULT_LOGIN);
  });

  it('Clear GitHub Token removes the token and its login, prefers the VS Code account again, and says whether one was there', async () => {
    await records.write(GITHUB_AUTH, { prefer: 'pat', patLogins: { 'other.example': 'someone' } });
    await verifyAndStoreToken({ secrets, records }, api(DEFAULT_TOKEN), ep.host, DEFAULT_TOKEN);
    expect(await forgetToken({ secrets, records }, ep.host)).toBe(true);
    expect(secrets.map.has(tokenSecretKey(ep.host))).toBe(false);
    expect(records.read(GITHUB_AUTH)).toEqual({ prefer: 'session', patLogins: { 'other.example': 'someone' } });
    expect(await forgetToken({ secrets, records }, ep.host)).toBe(false);
  });
});
