// A streamed answer, however it is cut into deltas, must end up as exactly the HTML markdown-it
// makes of the whole text with the same options: generated Markdown (lists, fences inside list
// items, quotes, tables, HTML, reference definitions, setext headings, lazy lines) cut at random
// points, plus a corpus of inputs known to trip hand-written splitters.
import { describe, expect, it } from 'vitest';
import { createMarkdown } from '../../../src/core/chat/markdown';
import { MarkdownStream, renderStream } from '../../../src/core/chat/stream';

const md = createMarkdown();

function streamed(deltas: string[]): string {
  return renderStream(md, deltas)
    .map((b) => b.html)
    .join('');
}

/** A small deterministic PRNG (mulberry32), so a failure names its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'alpha',
  'beta',
  '*em*',
  '**strong**',
  '`code`',
  '[foo]',
  '[Bar][]',
  '[x](http://a.b)',
  'https://example.com',
  '<b>',
  '|',
  '\\',
  '_u_',
  'émoji 👋',
  '[foo',
  ']',
];
const LABELS = ['foo', 'bar', 'BAR', 'x y', '1'];

function generate(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const words = () => Array.from({ length: 1 + Math.floor(r() * 5) }, () => pick(WORDS)).join(' ');
  const indent = () => pick(['', '', '', ' ', '  ', '   ', '    ', '\t', '      ']);
  const lines: string[] = [];
  const n = 1 + Math.floor(r() * 14);
  for (let i = 0; i < n; i++) {
    const pre = indent();
    switch (Math.floor(r() * 17)) {
      case 0:
        lines.push('');
        break;
      case 1:
        lines.push(`${pre}${pick(['-', '*', '+', '1.', '2)', '10.'])} ${words()}`);
        break;
      case 2: {
        const f = pick(['```', '~~~', '````']);
        lines.push(`${pre}${f}${pick(['', 'js', 'ts x', '`'])}`, `${pre}${words()}`);
        if (r() < 0.7) lines.push(`${pick([pre, '', '  '])}${pick([f, '```', '~~~~', f + ' x'])}`);
        break;
      }
      case 3:
        lines.push(`${pre}> ${words()}`);
        break;
      case 4:
        lines.push(`${pre}| a | b |`, `${pre}${pick(['|---|---|', '| :-: | --: |', '---|---', '|-|'])}`);
        if (r() < 0.7) lines.push(`| ${words()} | c |`);
        break;
      case 5:
        lines.push(`${pre}${pick(['<div>', '<!-- c -->', '</div>', '<pre>', '<script>x</script>'])}`);
        break;
      case 6:
        lines.push(
          `${pre}[${pick(LABELS)}]: ${pick(['/url', 'http://x.y', '<a b>'])}${pick(['', ' "t"', "\n'multi\nline'"])}`,
        );
        break;
      case 7:
        lines.push(`${pre}${pick(['#', '##', '######', '#######'])} ${words()}`);
        break;
      case 8:
        lines.push(`${pre}${pick(['===', '---', '***', '- - -', '___'])}`);
        break;
      case 9:
        lines.push(`${pre}${pick(['-', '1.'])} ${pick(['```', '~~~'])}`, `${pre}  ${words()}`);
        break;
      default:
        lines.push(`${pre}${words()}`);
    }
  }
  const sep = r() < 0.1 ? '\r\n' : r() < 0.05 ? '\r' : '\n';
  return lines.join(sep) + pick(['', '\n', '\n\n', sep]);
}

function cut(text: string, r: () => number): string[] {
  const out: string[] = [];
  const mode = r();
  for (let i = 0; i < text.length;) {
    const n = mode < 0.3 ? 1 + Math.floor(r() * 3) : mode < 0.6 ? 1 + Math.floor(r() * 12) : 1 + Math.floor(r() * 80);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

describe('streamed Markdown equals markdown-it on the whole text', () => {
  it('10,000 generated answers with random delta cuttings', () => {
    let checked = 0;
    for (let seed = 1; seed <= 10_000; seed++) {
      const r = rng(seed);
      const text = generate(r);
      const expected = md.render(text);
      const got = streamed(cut(text, r));
      if (got !== expected)
        expect({ seed, text: JSON.stringify(text), got }).toEqual({ seed, text: JSON.stringify(text), got: expected });
      checked++;
    }
    expect(checked).toBe(10_000);
  }, 120_000);

  const corpus: Record<string, string> = {
    'a fence in a list item that ends implicitly, then a heading and a fence':
      '- item\n  ```js\n  code\n\n# Heading\n\n```py\nprint(1)\n```\n',
    'a list that becomes loose later': '- a\n- b\n\n- c\n',
    'a list that stays tight': '- a\n- b\n\nafter\n',
    'a setext heading arriving after its paragraph': 'Title\nmore\n===\n',
    'a setext underline after a blank line is a rule': 'Title\n\n---\n',
    'lazy continuation in a quote': '> quoted\nlazy line\n\nnext\n',
    'a rule that a later character turns into a lazy line': '> a\n---x\n',
    'a table interrupting a paragraph': 'para\na | b\n--|--\n1 | 2\n\nafter\n',
    'a reference defined after its use': 'See [foo] and [Bar][].\n\nText\n\n[foo]: http://a.b\n[bar]: /x "t"\n',
    'the first definition wins': '[x]: /one\n\n[x]\n\n[x]: /two\n',
    'a definition with its title on the next line': '[a]: /u\n"title"\n\n[a]\n',
    'an unclosed fence runs to the end': '```\ncode\n\n# not a heading\n',
    'a longer closing fence closes, a shorter does not': '````\n```\nx\n`````\nafter\n',
    'indented code after a paragraph is a lazy line': 'para\n    not code\n\n    code\n',
    'an empty item cannot interrupt a paragraph': 'para\n-\n\n-\n',
    'an ordered list not starting at 1 cannot interrupt': 'para\n2. x\n\n1. y\n',
    'CRLF split between deltas': 'a\r\n\r\n# h\r\nb\r\n',
    'deep quotes and lists': '> - > - > - a\n> - > - b\nc\n\n' + '>'.repeat(200) + ' deep\n',
  };
  for (const [name, text] of Object.entries(corpus)) {
    it(name, () => {
      const expected = md.render(text);
      for (const size of [1, 2, 3, 5, 8, 13, text.length]) {
        const deltas: string[] = [];
        for (let i = 0; i < text.length; i += size) deltas.push(text.slice(i, i + size));
        expect(streamed(deltas)).toBe(expected);
      }
    });
  }

  it('splits finished blocks off while the answer streams', () => {
    const s = new MarkdownStream(md);
    expect(s.push('# One\n\npara')).toEqual([]);
    expect(s.push('graph\n\n- a\n')).toEqual([
      { src: '# One\n', kind: 'heading_open' },
      { src: '\nparagraph\n', kind: 'paragraph_open' },
    ]);
    expect(s.open).toBe('\n- a\n');
    expect(s.end()).toEqual([{ src: '\n- a\n', kind: 'bullet_list_open' }]);
  });

  it('does not split inside an unfinished last line', () => {
    const s = new MarkdownStream(md);
    expect(s.push('> a\n---')).toEqual([]);
    expect(s.push('x\n\nnext\n')).toEqual([{ src: '> a\n---x\n', kind: 'blockquote_open' }]);
  });
});
