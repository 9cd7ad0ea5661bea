// The one table of secret shapes (src/core/redact.ts): each family hides its positive sample and
// leaves a near miss alone. The same table serves the log, chat exports and pull-request drafts.
import { describe, expect, it } from 'vitest';
import { redactText } from '../../src/core/github/redactor';
import { REDACTED, redactSecrets, redactWithCount, SECRET_PATTERNS } from '../../src/core/redact';

// Sample values are made up; where a shape allows letters they say FAKE.
const CASES: { family: string; secret: string; text: string; nearMiss: string }[] = [
  {
    family: 'PEM private key block',
    secret: 'MIIEFAKEkeyBODY',
    text: '-----BEGIN RSA PRIVATE KEY-----\nMIIEFAKEkeyBODY\n-----END RSA PRIVATE KEY-----',
    nearMiss: '-----BEGIN PUBLIC KEY-----\nMIIBIjANFAKEpublic\n-----END PUBLIC KEY-----',
  },
  {
    family: 'URL with credentials',
    secret: 'hunter2FAKE',
    text: 'git clone https://ada:hunter2FAKE@example.com/r.git',
    nearMiss: 'see https://example.com:8443/path?user=ada',
  },
  {
    family: 'Anthropic API key',
    secret: 'sk-ant-api03-FAKE0123456789abcdef',
    text: 'key sk-ant-api03-FAKE0123456789abcdef',
    nearMiss: 'the sk-ant- prefix',
  },
  {
    family: 'OpenAI API key',
    secret: 'sk-proj-FAKE0123456789abcdefgh',
    text: 'OPENAI sk-proj-FAKE0123456789abcdefgh',
    nearMiss: 'task-runner sk-short',
  },
  {
    family: 'GitHub token',
    secret: 'ghp_FAKE0123456789abcdefghijklmnopqrst',
    text: 'token ghp_FAKE0123456789abcdefghijklmnopqrst',
    nearMiss: 'ghp_short and gh_FAKE0123456789abcdefghijkl',
  },
  {
    family: 'GitHub fine-grained token',
    secret: 'github_pat_FAKE0123456789abcdefghij_klmn',
    text: 'github_pat_FAKE0123456789abcdefghij_klmn',
    nearMiss: 'the github_pat_ prefix',
  },
  {
    family: 'GitLab personal access token',
    secret: 'glpat-FAKE0123456789abcdefgh',
    text: 'glpat-FAKE0123456789abcdefgh',
    nearMiss: 'glpat-short1234',
  },
  {
    family: 'Slack token',
    secret: 'xoxb-1234567890-FAKE0123456789',
    text: 'SLACK xoxb-1234567890-FAKE0123456789',
    nearMiss: 'xoxz-1234567890-FAKE0123456789 and xoxb-short',
  },
  {
    family: 'Slack webhook URL',
    secret: 'T00000000/B00000000/FAKEFAKEFAKEFAKEFAKEFAKE',
    text: 'post to https://hooks.slack.com/services/T00000000/B00000000/FAKEFAKEFAKEFAKEFAKEFAKE',
    nearMiss: 'see https://hooks.slack.com/services/ for setup',
  },
  {
    family: 'Stripe secret or restricted key',
    secret: 'sk_live_FAKE0123456789abcdef',
    text: 'stripe sk_live_FAKE0123456789abcdef and rk_live_FAKE0123456789abcdef',
    nearMiss: 'pk_live_FAKE0123456789abcdef is public; sk_live_short',
  },
  {
    family: 'Google API key',
    secret: 'AIzaSyFAKE0123456789abcdefghijklmnopqrs',
    text: 'maps AIzaSyFAKE0123456789abcdefghijklmnopqrs',
    nearMiss: 'AIzaSyFAKE0123456789',
  },
  {
    family: 'npm token',
    secret: 'npm_FAKE0123456789abcdefghijklmnopqrstu',
    text: '//registry/:_authToken=npm_FAKE0123456789abcdefghijklmnopqrstu',
    nearMiss: 'npm_config_user_agent and npm_FAKE0123',
  },
  {
    family: 'Hugging Face token',
    secret: 'hf_FAKE0123456789abcdefghijklmnopqrst',
    text: 'HF hf_FAKE0123456789abcdefghijklmnopqrst',
    nearMiss: 'hf_transfer hf_FAKE0123',
  },
  {
    family: 'SendGrid API key',
    secret: 'SG.FAKE0123456789abcdef.FAKE0123456789abcdefghijklmnop',
    text: 'mail SG.FAKE0123456789abcdef.FAKE0123456789abcdefghijklmnop',
    nearMiss: 'SG.config.load and SG.short.short',
  },
  {
    family: 'Twilio API key or account SID',
    secret: 'SK0123456789abcdef0123456789abcdef',
    text: 'twilio SK0123456789abcdef0123456789abcdef',
    nearMiss: 'SK0123456789abcdef0123456789abcde (31 hex) and SKU0123',
  },
  {
    family: 'AWS access key id',
    secret: 'AKIAFAKE0123456789AB',
    text: 'aws AKIAFAKE0123456789AB',
    nearMiss: 'AKIAFAKE0123 and AKIAfake0123456789ab',
  },
  {
    family: 'JSON Web Token',
    secret: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJGQUtFIn0.FAKEsignature0123',
    text: 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJGQUtFIn0.FAKEsignature0123',
    nearMiss: 'eyJhbGciOiJIUzI1NiJ9 alone is a header',
  },
  {
    family: 'Authorization header value',
    secret: 'FAKEbearer0123456789',
    text: 'Authorization: Bearer FAKEbearer0123456789',
    nearMiss: 'Bearer short',
  },
  {
    family: 'token in prose or a header',
    secret: 'FAKEtoken0123456789ab',
    text: 'Authorization: token FAKEtoken0123456789ab',
    nearMiss: 'the token is optional',
  },
  {
    family: 'x-api-key header',
    secret: 'FAKEapikey0123',
    text: 'x-api-key: FAKEapikey0123',
    nearMiss: 'send the x-api-key header',
  },
  {
    family: 'secret assignment (password=, api_key:, "token": …)',
    secret: 'hunter2FAKE',
    text: 'DB_PASSWORD=hunter2FAKE\naws_secret_access_key = "hunter2FAKE"',
    nearMiss: 'password: string\nmaxTokens = 4096\napi_key = process.env.API_KEY',
  },
];

describe('the secret table', () => {
  it('has a positive and a near-miss case for every family, and no case without a family', () => {
    expect(CASES.map((c) => c.family).sort()).toEqual(SECRET_PATTERNS.map((p) => p.name).sort());
    expect(SECRET_PATTERNS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CASES)('$family: hidden', ({ secret, text }) => {
    const r = redactWithCount(text);
    expect(r.text).not.toContain(secret);
    expect(r.text).toContain(REDACTED);
    expect(r.count).toBeGreaterThan(0);
  });

  it.each(CASES)('$family: a near miss stays', ({ nearMiss }) => {
    expect(redactSecrets(nearMiss)).toBe(nearMiss);
  });

  it('the log and exports (redactSecrets) and PR drafts (redactText) hide the same values', () => {
    const all = CASES.map((c) => c.text).join('\n');
    const exported = redactSecrets(all);
    const drafted = redactText(all).text;
    for (const c of CASES) {
      expect(exported).not.toContain(c.secret);
      expect(drafted).not.toContain(c.secret);
    }
    expect(drafted).toBe(exported);
  });

  it('exact known values are hidden even without a known shape, and counted', () => {
    const r = redactWithCount('id FAKE-shapeless-value twice: FAKE-shapeless-value', ['FAKE-shapeless-value']);
    expect(r.text).toBe(`id ${REDACTED} twice: ${REDACTED}`);
    expect(r.count).toBe(2);
  });
});
