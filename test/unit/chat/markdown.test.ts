import { describe, expect, it } from 'vitest';
import { createMarkdown, isAllowedLinkUrl, languageOf } from '../../../src/core/chat/markdown';

const md = createMarkdown();
const render = (s: string) => md.render(s);

/** Every tag name and attribute name in the output: the renderer may only produce these. */
function tagsAndAttrs(html: string): { tags: Set<string>; attrs: Set<string> } {
  const tags = new Set<string>();
  const attrs = new Set<string>();
  for (const m of html.matchAll(/<([a-zA-Z0-9]+)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    tags.add(m[1].toLowerCase());
    for (const a of m[2].matchAll(/\s([^\s=>]+)(?:="[^"]*")?/g)) attrs.add(a[1].toLowerCase());
  }
  return { tags, attrs };
}

const HOSTILE = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '<svg onload="window.__pwned=1"><circle/></svg>',
  '<iframe src="javascript:window.__pwned=1"></iframe>',
  '[click](javascript:window.__pwned=1)',
  '[click](JaVaScRiPt:alert(1))',
  '[click](java\tscript:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[cmd](vscode://settings/foo) [cmd2](command:workbench.action.reloadWindow) [f](file:///etc/passwd)',
  '&lt;script&gt;window.__pwned=1&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;',
  '![exfil](http://127.0.0.1:9/?data=secret)',
  '<a href="https://evil.example" onclick="window.__pwned=1">x</a>',
  '[x](https://ok.example "title\\" onmouseover=\\"alert(1)")',
  '| a | b |\n|:-|-:|\n| <b onmouseover=alert(1)>x</b> | y |',
  '```js" onmouseover="alert(1)\ncode\n```',
  '<style>body{display:none}</style>',
];

const ALLOWED_TAGS = new Set([
  'p',
  'a',
  'span',
  'code',
  'pre',
  'div',
  'button',
  'strong',
  'em',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'hr',
  'br',
  's',
]);
const ALLOWED_ATTRS = new Set([
  'class',
  'role',
  'tabindex',
  'data-href',
  'data-text',
  'title',
  'type',
  'data-action',
  'aria-label',
  'aria-hidden',
  'data-lang',
  'start',
]);

describe('markdown renderer safety', () => {
  it.each(HOSTILE)('renders hostile input as inert text: %s', (input) => {
    const html = render(input);
    const { tags, attrs } = tagsAndAttrs(html);
    for (const t of tags) expect(ALLOWED_TAGS.has(t), `tag <${t}> in ${html}`).toBe(true);
    for (const a of attrs) expect(ALLOWED_ATTRS.has(a), `attribute ${a} in ${html}`).toBe(true);
    expect(html).not.toMatch(/<(script|img|svg|iframe|style)\b/i);
    for (const forbidden of ['href', 'src', 'style']) expect(attrs.has(forbidden)).toBe(false);
    expect([...attrs].filter((a) => a.startsWith('on'))).toEqual([]);
    expect(html).not.toMatch(/data-href="(?!https?:|mailto:)/i);
  });

  it('keeps http(s) and mailto links, as data-href with the real target in the title', () => {
    const html = render('[docs](https://example.com/a?b=1) <mailto:me@example.com> https://auto.example/x');
    expect(html).toContain('data-href="https://example.com/a?b=1" data-text="docs" title="https://example.com/a?b=1"');
    expect(html).toContain('data-href="mailto:me@example.com"');
    expect(html).toContain('data-href="https://auto.example/x"');
  });

  it('turns images into links that do not load', () => {
    const html = render('![a cat](https://example.com/cat.png)');
    expect(html).toContain('class="md-link md-image"');
    expect(html).toContain('data-href="https://example.com/cat.png"');
    expect(html).toContain('a cat');
    expect(html).not.toMatch(/<img/);
  });

  it('renders code blocks with a language label and Copy / Insert / Open actions', () => {
    const html = render('```ts\nconst a = "<b>";\n```');
    expect(html).toContain('<span class="code-lang">ts</span>');
    for (const a of ['copy', 'insert', 'open']) expect(html).toContain(`data-action="${a}"`);
    expect(html).toContain('<code class="language-ts">const a = &quot;&lt;b&gt;&quot;;\n</code>');
  });

  it('writes table alignment as classes (the CSP forbids inline styles)', () => {
    const html = render('| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |');
    expect(html).toContain('class="align-left"');
    expect(html).toContain('class="align-center"');
    expect(html).toContain('class="align-right"');
  });

  it('accepts only plain language ids', () => {
    expect(languageOf('typescript {1,3}')).toBe('typescript');
    expect(languageOf('c++')).toBe('c++');
    expect(languageOf('"><script>')).toBe('');
  });

  it('allows only http, https and mailto URLs', () => {
    for (const ok of ['https://a.example', 'http://127.0.0.1:8080/x', 'mailto:a@b.example', 'HTTPS://A.EXAMPLE'])
      expect(isAllowedLinkUrl(ok), ok).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'java\nscript:x',
      'data:text/html,x',
      'vscode://x',
      'command:x',
      'file:///etc',
      '/relative',
      '#frag',
      'https://',
      'ftp://x.example',
    ])
      expect(isAllowedLinkUrl(bad), bad).toBe(false);
  });
});

describe('nesting limit', () => {
  it('renders 50-deep lists in full, and refuses (for plain text) what would lose text', async () => {
    const { renderBlock } = await import('../../../src/core/chat/markdown');
    const lines: string[] = [];
    for (let d = 0; d < 50; d++) lines.push(`${'  '.repeat(d)}- level ${d}`);
    const r = renderBlock(md, lines.join('\n'));
    expect('html' in r && r.html.includes('level 49')).toBe(true);
    const deep = renderBlock(md, `${'> '.repeat(400)}deep text`);
    expect(deep).toEqual({ plain: true });
  });
});
