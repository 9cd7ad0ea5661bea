// Secrets never leave the machine inside a pull request or a model prompt. Two layers:
//  1. files whose very purpose is secrets (.env, keys, credential stores) never show their diff,
//     only a "suppressed" line;
//  2. in everything else, values shaped like tokens and literal assignments to secret-named keys
//     become [REDACTED].
// Over-redacting is cheap (the user can edit the draft); under-redacting is not, so when a rule
// is ambiguous it errs towards hiding. The near-miss tests pin where it must not fire.
import { redactSecrets } from '../redact';

export const REDACTED = '[REDACTED]';

const SENSITIVE_BASENAMES: RegExp[] = [
  /^\.env(?:$|[.\-_])/i, // .env, .env.local, .env-prod, .env_test
  /^\.envrc$/i,
  /^\.npmrc$/i,
  /^\.pypirc$/i,
  /^\.netrc$/i,
  /^\.git-credentials$/i,
  /^id_(?:rsa|dsa|ecdsa|ed25519)$/i, // private halves only: id_rsa.pub is public
  /\.(?:pem|p12|pfx|key|jks|keystore)$/i,
];

/** Path segments (file stem or directory) that name a secret store. */
const SENSITIVE_SEGMENT = /^(?:secrets?|credentials?)$/i;

/** True for files whose diff must never be shown (matched on the repository-relative path). */
export function isSensitivePath(path: string): boolean {
  const parts = path.replace(/\\/g, '/').split('/').filter(Boolean);
  const base = parts[parts.length - 1] ?? '';
  if (SENSITIVE_BASENAMES.some((re) => re.test(base))) return true;
  if (/(^|\/)\.aws\/credentials$/i.test(parts.join('/'))) return true;
  return parts.some((seg, i) => SENSITIVE_SEGMENT.test(i === parts.length - 1 ? seg.replace(/\.[^.]*$/, '') : seg));
}

export const suppressedLine = (path: string): string => `[diff suppressed: ${path} may contain secrets]`;

// A bare (unquoted) value must end its line or list item, so prose such as "the token: see
// below" stays while `password: hunter2` in YAML does not.
// Keys whose value is a secret when assigned a literal: the key must END with one of these words
// (DB_PASSWORD, githubToken, aws_secret_access_key, "api_key"), so `tokenizer`, `maxTokens` or
// `passwordField` stay.
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
    String.raw`^\[REDACTED\]$`,
    String.raw`^[{[(]`,
  ].join('|'),
  'i',
);

const unquote = (v: string): string => (/^(["'\x60]).*\1$/s.test(v) ? v.slice(1, -1) : v);

/** Redacts token-shaped values and literal secret assignments in free text or a diff line. */
export function redactText(text: string, known: readonly string[] = []): { text: string; count: number } {
  let count = 0;
  const countingReplace = (s: string, re: RegExp, fn: (...m: string[]) => string): string =>
    s.replace(re, (...m: string[]) => {
      const out = fn(...m);
      if (out !== m[0]) count++;
      return out;
    });
  let out = text;
  // PEM private key blocks, whole.
  out = countingReplace(out, /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)/g, () => `-----BEGIN PRIVATE KEY----- ${REDACTED} -----END PRIVATE KEY-----`);
  out = countingReplace(out, /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, () => REDACTED);
  out = countingReplace(out, /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g, () => REDACTED);
  out = countingReplace(out, /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, () => REDACTED);
  out = countingReplace(out, /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{12,}/g, (_m, scheme) => `${scheme} ${REDACTED}`);
  out = countingReplace(out, /(\/\/[^/\s:@]+:)[^@\s/]+@/g, (_m, prefix) => `${prefix}${REDACTED}@`); // https://user:pass@host
  out = countingReplace(out, ASSIGNMENT, (m, lead, q, key, sep, value) => {
    const inner = unquote(value).trim();
    if (HARMLESS_VALUE.test(inner)) return m;
    const quote = /^["'\x60]/.test(value) ? value[0] : '';
    return `${lead}${q}${key}${q}${sep}${quote}${REDACTED}${quote}`;
  });
  // Provider keys and any exact values the caller knows (the user's own tokens), last.
  const marks = (s: string) => s.split(REDACTED).length - 1;
  const before = marks(out);
  out = redactSecrets(out, known);
  count += Math.max(0, marks(out) - before);
  return { text: out, count };
}

export interface DiffRedaction {
  diff: string;
  /** Files whose whole diff was replaced by a suppressed line. */
  suppressed: string[];
  /** Values replaced by [REDACTED]. */
  redactions: number;
}

/** The two paths a `diff --git a/X b/Y` header names (old and new side, unquoted). */
export function diffHeaderPaths(header: string): { from: string; to: string } {
  const m = /^diff --git "?a\/(.*?)"? "?b\/(.*?)"?$/.exec(header);
  const fallback = header.replace(/^diff --git /, '').trim();
  return { from: (m?.[1] ?? fallback).trim(), to: (m?.[2] ?? fallback).trim() };
}

const PEM_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
const PEM_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

/** Redacts a unified diff (as printed by `git diff`): sensitive files suppressed, values masked. */
export function redactDiff(diff: string, known: readonly string[] = []): DiffRedaction {
  const out: string[] = [];
  const suppressed: string[] = [];
  let redactions = 0;
  let skipping = false;
  // Lines are redacted one at a time, so a private key block would keep its body lines.
  let inKey = false;
  for (const line of diff.split('\n')) {
    const r = redactText(line, known);
    if (line.startsWith('diff --git ')) {
      inKey = false;
      const { from, to } = diffHeaderPaths(line);
      // A rename out of a secret file still carries its content: check both sides.
      skipping = isSensitivePath(to) || isSensitivePath(from);
      out.push(r.text);
      if (skipping) {
        suppressed.push(to);
        out.push(suppressedLine(to));
      }
      continue;
    }
    if (skipping) continue;
    if (inKey) {
      inKey = !PEM_END.test(line);
      redactions++;
      out.push(`${line.charAt(0)}${REDACTED}`);
      continue;
    }
    inKey = PEM_BEGIN.test(line) && !PEM_END.test(line);
    redactions += r.count;
    out.push(r.text);
  }
  return { diff: out.join('\n'), suppressed, redactions };
}
