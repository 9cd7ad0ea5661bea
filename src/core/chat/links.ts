// What a link from model output really does, compared with what its text claims. The renderer
// uses it to put the real host beside a link whose text names another one, and the host's
// confirmation dialog uses it to show target, host and text with every hidden character spelled
// out. Pure and browser-safe.
import { t } from '../l10n';
import { fill, markdownWords, type MarkdownWords } from './strings';
import { isAllowedLinkUrl, linkRefusal, safeDecode } from './linkPolicy';
import { hasInvisible, hostToUnicode, isMixedScript, revealText, scriptsOf, skeleton, stripInvisible } from './unicode';

export { revealText };

/** Kept for callers that want to know whether anything was spelled out. */
export function revealHidden(s: string): { text: string; found: boolean } {
  return { text: revealText(s), found: hasInvisible(s) };
}

export interface LookAlike {
  /** The host as a reader takes it, e.g. `microsoft.com` for `xn--mcrosoft-thh.com`. */
  reads: string;
  /** The scripts mixed in one label, when they are mixed. */
  scripts?: string[];
}

export interface LinkFacts {
  kind: 'web' | 'mail';
  /** The parsed target. */
  url: string;
  /** ASCII host (punycode); for mail, the domain of the first address. */
  host: string;
  /** What to show as the destination: the host, its Unicode form for a harmless IDN, or the mail address(es). */
  shown: string;
  /** A `user@` prefix before the host, spelled out. */
  userinfo?: string;
  lookAlike?: LookAlike;
  /** The host or address the link text names, when the link goes elsewhere. */
  claimed?: string;
  /** The query string (`?…`), spelled out. */
  query?: string;
}

/** Drops the `www.` and a trailing dot that do not change who owns a host. */
function sameSite(host: string): string {
  return host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');
}

/** The ASCII form of a host as the URL parser (IDNA) produces it. */
function asciiHost(host: string): string | undefined {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return undefined;
  }
}

function lookAlikeOf(asciiHostName: string): LookAlike | undefined {
  if (!asciiHostName.split('.').some((l) => l.startsWith('xn--'))) return undefined;
  const unicode = hostToUnicode(asciiHostName);
  const mixed = unicode.split('.').find(isMixedScript);
  const reads = skeleton(unicode);
  if (mixed) return { reads, scripts: scriptsOf(mixed) };
  // A whole label in another script that still reads as Latin ("аррӏе").
  if (reads !== unicode && /^[\x21-\x7e]+$/.test(reads)) return { reads };
  return undefined;
}

const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}\\p{M}-]*[\\p{L}\\p{N}\\p{M}])?';
const DOMAIN = new RegExp(`^(?:${LABEL}\\.)+(?:\\p{L}[\\p{L}\\p{M}]+|xn--[a-z0-9-]+)\\.?$`, 'iu');
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const looksLikeHost = (s: string) => DOMAIN.test(s) || IPV4.test(s) || /^localhost$/i.test(s);

interface Claim {
  shown: string;
  host: string;
  /** The host as a reader takes it (look-alike letters folded), to compare with the target's. */
  reads: string;
  address?: string;
}

/** How a host reads: Unicode letters, look-alikes folded, `www.` and a final dot dropped. */
const readsAs = (asciiHostName: string) => sameSite(skeleton(hostToUnicode(asciiHostName)));

/** Hosts (and mail addresses) the link text names, as a reader would take them. */
export function claimsOf(text: string, kind: 'web' | 'mail'): Claim[] {
  const claims: Claim[] = [];
  const plain = stripInvisible(text)
    .normalize('NFKC')
    .replace(/[\u3002\uff61]/g, '.');
  for (const raw of plain.split(/\s+/)) {
    const word = raw.replace(/^[(<[{"'«‹`]+/, '').replace(/[)>\]}"'»›`.,;:!?]+$/, '');
    if (!word) continue;
    const scheme = /^([a-z][a-z0-9+.-]*):(\/\/)?/i.exec(word);
    if (scheme && !scheme[2] && scheme[1].toLowerCase() !== 'mailto') continue;
    let rest = scheme ? word.slice(scheme[0].length) : word;
    rest = rest.split(/[/?#\\]/, 1)[0];
    let candidate = rest;
    let address: string | undefined;
    const at = rest.lastIndexOf('@');
    if (at >= 0) {
      // "github.com@127.0.0.1" reads as github.com; "me@example.com" is an address at example.com.
      const before = rest.slice(0, at).split(':', 1)[0];
      const after = rest.slice(at + 1);
      if (kind === 'web' && looksLikeHost(before)) candidate = before;
      else {
        candidate = after;
        address = rest.toLowerCase();
      }
    }
    const hostPart = candidate.replace(/:\d*$/, '');
    if (!looksLikeHost(hostPart)) continue;
    const host = asciiHost(hostPart);
    if (host)
      claims.push({
        shown: address ?? hostPart,
        host: sameSite(host),
        reads: sameSite(skeleton(hostPart)),
        ...(address ? { address } : {}),
      });
  }
  return claims;
}

/** Everything the user should see about a link; undefined for a link that is never opened. */
export function linkFacts(href: string, text = ''): LinkFacts | undefined {
  if (!isAllowedLinkUrl(href)) return undefined;
  const u = new URL(href.trim());
  const url = u.toString();
  const query = u.search ? revealText(safeDecode(u.search)) : undefined;
  if (u.protocol === 'mailto:') {
    const recipients = safeDecode(u.pathname)
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    const domains = recipients.map((a) => asciiHost(a.slice(a.lastIndexOf('@') + 1)) ?? '');
    const host = domains[0] ?? '';
    const lower = recipients.map((a) => a.toLowerCase());
    const claimed = claimsOf(text, 'mail').find((c) =>
      c.address ? !lower.includes(c.address) : !domains.some((d) => sameSite(d) === c.host),
    );
    const lookAlike = domains.map(lookAlikeOf).find(Boolean);
    return {
      kind: 'mail',
      url,
      host,
      shown: revealText(recipients.join(', ')),
      ...(lookAlike ? { lookAlike } : {}),
      ...(claimed ? { claimed: revealText(claimed.shown) } : {}),
      ...(query ? { query } : {}),
    };
  }
  const host = u.hostname;
  const lookAlike = lookAlikeOf(host);
  const unicode = hostToUnicode(host);
  const shown = !lookAlike && unicode !== host ? unicode : host;
  // Text that reads as the host the link goes to is honest even when its letters differ ("mіcrosoft.com"
  // in Cyrillic for microsoft.com); a target that is itself a look-alike is flagged on its own.
  const reads = lookAlike ? undefined : readsAs(host);
  const claimed = claimsOf(text, 'web').find((c) => c.host !== sameSite(host) && c.reads !== reads);
  const userinfo =
    u.username || u.password ? revealText(safeDecode(u.username + (u.password ? `:${u.password}` : ''))) : undefined;
  return {
    kind: 'web',
    url,
    host,
    shown,
    ...(userinfo ? { userinfo } : {}),
    ...(lookAlike ? { lookAlike } : {}),
    ...(claimed ? { claimed: revealText(claimed.shown) } : {}),
    ...(query ? { query } : {}),
  };
}

/** The real destination must be shown beside the text: the text names another host, or the host itself deceives. */
export function showsHostBeside(f: LinkFacts): boolean {
  return Boolean(f.claimed || f.userinfo || f.lookAlike);
}

/** The short warning that goes with the host badge. */
export function lookAlikeNote(
  f: LinkFacts,
  w: Pick<MarkdownWords, 'mixedScripts' | 'lookAlike' | 'notTheHost'> = markdownWords(),
): string | undefined {
  if (f.lookAlike?.scripts) return fill(w.mixedScripts, f.lookAlike.scripts.join(' + '), f.lookAlike.reads);
  if (f.lookAlike) return fill(w.lookAlike, f.lookAlike.reads);
  if (f.userinfo) return fill(w.notTheHost, f.userinfo);
  return undefined;
}

export type LinkCheck =
  | {
      ok: true;
      url: string;
      /** The target with hidden characters spelled out. */ display: string;
      host: string;
      facts: LinkFacts;
      warnings: string[];
    }
  | { ok: false; reason: string };

/** The link check the host runs before it opens anything. */
export function checkLink(href: string, text = ''): LinkCheck {
  const refusal = linkRefusal(href);
  const facts = refusal ? undefined : linkFacts(href, text);
  if (!facts) return { ok: false, reason: refusal ?? t('The link cannot be opened.') };
  const warnings: string[] = [];
  if (facts.claimed) warnings.push(t('The link text shows {0}, but the link goes to {1}.', facts.claimed, facts.shown));
  if (facts.userinfo)
    warnings.push(
      t('The link carries a user name before the host ("{0}@"): the real host is {1}.', facts.userinfo, facts.host),
    );
  if (facts.lookAlike?.scripts) {
    warnings.push(
      t(
        'The host {0} mixes {1} letters and reads like {2}: it is a different site.',
        facts.host,
        facts.lookAlike.scripts.reduce((a, b) => t('{0} and {1}', a, b)),
        facts.lookAlike.reads,
      ),
    );
  } else if (facts.lookAlike) {
    warnings.push(
      t(
        'The host {0} is written in letters that look like {1}: it is a different site.',
        facts.host,
        facts.lookAlike.reads,
      ),
    );
  } else if (facts.host !== hostToUnicode(facts.host)) {
    warnings.push(t('The host name uses non-Latin characters; its real form is {0}.', facts.host));
  }
  const revealed = revealHidden(safeDecode(facts.url));
  if (revealed.found)
    warnings.push(t('The link contains invisible or text-direction characters; they are shown as <U+…>.'));
  if (hasInvisible(text))
    warnings.push(t('The link text contains invisible or text-direction characters; they are shown as <U+…>.'));
  return {
    ok: true,
    url: facts.url,
    display: revealed.found ? revealed.text : facts.url,
    host: facts.kind === 'mail' ? facts.shown : facts.host,
    facts,
    warnings,
  };
}

export type LinkDialog =
  | { ok: false; reason: string }
  | { ok: true; url: string; message: string; detail: string; openLabel: string; copyLabel: string; copyText: string };

const MAX_TEXT = 200;

/** The confirmation shown before a link from a chat answer is opened: target, real host, revealed text. */
export function linkDialog(href: string, text = ''): LinkDialog {
  const c = checkLink(href, text);
  if (!c.ok) return c;
  const f = c.facts;
  const flat = text.replace(/[\t\n\r ]+/g, ' ').trim();
  const shownText = flat ? revealText(flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT)}…` : flat) : '';
  const textLine = stripInvisible(flat).trim()
    ? t('Link text: {0}', shownText)
    : shownText
      ? t('Link text: (none, only {0}; the link showed its host instead)', shownText)
      : t('Link text: (none; the link showed its host instead)');
  const hostLine =
    f.kind === 'mail'
      ? t('Address: {0}', f.shown)
      : f.shown !== f.host
        ? t('Host: {0} ({1})', f.shown, f.host)
        : t('Host: {0}', f.shown);
  const lines =
    f.kind === 'mail'
      ? [
          t('This opens your mail client with a new message; nothing is sent until you send it.'),
          hostLine,
          t('Target: {0}', c.display),
          textLine,
        ]
      : [t('Target: {0}', c.display), hostLine, textLine];
  return {
    ok: true,
    url: c.url,
    message:
      f.kind === 'mail' ? t('Write to {0} in your mail client?', f.shown) : t('Open {0} in your browser?', f.host),
    detail: [...lines, ...c.warnings].join('\n\n'),
    openLabel: f.kind === 'mail' ? t('Open Mail Client') : t('Open Link'),
    copyLabel: f.kind === 'mail' ? t('Copy Address') : t('Copy Link'),
    copyText: f.kind === 'mail' ? safeDecode(new URL(c.url).pathname) : c.url,
  };
}
