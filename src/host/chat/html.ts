// The chat panel's HTML and its Content Security Policy. No `vscode` import: the browser tests
// and the bench load the very same page into Chromium.

/**
 * Nothing loads unless listed: scripts only with this render's nonce, styles and fonts only from
 * the webview's own resource origin, no images, frames, connections, forms or <base>.
 */
export function chatCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    "img-src 'none'",
    "media-src 'none'",
    "connect-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export interface ChatHtmlOptions {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  /** Extra script tags placed before the app (tests inject their fake VS Code API here). */
  preludeScripts?: string[];
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function chatHtml(o: ChatHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce))
    throw new Error('chatHtml: the nonce must be at least 16 base64 characters');
  const prelude = (o.preludeScripts ?? [])
    .map((src) => `<script nonce="${o.nonce}" src="${attr(src)}"></script>`)
    .join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(chatCsp(o.cspSource, o.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="stylesheet" href="${attr(o.codiconUri)}">
    <link rel="stylesheet" href="${attr(o.styleUri)}">
    <title>Kata Cloud Chat</title>
  </head>
  <body>
    <div id="app" class="app" aria-busy="true"></div>
    ${prelude}
    <script nonce="${o.nonce}" src="${attr(o.scriptUri)}"></script>
  </body>
</html>`;
}
