import { describe, expect, it } from 'vitest';
import { REDACTED, diffHeaderPaths, isSensitivePath, redactDiff, redactText } from '../../../src/core/github/redactor';

const GHP = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const GHO = 'gho_' + 'Z'.repeat(36);
const GHU = 'ghu_' + 'x9'.repeat(18);
const GHS = 'ghs_' + 'abc123'.repeat(6);
const GHR = 'ghr_' + 'Q'.repeat(36);
const PAT = 'github_pat_' + '11ABCDEFG0123456789_' + 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW';
const AKIA = 'AKIA' + 'IOSFODNN7EXAMPLE';

describe('isSensitivePath', () => {
  const sensitive = [
    '.env',
    '.env.local',
    'config/.env.production',
    '.env-staging',
    '.env_test',
    '.envrc',
    '.npmrc',
    'packages/a/.npmrc',
    '.pypirc',
    '.netrc',
    '.git-credentials',
    '.aws/credentials',
    'home/me/.aws/credentials',
    'id_rsa',
    '.ssh/id_dsa',
    'keys/id_ed25519',
    'id_ecdsa',
    'server.pem',
    'certs/client.p12',
    'a/b.pfx',
    'tls/private.key',
    'android/release.jks',
    'app.keystore',
    'secrets/prod.json',
    'config/secrets.yml',
    'secret/token.txt',
    'credentials.json',
    'deploy/credentials/aws.txt',
    'CREDENTIALS',
  ];
  it.each(sensitive)('%s is suppressed', (p) => expect(isSensitivePath(p)).toBe(true));

  const nearMisses = [
    'env.ts',
    'src/env/config.ts',
    '.environment',
    '.envoy.yaml',
    'environment.md',
    'docs/env-vars.md',
    'npmrc.md',
    'npmrc.example.md',
    'id_rsa.pub',
    'docs/id_rsa.md',
    'keys.ts',
    'monkey.js',
    'src/keyboard.ts',
    'key.txt',
    'apikey.md',
    'pem.ts',
    'keys/readme.md',
    'src/secretsManager.ts',
    'docs/secretary.md',
    'src/credentialing.ts',
    'secret-santa/index.ts',
    'aws/creds.md',
    '.aws/config',
    'README.md',
  ];
  it.each(nearMisses)('%s stays', (p) => expect(isSensitivePath(p)).toBe(false));
});

describe('redactText: values', () => {
  const cases: Array<[string, string]> = [
    [`token ${GHP} here`, `token ${REDACTED} here`],
    [`x=${GHO}`, `x=${REDACTED}`],
    [`"${GHU}"`, `"${REDACTED}"`],
    [GHS, REDACTED],
    [`${GHR}.`, `${REDACTED}.`],
    [`use ${PAT} now`, `use ${REDACTED} now`],
    [`aws ${AKIA} key`, `aws ${REDACTED} key`],
    ['export GITHUB_TOKEN=abc123def', `export GITHUB_TOKEN=${REDACTED}`],
    ['DB_PASSWORD=hunter2', `DB_PASSWORD=${REDACTED}`],
    ['password: hunter2', `password: ${REDACTED}`],
    ['  secret: "s3cr3t value"', `  secret: "${REDACTED}"`],
    [`"api_key": "sk_live_0000"`, `"api_key": "${REDACTED}"`],
    [`{"token":"abc","user":"me"}`, `{"token":"${REDACTED}","user":"me"}`],
    [`const accessToken = 'tok_123';`, `const accessToken = '${REDACTED}';`],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG', `aws_secret_access_key = ${REDACTED}`],
    ['private_key=MIIEvQIBADANBg', `private_key=${REDACTED}`],
    ['ACCESS_KEY=xyz', `ACCESS_KEY=${REDACTED}`],
    ['clientSecret: abc-def', `clientSecret: ${REDACTED}`],
    ['Authorization: Bearer abcdefghijklmnop123', `Authorization: Bearer ${REDACTED}`],
    ['https://me:hunter2@example.com/repo.git', `https://me:${REDACTED}@example.com/repo.git`],
    [
      '-----BEGIN RSA PRIVATE KEY-----\nMIIabc\n-----END RSA PRIVATE KEY-----',
      `-----BEGIN PRIVATE KEY----- ${REDACTED} -----END PRIVATE KEY-----`,
    ],
    ['ANTHROPIC=sk-ant-api03-abcdefghijklmnop', `ANTHROPIC=${REDACTED}`],
  ];
  it.each(cases)('%j', (input, expected) => {
    const r = redactText(input);
    expect(r.text).toBe(expected);
    expect(r.count).toBeGreaterThan(0);
  });

  const nearMisses = [
    'const tokenizer = new Tokenizer();',
    'maxTokens: 100',
    'passwordField = document.querySelector("#pw")',
    'token: string;',
    'password?: string',
    'apiKey: string | undefined',
    'const token = getToken();',
    'token = z.string()',
    'if (password === "") return;',
    'password == other',
    'token => token.trim()',
    'password: ${{ secrets.DB_PASSWORD }}',
    'api_key = os.environ["API_KEY"]',
    'token = process.env.GITHUB_TOKEN',
    'GITHUB_TOKEN=$GITHUB_TOKEN',
    'password: <your-password>',
    'secret: ***',
    'Set the token: see the docs below.',
    'ghp_short',
    'ghx_' + 'A'.repeat(36),
    'AKIAEXAMPLE',
    'The secret sauce is tests.',
    'tokens = countTokens(text)',
    'password: null',
    'token: ""',
  ];
  it.each(nearMisses)('%j stays', (input) => {
    const r = redactText(input);
    expect(r.text).toBe(input);
    expect(r.count).toBe(0);
  });

  it('redacts exact known values that have no recognisable shape', () => {
    const r = redactText('my token is plain-opaque-value-42 ok', ['plain-opaque-value-42']);
    expect(r.text).toBe(`my token is ${REDACTED} ok`);
    expect(r.count).toBe(1);
  });
});

describe('redactDiff', () => {
  const diff = [
    'diff --git a/src/app.ts b/src/app.ts',
    'index 111..222 100644',
    '--- a/src/app.ts',
    '+++ b/src/app.ts',
    '@@ -1,2 +1,3 @@',
    ' const a = 1;',
    `+const token = "${GHP}";`,
    '+const tokenizer = new Tokenizer();',
    'diff --git a/.env b/.env',
    'new file mode 100644',
    '--- /dev/null',
    '+++ b/.env',
    '@@ -0,0 +1 @@',
    '+DATABASE_URL=postgres://u:plainpw@db/x',
    'diff --git a/secrets.yml b/config.yml',
    'similarity index 90%',
    'rename from secrets.yml',
    'rename to config.yml',
    '+harmless: but came from a secret file',
    'diff --git a/README.md b/README.md',
    '+Run `npm test`.',
  ].join('\n');

  it('suppresses sensitive files (also renames out of them) and masks values elsewhere', () => {
    const r = redactDiff(diff);
    expect(r.suppressed).toEqual(['.env', 'config.yml']);
    expect(r.diff).toContain('[diff suppressed: .env may contain secrets]');
    expect(r.diff).not.toContain('plainpw');
    expect(r.diff).not.toContain('came from a secret file');
    expect(r.diff).not.toContain(GHP);
    expect(r.diff).toContain(`+const token = "${REDACTED}";`);
    expect(r.diff).toContain('+const tokenizer = new Tokenizer();');
    expect(r.diff).toContain('+Run `npm test`.');
    expect(r.redactions).toBe(1);
  });

  it('hides every line of a private key block added in a diff, and only those', () => {
    const r = redactDiff(
      [
        'diff --git a/docs/k.md b/docs/k.md',
        '+-----BEGIN OPENSSH PRIVATE KEY-----',
        '+b3BlbnNzaC1rZXktdjEAAAAA',
        '+-----END OPENSSH PRIVATE KEY-----',
        '+after the key',
      ].join('\n'),
    );
    expect(r.diff).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA');
    expect(r.diff).toContain('+after the key');
    expect(r.redactions).toBeGreaterThanOrEqual(2);
  });

  it('reads both paths of a header, including paths with spaces', () => {
    expect(diffHeaderPaths('diff --git a/my file.txt b/my file.txt')).toEqual({
      from: 'my file.txt',
      to: 'my file.txt',
    });
    expect(diffHeaderPaths('diff --git a/x/.env b/x/.env')).toEqual({ from: 'x/.env', to: 'x/.env' });
  });
});
