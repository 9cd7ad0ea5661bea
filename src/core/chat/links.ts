// Checking a link from model output before it is opened. The user is shown the real target, and
// characters that could disguise it (zero-width, bidi overrides, soft hyphens, look-alike
// Unicode hosts) are made visible rather than rendered.
import { isAllowedLinkUrl } from './linkPolicy';

/** Zero-width, invisible and direction-changing code points (ranges, inclusive). */
const HIDDEN_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x00ad, 0x00ad], [0x034f, 0x034f], [0x061c, 0x061c], [0x115f, 0x1160], [0x17b4, 0x17b5], [0x180b, 0x180f],
  [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x206f], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff],
  [0xffa0, 0xffa0], [0xfff9, 0xfffb], [0xe0000, 0xe007f],
];

export function isHiddenCodePoint(cp: number): boolean {
  return HIDDEN_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}

export function revealHidden(s: string): { text: string; found: boolean } {
  let found = false;
  let text = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (isHiddenCodePoint(cp)) {
      found = true;
      text += `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`;
    } else text += ch;
  }
  return { text, found };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export type LinkCheck =
  | { ok: true; url: string; /** What to show the user: the parsed URL with hidden characters spelled out. */ display: string; host: string; warnings: string[] }
  | { ok: false; reason: string };

export function checkLink(href: string): LinkCheck {
  if (!isAllowedLinkUrl(href)) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href.trim())?.[1];
    return { ok: false, reason: scheme ? `Links with the "${scheme.toLowerCase()}:" scheme are not opened from chat answers.` : 'Only http, https and mailto links are opened from chat answers.' };
  }
  const u = new URL(href.trim());
  const warnings: string[] = [];
  // The URL parser has already turned a Unicode host into its xn-- form: that is what is shown.
  if (u.hostname.split('.').some((label) => label.startsWith('xn--'))) warnings.push(`The host name uses non-Latin characters; its real form is ${u.hostname}.`);
  if (u.username || u.password) warnings.push(`The link carries a user name before the host ("${u.username}@"): the real host is ${u.hostname}.`);
  const raw = u.toString();
  const revealed = revealHidden(safeDecode(raw));
  if (revealed.found) warnings.push('The link contains invisible or text-direction characters; they are shown as <U+…>.');
  return { ok: true, url: raw, display: revealed.found ? revealed.text : raw, host: u.protocol === 'mailto:' ? u.pathname : u.hostname, warnings };
}
