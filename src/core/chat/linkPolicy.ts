// Which link targets from model output may ever be opened. Kept apart from the Markdown renderer
// so the extension host can check a link without bundling the parser.

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** True for http(s) and mailto URLs; everything else (javascript:, data:, vscode:, file:, command:, relative) is refused. */
export function isAllowedLinkUrl(raw: string): boolean {
  // Control characters and whitespace inside a scheme are a classic filter bypass ("java\tscript:").
  const url = raw.trim();
  if (!url || [...url].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  if (!scheme) return false;
  if (!ALLOWED_PROTOCOLS.has(`${scheme[1].toLowerCase()}:`)) return false;
  try {
    const u = new URL(url);
    return ALLOWED_PROTOCOLS.has(u.protocol) && (u.protocol === 'mailto:' || u.hostname !== '');
  } catch {
    return false;
  }
}
