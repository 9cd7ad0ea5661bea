// Which link targets from model output may ever be opened. Kept apart from the Markdown renderer
// so the extension host can check a link without bundling the parser.

import { t } from '../l10n';

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** Why a link target is refused, in words for the user; undefined when it may be opened. */
export function linkRefusal(raw: string): string | undefined {
  // Control characters and whitespace inside a scheme are a classic filter bypass ("java\tscript:").
  const url = raw.trim();
  if (!url) return t('The link is empty: there is nothing to open.');
  if ([...url].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    return t('The link contains control characters, so it is not opened.');
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1].toLowerCase();
  if (!scheme) return t('Only http, https and mailto links are opened from chat answers.');
  if (!ALLOWED_PROTOCOLS.has(`${scheme}:`))
    return t('Links with the "{0}:" scheme are not opened from chat answers.', scheme);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return scheme === 'mailto'
      ? t('The mailto link is malformed, so it is not opened.')
      : t('The {0} link has no valid host name, so there is nothing to open.', scheme);
  }
  if (u.protocol === 'mailto:') {
    // "mailto:" or "mailto:?subject=…" would open an empty message addressed to no one.
    if (!/[^\s,]/.test(safeDecode(u.pathname)))
      return t('The mailto link has no address: there is no one to write to.');
    return undefined;
  }
  if (!u.hostname) return t('The {0} link has no host name, so there is nothing to open.', scheme);
  return undefined;
}

/** True for http(s) URLs with a host and mailto URLs with an address; everything else is refused. */
export function isAllowedLinkUrl(raw: string): boolean {
  return linkRefusal(raw) === undefined;
}

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
