// How links and images from model output are written into the chat. A link's text may lie, so:
// hidden characters in link text and image alt text are spelled out (`<U+202E>`), the real host
// goes beside a link whose text names another host (or whose host itself deceives), a link with
// nothing visible shows its host as its text, and an image placeholder always shows its host and
// its query. Links never get an `href`: the target waits in `data-href` for the host's dialog.
import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import { linkFacts, lookAlikeNote, showsHostBeside, type LinkFacts } from './links';
import { fill, type MarkdownWords } from './strings';
import { hasVisibleText, revealSegments } from './unicode';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Link text travels to the host for the dialog; more than this is never shown there. */
const MAX_LINK_TEXT = 2000;
/** Queries longer than this are cut in the placeholder (the dialog shows the whole target). */
const MAX_QUERY = 60;

interface LinkMeta {
  inLink?: boolean;
  facts?: LinkFacts;
  text?: string;
  bare?: boolean;
}

const metaOf = (t: Token): LinkMeta => (t.meta ?? {}) as LinkMeta;

/** Text with each hidden code point as a visible, distinctly styled `<U+XXXX>`. */
export function revealHtml(s: string, w: MarkdownWords): string {
  return revealSegments(s)
    .map((seg) =>
      'text' in seg
        ? esc(seg.text)
        : `<span class="md-invisible" title="${esc(fill(w.hiddenCharacter, seg.hidden))}">&lt;${seg.hidden}&gt;</span>`,
    )
    .join('');
}

/** The plain text a run of inline tokens shows (image alt text included). */
function plainText(tokens: Token[]): string {
  let s = '';
  for (const t of tokens) {
    if (t.type === 'text' || t.type === 'code_inline') s += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') s += ' ';
    else if (t.type === 'image') s += plainText(t.children ?? []);
  }
  return s;
}

/** Core rule: works out, for each link, what it claims and where it goes, before anything renders. */
function markLinks(state: StateCore): void {
  for (const block of state.tokens) {
    const children = block.children;
    if (block.type !== 'inline' || !children) continue;
    for (let i = 0; i < children.length; i++) {
      const open = children[i];
      if (open.type !== 'link_open') continue;
      let j = i + 1;
      while (j < children.length && !(children[j].type === 'link_close' && children[j].level === open.level)) j++;
      const inner = children.slice(i + 1, j);
      const text = plainText(inner);
      // An image placeholder inside the link shows its own host, so that host is part of what the
      // link's text claims.
      const shownHosts = inner
        .filter((t) => t.type === 'image')
        .map((t) => linkFacts(String(t.attrGet('src') ?? ''))?.host ?? '');
      const facts = linkFacts(String(open.attrGet('href') ?? ''), [text, ...shownHosts].join(' '));
      for (const t of inner) t.meta = { ...metaOf(t), inLink: true };
      const visible = hasVisibleText(text) || inner.some((t) => t.type === 'image');
      open.meta = { ...metaOf(open), facts, text, bare: !visible && !!facts };
      if (children[j]) children[j].meta = { ...metaOf(children[j]), facts, bare: !visible && !!facts };
      if (!visible && facts) {
        // Nothing a reader could see or click knowingly: the host becomes the text.
        const hostText = new state.Token('text', '', 0);
        hostText.level = open.level + 1;
        hostText.content = facts.shown;
        hostText.meta = { inLink: false };
        children.splice(i + 1, j - i - 1, hostText);
        j = i + 2;
      }
      i = j;
    }
  }
}

function hostBadge(f: LinkFacts, arrow: boolean, w: MarkdownWords): string {
  const note = lookAlikeNote(f, w);
  const label = fill(f.kind === 'mail' ? w.mailGoesTo : w.linkGoesTo, f.shown);
  const warn = note ? ` <span class="md-link-warn"><span aria-hidden="true">⚠ </span>${esc(note)}</span>` : '';
  return `<span class="md-link-host${note ? ' md-link-flagged' : ''}" title="${esc(label)}">${arrow ? '<span aria-hidden="true">→ </span>' : ''}${esc(f.shown)}${warn}</span>`;
}

function imageHtml(src: string, alt: string, inLink: boolean, w: MarkdownWords): string {
  const f = linkFacts(src, alt);
  const altHtml = hasVisibleText(alt)
    ? revealHtml(alt, w)
    : alt
      ? fill(esc(w.imageWithAlt), revealHtml(alt, w))
      : esc(w.image);
  const query = f?.query
    ? ` <span class="md-link-query">${esc(f.query.length > MAX_QUERY ? `${f.query.slice(0, MAX_QUERY)}…` : f.query)}</span>`
    : '';
  const body = `<span class="codicon codicon-file-media" aria-hidden="true"></span> <span class="md-image-alt">${altHtml}</span>${f ? ` ${hostBadge(f, false, w)}` : ''}${query}`;
  // Inside a link the image is part of that link's text, not a second (nested) link.
  if (inLink) return `<span class="md-image">${body}</span>`;
  return `<a class="md-link md-image" role="link" tabindex="0" data-href="${esc(src)}" data-text="${esc(alt.slice(0, MAX_LINK_TEXT))}" title="${esc(fill(w.imageNotLoaded, src))}">${body}</a>`;
}

/** Installs the link rules on a markdown-it instance (after linkify, so autolinks are covered). */
export function installLinkRules(md: MarkdownIt, w: MarkdownWords): void {
  md.core.ruler.push('link_safety', (state) => {
    markLinks(state);
    return true;
  });
  const rules = md.renderer.rules;

  rules.link_open = (tokens, idx) => {
    const t = tokens[idx];
    const href = String(t.attrGet('href') ?? '');
    const m = metaOf(t);
    const cls = m.bare ? 'md-link md-link-bare' : 'md-link';
    const title = m.bare ? fill(w.noVisibleText, href) : href;
    // No href: neither the browser nor the webview's own click handler can follow it.
    return `<a class="${cls}" role="link" tabindex="0" data-href="${esc(href)}" data-text="${esc((m.text ?? '').slice(0, MAX_LINK_TEXT))}" title="${esc(title)}">`;
  };
  rules.link_close = (tokens, idx) => {
    const m = metaOf(tokens[idx]);
    return m.facts && !m.bare && showsHostBeside(m.facts) ? `</a> ${hostBadge(m.facts, true, w)}` : '</a>';
  };

  const text = rules.text;
  rules.text = (tokens, idx, options, env, self) =>
    metaOf(tokens[idx]).inLink
      ? revealHtml(tokens[idx].content, w)
      : text
        ? text(tokens, idx, options, env, self)
        : esc(tokens[idx].content);
  const code = rules.code_inline;
  rules.code_inline = (tokens, idx, options, env, self) =>
    metaOf(tokens[idx]).inLink
      ? `<code>${revealHtml(tokens[idx].content, w)}</code>`
      : code
        ? code(tokens, idx, options, env, self)
        : `<code>${esc(tokens[idx].content)}</code>`;

  rules.image = (tokens, idx) => {
    const t = tokens[idx];
    return imageHtml(String(t.attrGet('src') ?? ''), plainText(t.children ?? []), !!metaOf(t).inLink, w);
  };
}
