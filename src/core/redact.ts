// Secrets never reach a log line, a chat export, an error message or a pull request. One table of
// well-known secret shapes serves all of them, so a family added here is hidden everywhere. This
// is the last line of defence: callers should not pass secrets in the first place.
// Over-redacting is cheap (a draft can be edited); under-redacting is not, so an ambiguous rule
// errs towards hiding. Each family has a positive and a near-miss test (test/unit/redact.test.ts).

export const REDACTED = '[REDACTED]';

export interface SecretPattern {
  /** What the family is, for tests and for the reader. */
  name: string;
  /** Global regular expression; group 1, when present, is a prefix that stays visible. */
  re: RegExp;
  /** The replacement of a whole match, when keeping a prefix is not enough. */
  replace?: (match: string, ...groups: string[]) => string;
}

// Keys whose value is a secret when assigned a literal: the key must END with one of these words
// (DB_PASSWORD, githubToken, aws_secret_access_key, "api_key"), so `tokenizer`, `maxTokens` or
// `passwordField` stay. A bare (unquoted) value must end its line or list item, so prose such as
// "the token: see below" stays while `password: hunter2` in YAML does not.
const SECRET_KEY = String.raw`[A-Za-z0-9_.-]*?(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret)`;
const ASSIGNMENT = new RegExp(
  String.raw`(^|[^A-Za-z0-9_])(["']?)(${SECRET_KEY})\2(\s*(?::|=(?![=>~]))\s*)("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\x60[^\x60\n]*\x60|[^\s,;#'"\x60)}\]]+(?=\s*(?:$|[,;#)}\]])))`,
  'gim',
);

/** Values that are not secrets although assigned to a secret-named key: types, references, empties. */
const HARMLESS_VALUE = new RegExp(
  [
    String.raw`^$`,
    String.raw`^(?:string|number|boolean|any|unknown|never|undefined|null|true|false|none|nil|str|int|bytes|object|secretstr)\??$`,
    String.raw`^(?:String|Option|Optional|Secret|SecretStr|Promise|Buffer)\b`,
    String.raw`^\$`, // $VAR, ${VAR}, ${{ secrets.X }}
    String.raw`^(?:process\.env|os\.environ|env\.|secrets\.|vars\.|inputs\.|config\.|settings\.|self\.|this\.)`,
    String.raw`\(`, // a call: getToken(), z.string()
    String.raw`^<[^>]*>$`, // <your-token>
    String.raw`^\*+$`,
    String.raw`^\[REDACTED\]`,
    String.raw`^[{[(]`,
  ].join('|'),
  'i',
);

const unquote = (v: string): string => (/^(["'\x60]).*\1$/s.test(v) ? v.slice(1, -1) : v);

/** The table, in the order it is applied: whole blocks first, then tokens, then assignments. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    name: 'PEM private key block',
    re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)/g,
    replace: () => `-----BEGIN PRIVATE KEY----- ${REDACTED} -----END PRIVATE KEY-----`,
  },
  {
    name: 'URL with credentials',
    re: /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+@/gi,
    replace: (_m, prefix) => `${prefix}${REDACTED}@`,
  },
  { name: 'Anthropic API key', re: /\bsk-ant-[A-Za-z0-9_-]{8,}/g },
  { name: 'OpenAI API key', re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}/g },
  { name: 'GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{20,}/g },
  { name: 'GitHub fine-grained token', re: /\bgithub_pat_[A-Za-z0-9_]{20,}/g },
  { name: 'GitLab personal access token', re: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { name: 'Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { name: 'Slack webhook URL', re: /\bhttps:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{16,}/g },
  { name: 'Stripe secret or restricted key', re: /\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/g },
  { name: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { name: 'npm token', re: /\bnpm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g },
  { name: 'Hugging Face token', re: /\bhf_[A-Za-z0-9]{30,}/g },
  { name: 'SendGrid API key', re: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g },
  { name: 'Twilio API key or account SID', re: /\b(?:SK|AC)[0-9a-f]{32}(?![0-9A-Za-z])/g },
  { name: 'AWS access key id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])/g },
  { name: 'JSON Web Token', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { name: 'Authorization header value', re: /\b((?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{12,}/g },
  { name: 'token in prose or a header', re: /\b(token\s+)[A-Za-z0-9._~+/=-]{16,}/gi },
  { name: 'x-api-key header', re: /(x-api-key["']?\s*[:=]\s*["']?)[A-Za-z0-9._-]{8,}/gi },
  {
    name: 'secret assignment (password=, api_key:, "token": …)',
    re: ASSIGNMENT,
    replace: (m, lead, q, key, sep, value) => {
      if (HARMLESS_VALUE.test(unquote(value).trim())) return m;
      const quote = /^["'\x60]/.test(value) ? value[0] : '';
      return `${lead}${q}${key}${q}${sep}${quote}${REDACTED}${quote}`;
    },
  },
];

/** Redacts exact known values (the user's own keys and tokens), then every family of the table. */
export function redactWithCount(text: string, known: readonly string[] = []): { text: string; count: number } {
  let count = 0;
  let out = text;
  for (const value of known) {
    if (!value || value.length < 6) continue;
    const parts = out.split(value);
    count += parts.length - 1;
    out = parts.join(REDACTED);
  }
  for (const p of SECRET_PATTERNS) {
    out = out.replace(p.re, (...args: unknown[]) => {
      const match = args[0] as string;
      const groups = args.slice(1, -2).map((g) => (typeof g === 'string' ? g : ''));
      const next = p.replace
        ? p.replace(match, ...groups)
        : groups[0] && match.startsWith(groups[0])
          ? `${groups[0]}${REDACTED}`
          : REDACTED;
      if (next !== match) count++;
      return next;
    });
  }
  return { text: out, count };
}

export function redactSecrets(text: string, known: readonly string[] = []): string {
  return redactWithCount(text, known).text;
}
