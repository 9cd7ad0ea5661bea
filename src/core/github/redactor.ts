// Secrets never leave the machine inside a pull request or a model prompt. Two layers:
//  1. files whose very purpose is secrets (.env, keys, credential stores) never show their diff,
//     only a "suppressed" line;
//  2. in everything else, values shaped like tokens and literal assignments to secret-named keys
//     become [REDACTED] (the one table in ../redact.ts, shared with the log and the exports).
// Over-redacting is cheap (the user can edit the draft); under-redacting is not, so when a rule
// is ambiguous it errs towards hiding. The near-miss tests pin where it must not fire.
import { REDACTED, redactWithCount } from '../redact';

export { REDACTED };

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

/** Redacts token-shaped values and literal secret assignments in free text or a diff line. */
export function redactText(text: string, known: readonly string[] = []): { text: string; count: number } {
  return redactWithCount(text, known);
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
