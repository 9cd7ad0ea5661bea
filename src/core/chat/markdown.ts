// Markdown for model output, which is untrusted. Raw HTML is off, so every tag in the output is
// one this renderer wrote. Links never get an `href`: they carry the target in `data-href` and
// open only through the host, after the user has seen the real target. Images never load: they
// become placeholders that show their host. Nothing writes a `style` attribute (the panel's CSP
// has no 'unsafe-inline').
import markdownIt, { type MarkdownIt } from 'markdown-it';
import { isAllowedLinkUrl } from './linkPolicy';
import { installLinkRules } from './linkRender';
import { markdownWords, type MarkdownWords } from './strings';

// Re-exported for callers that already render markdown; host code imports ./linkPolicy directly so
// the host bundle does not carry the markdown parser.
export { isAllowedLinkUrl };

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Only a plain language id reaches a class name or a label. */
export function languageOf(info: string): string {
  const first = info.trim().split(/\s+/, 1)[0] ?? '';
  return /^[A-Za-z0-9_+#.-]{1,32}$/.test(first) ? first : '';
}

/** The code-block frame: language label, the three actions, then the code. */
export function codeBlockHtml(code: string, lang: string, words: MarkdownWords = markdownWords()): string {
  const actions: ReadonlyArray<[action: string, icon: string, label: string]> = [
    ['copy', 'copy', escapeHtml(words.copy)],
    ['insert', 'insert', escapeHtml(words.insertAtCursor)],
    ['open', 'go-to-file', escapeHtml(words.openInNewEditor)],
  ];
  const buttons = actions
    .map(
      ([action, icon, label]) =>
        `<button type="button" class="code-action" data-action="${action}" title="${label}" aria-label="${label}"><span class="codicon codicon-${icon}" aria-hidden="true"></span></button>`,
    )
    .join('');
  const langLabel = escapeHtml(lang || words.plainText);
  const cls = lang ? ` class="language-${escapeHtml(lang)}"` : '';
  return `<div class="code-block" data-lang="${lang ? escapeHtml(lang) : ''}"><div class="code-header"><span class="code-lang">${langLabel}</span><span class="code-actions">${buttons}</span></div><pre><code${cls}>${escapeHtml(code)}</code></pre></div>\n`;
}

/** Deeper than this (50 nested lists need 100), markdown-it would silently drop the rest of the block. */
export const MAX_NESTING = 160;

/** `words`: the labels it writes, from the chat's strings table in the webview. */
export function createMarkdown(words: MarkdownWords = markdownWords()): MarkdownIt {
  const md = markdownIt({ html: false, linkify: true, typographer: false, breaks: false, maxNesting: MAX_NESTING });
  md.linkify.set({ fuzzyEmail: false });
  md.validateLink = isAllowedLinkUrl;
  const rules = md.renderer.rules;

  // Links and images: real host beside lying text, hidden characters spelled out (linkRender.ts).
  installLinkRules(md, words);

  rules.fence = (tokens, idx) => codeBlockHtml(tokens[idx].content, languageOf(tokens[idx].info), words);
  rules.code_block = (tokens, idx) => codeBlockHtml(tokens[idx].content, '', words);

  // Table alignment as a class, not an inline style the CSP would block.
  for (const name of ['th_open', 'td_open'] as const) {
    rules[name] = (tokens, idx, options, _env, self) => {
      const t = tokens[idx];
      const raw = t.attrGet('style');
      if (raw !== null) {
        const style = String(raw);
        t.attrs = (t.attrs ?? []).filter(([k]) => k !== 'style');
        const m = /text-align:(left|right|center)/.exec(style);
        if (m) t.attrJoin('class', `align-${m[1]}`);
      }
      return self.renderToken(tokens, idx, options);
    };
  }
  return md;
}

/**
 * Renders a block, or says it cannot: a block nested past the limit would lose text, so the
 * caller shows it as plain text instead.
 */
export function renderBlock(
  md: MarkdownIt,
  text: string,
  env: Record<string, unknown> = {},
): { html: string } | { plain: true } {
  const tokens = md.parse(text, env);
  if (tokens.some((t) => t.level >= MAX_NESTING - 2 || (t.children ?? []).some((c) => c.level >= MAX_NESTING - 2)))
    return { plain: true };
  return { html: md.renderer.render(tokens, md.options, env) };
}
