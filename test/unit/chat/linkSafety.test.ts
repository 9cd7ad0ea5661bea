// Links that cannot lie: what the renderer shows for a link or image from model output, and the
// dialog the host shows before opening one. Every case has a near miss that must stay quiet.
import { describe, expect, it } from 'vitest';
import { createMarkdown } from '../../../src/core/chat/markdown';
import { claimsOf, linkDialog, linkFacts } from '../../../src/core/chat/links';
import { decodePunycode, hasVisibleText, isMixedScript, revealText, skeleton } from '../../../src/core/chat/unicode';

const md = createMarkdown();

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
/** What a reader sees of an HTML fragment: tags dropped, entities decoded. */
const textOf = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);

/** The balanced `<span …>…</span>` at the start of `html`. */
function spanAt(html: string): string {
  let depth = 0;
  for (const m of html.matchAll(/<span\b|<\/span>/g)) {
    depth += m[0] === '</span>' ? -1 : 1;
    if (depth === 0) return html.slice(0, m.index + m[0].length);
  }
  return html;
}

/** The first rendered link: its visible text, the host badge beside it (if any), its classes. */
function view(markdown: string) {
  const html = md.render(markdown);
  const link = /<a class="([^"]*)"[^>]*>(.*?)<\/a>/s.exec(html);
  const after = link ? html.slice(link.index + link[0].length) : '';
  const badge = after.startsWith(' <span class="md-link-host') ? spanAt(after.slice(1)) : undefined;
  return {
    html,
    isLink: !!link,
    classes: link?.[1].split(' ') ?? [],
    text: link ? textOf(link[2]) : undefined,
    badge: badge ? textOf(badge).trim() : undefined,
    flagged: !!badge?.includes('md-link-flagged'),
  };
}

describe('link text that names a host shows the real host beside it', () => {
  it('URL-looking text that goes elsewhere gets the real host; the same host does not', () => {
    expect(view('[https://github.com](https://evil.example/x)')).toMatchObject({
      text: 'https://github.com',
      badge: '→ evil.example',
    });
    expect(view('[https://github.com/microsoft](https://github.com/microsoft/vscode)').badge).toBeUndefined();
    expect(view('[http://GitHub.com/](https://www.github.com/x)').badge).toBeUndefined();
  });

  it('domain-looking text (github.com, code.visualstudio.com, bare microsoft.com) that goes elsewhere', () => {
    expect(view('[github.com](https://evil.example/)').badge).toBe('→ evil.example');
    expect(view('[code.visualstudio.com](https://code.visualstudio.com.evil.example/docs)').badge).toBe(
      '→ code.visualstudio.com.evil.example',
    );
    expect(view('Download it from [microsoft.com](http://203.0.113.9/setup.exe).').badge).toBe('→ 203.0.113.9');
    expect(view('[see github.com/x](https://evil.example/)').badge).toBe('→ evil.example');
  });

  it('near misses: the same domain, a path on it, and text that names no host stay quiet', () => {
    expect(view('[github.com](https://github.com/x)').badge).toBeUndefined();
    expect(view('[code.visualstudio.com/docs](https://code.visualstudio.com/docs/setup)').badge).toBeUndefined();
    expect(view('[microsoft.com](https://microsoft.com)').badge).toBeUndefined();
    expect(view('[the docs](https://evil.example/)').badge).toBeUndefined();
    expect(view('[version 1.2.3](https://evil.example/)').badge).toBeUndefined();
  });

  it('hosts are compared as a reader reads them: after punycode, case and look-alike folding', () => {
    // Text in Cyrillic that reads as the host the link really goes to is honest.
    expect(view('[m\u0456crosoft.com](https://microsoft.com/)').badge).toBeUndefined();
    expect(view('[GITHUB.\u0421\u041E\u041C](https://github.com/)').badge).toBeUndefined();
    expect(view('[xn--bcher-kva.de](https://bücher.de/)').badge).toBeUndefined();
    expect(view('[ｇｉｔｈｕｂ。com](https://github.com/)').badge).toBeUndefined();
    // The same spellings going anywhere else get the real host.
    expect(view('[micr\u043Esoft.com](https://evil.example/)').badge).toBe('→ evil.example');
    expect(view('[xn--bcher-kva.de](https://evil.example/)').badge).toBe('→ evil.example');
    expect(view('[ｇｉｔｈｕｂ。com](https://evil.example/)').badge).toBe('→ evil.example');
  });

  it('localhost names a host too; near miss: a link to localhost itself', () => {
    expect(view('[localhost](http://203.0.113.9/)').badge).toBe('→ 203.0.113.9');
    expect(view('[localhost:3000](http://localhost:3000/)').badge).toBeUndefined();
  });

  it('an image placeholder inside a link shows its host, so a link elsewhere shows the real host', () => {
    expect(view('[![](https://a.example/i.png)](https://b.example/)').badge).toBe('→ b.example');
    expect(view('[![logo](https://github.com/i.png)](https://evil.example/?d=1)').badge).toBe('→ evil.example');
    expect(view('[![logo](https://github.com/i.png)](https://github.com/x)').badge).toBeUndefined();
  });

  it('an autolink shows its own text, so it needs no badge', () => {
    const v = view('Read https://code.visualstudio.com/docs now');
    expect(v).toMatchObject({ text: 'https://code.visualstudio.com/docs', badge: undefined });
  });
});

describe('look-alike hosts', () => {
  it('Cyrillic letters that pass for Latin are found: in the target, and in the text', () => {
    const target = view('[microsoft.com](https://m\u0456crosoft.com/)');
    expect(target.badge).toMatch(/^→ xn--mcrosoft-\w+\.com ⚠ mixed scripts \(Latin \+ Cyrillic\): not microsoft\.com$/);
    expect(target.flagged).toBe(true);
    // Text and target both the look-alike: the hosts agree, the host is still flagged.
    expect(view('[m\u0456crosoft.com](https://m\u0456crosoft.com/)')).toMatchObject({ flagged: true });
    expect(view('[m\u0456crosoft.com](https://evil.example/)').badge).toBe('→ evil.example');
    // A whole label in Cyrillic that reads as "apple"; Greek omicrons in "google".
    expect(view('[x](https://\u0430\u0440\u0440\u04cf\u0435.com/)').badge).toBe(
      '→ xn--80ak6aa92e.com ⚠ look-alike: not apple.com',
    );
    expect(view('[x](https://g\u03bf\u03bfgle.com/)').badge).toMatch(
      /mixed scripts \(Latin \+ Greek\): not google\.com/,
    );
  });

  it('near misses: an honest non-ASCII host and Cyrillic that imitates nothing are not flagged', () => {
    expect(view('[bücher.de](https://bücher.de/)')).toMatchObject({ badge: undefined, flagged: false });
    expect(view('[пример.рф](https://пример.рф/)')).toMatchObject({ badge: undefined, flagged: false });
    expect(view('[日本語ドメイン.jp](https://日本語ドメイン.jp/)')).toMatchObject({ badge: undefined, flagged: false });
    expect(isMixedScript('abcテスト漢字')).toBe(false);
    expect(isMixedScript('m\u0456crosoft')).toBe(true);
  });
});

describe('hidden characters in link text and alt text are spelled out', () => {
  it('a right-to-left override cannot turn setup-gnp.exe into setup-exe.png', () => {
    const v = view('[setup-\u202Egnp.exe](https://example.com/setup)');
    expect(v.text).toBe('setup-<U+202E>gnp.exe');
    // The raw text survives only in data-text, for the host's dialog; nothing shown contains it.
    expect(textOf(v.html)).not.toContain('\u202E');
    expect(v.html).toContain('<span class="md-invisible" title="Hidden character U+202E">&lt;U+202E&gt;</span>');
    expect(view('[setup-gnp.exe](https://example.com/setup)').html).not.toContain('md-invisible');
  });

  it('every bidi control, and U+061C and LRM/RLM', () => {
    for (const cp of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c]) {
      const name = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
      expect(view(`[a${String.fromCodePoint(cp)}b](https://example.com/)`).text).toBe(`a<${name}>b`);
    }
  });

  it('zero-width characters; near miss: the same text without them', () => {
    for (const cp of [0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]) {
      const name = `U+${cp.toString(16).toUpperCase()}`;
      expect(view(`[git${String.fromCodePoint(cp)}hub.com](https://github.com/)`).text).toBe(`git<${name}>hub.com`);
    }
    expect(view('[github.com](https://github.com/)').html).not.toContain('md-invisible');
  });

  it('tag characters (invisible ASCII); near miss: plain ASCII', () => {
    const tagged = `docs${String.fromCodePoint(0xe0069, 0xe0067, 0xe006e)}`;
    expect(view(`[${tagged}](https://example.com/)`).text).toBe('docs<U+E0069><U+E0067><U+E006E>');
    expect(view('[docsign](https://example.com/)').text).toBe('docsign');
  });

  it('soft hyphens; near miss: a real hyphen', () => {
    expect(view('[pay\u00ADpal.com](https://paypal.com/)').text).toBe('pay<U+00AD>pal.com');
    expect(view('[pay-pal.com](https://pay-pal.com/)')).toMatchObject({ text: 'pay-pal.com', badge: undefined });
  });

  it('variation selectors and other default-ignorables; inside inline code too', () => {
    expect(view('[ok\uFE0F](https://example.com/)').text).toBe('ok<U+FE0F>');
    expect(view('[a\u3164b](https://example.com/)').text).toBe('a<U+3164>b');
    expect(view('[`co\u200Bde`](https://example.com/)').text).toBe('co<U+200B>de');
  });

  it('image alt text too', () => {
    const v = md.render('![logo\u202Egnp.exe](https://example.com/a.png)');
    expect(textOf(v)).toContain('logo<U+202E>gnp.exe');
    expect(textOf(v)).not.toContain('\u202E');
  });

  it('prose outside links is left alone (emoji sequences and joiners are legitimate there)', () => {
    expect(md.render('family 👨\u200D👩\u200D👧 ❤\uFE0F')).not.toContain('md-invisible');
  });
});

describe('user names before the host', () => {
  it('github.com@127.0.0.1 shows 127.0.0.1, flagged, in a Markdown link and an autolink', () => {
    for (const src of [
      '[https://github.com](https://github.com@127.0.0.1/)',
      '<https://github.com@127.0.0.1/>',
      '[github.com](http://github.com:pw@127.0.0.1:8080/)',
    ]) {
      const v = view(src);
      expect(v.badge, src).toMatch(/^→ 127\.0\.0\.1 ⚠ "github\.com(:pw)?@" is not the host$/);
      expect(v.flagged).toBe(true);
    }
  });

  it('near miss: an @ in the path is not a user name', () => {
    expect(view('[github.com/@octocat](https://github.com/@octocat)').badge).toBeUndefined();
    expect(linkFacts('https://github.com/@octocat')?.userinfo).toBeUndefined();
  });
});

describe('links with nothing visible', () => {
  it('empty, whitespace-only and invisible-only links show their host as their text', () => {
    for (const src of [
      '[](https://evil.example/x)',
      '[ ](https://evil.example/x)',
      '[\u200B\u200D](https://evil.example/x)',
      '[\u00A0\u2003](https://evil.example/x)',
      '[\u{E0041}](https://evil.example/x)',
    ]) {
      const v = view(src);
      expect(v.classes, src).toContain('md-link-bare');
      expect(v.text, src).toBe('evil.example');
    }
  });

  it('near misses: one visible character, or an image inside, is real text', () => {
    expect(view('[x](https://evil.example/x)')).toMatchObject({ text: 'x', classes: ['md-link'] });
    const img = view('[![](https://a.example/i.png)](https://b.example/)');
    expect(img.classes).not.toContain('md-link-bare');
    expect(img.text).toContain('a.example');
  });

  it('an empty mailto: or https:// is not a link at all', () => {
    expect(view('[write](mailto:) [go](https://) [go](https:///)').isLink).toBe(false);
    expect(view('[write](mailto:me@example.com)').isLink).toBe(true);
  });

  it('knows what counts as visible', () => {
    expect(hasVisibleText('\u200B \u2060\u00AD')).toBe(false);
    expect(hasVisibleText('\u0301')).toBe(false);
    expect(hasVisibleText('.')).toBe(true);
  });
});

describe('image placeholders (remote images never load)', () => {
  it('show their host and their query, not only in a tooltip', () => {
    const html = md.render('![logo](https://evil.example/p.png?d=SECRET-123)');
    expect(textOf(html)).toContain('logo evil.example ?d=SECRET-123');
    expect(html).toContain('<span class="md-link-query">?d=SECRET-123</span>');
    expect(html).not.toMatch(/<img/);
  });

  it('near miss: no query, no query shown; the host is still there', () => {
    const html = md.render('![logo](https://example.com/p.png)');
    expect(textOf(html)).toContain('logo example.com');
    expect(html).not.toContain('md-link-query');
  });

  it('a long query is cut in the placeholder; an empty alt still names the image and host', () => {
    const html = md.render(`![](https://evil.example/p.png?d=${'x'.repeat(200)})`);
    expect(textOf(html)).toMatch(/image evil\.example \?d=x{57}…/);
  });
});

describe('mail links', () => {
  it('text naming one address, mail to another: the real address is shown', () => {
    expect(view('[support@microsoft.com](mailto:help@evil.example)').badge).toBe('→ help@evil.example');
    expect(view('[support@microsoft.com](mailto:other@microsoft.com)').badge).toBe('→ other@microsoft.com');
  });

  it('near miss: the same address in another case', () => {
    expect(view('[Support@Microsoft.com](mailto:support@microsoft.com)').badge).toBeUndefined();
  });
});

describe('the confirmation dialog', () => {
  it('shows target, real host and revealed text, with the reason to doubt it', () => {
    const d = linkDialog('https://example.com/docs%E2%80%8B/setup', 'setup-\u202Egnp.exe');
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.message).toBe('Open example.com in your browser?');
    expect(d.detail).toContain('Target: https://example.com/docs<U+200B>/setup');
    expect(d.detail).toContain('Host: example.com');
    expect(d.detail).toContain('Link text: setup-<U+202E>gnp.exe');
    expect(d.detail).not.toContain('\u202E');
    expect(d.detail).toMatch(/link text contains invisible or text-direction characters/);
  });

  it('spells out every kind of hidden character in the text and the target; near miss: plain text', () => {
    const hidden = ['\u202E', '\u2067', '\u200F', '\u061C', '\u200B', '\u2060', '\uFEFF', '\u{E0041}', '\u00AD'];
    const d = linkDialog(`https://example.com/${hidden.map(encodeURIComponent).join('')}`, `a${hidden.join('b')}c`);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const names = '<U+202E><U+2067><U+200F><U+061C><U+200B><U+2060><U+FEFF><U+E0041><U+00AD>';
    expect(d.detail).toContain(`Target: https://example.com/${names}`);
    expect(d.detail).toContain(`Link text: a${names.replace(/></g, '>b<')}c`);
    expect([...d.detail].some((ch) => hidden.includes(ch))).toBe(false);
    const plain = linkDialog('https://example.com/abc', 'abc');
    expect(plain.ok && plain.detail).toBe('Target: https://example.com/abc\n\nHost: example.com\n\nLink text: abc');
  });

  it('an image placeholder opens with its alt text spelled out and its query in the target', () => {
    const d = linkDialog('https://evil.example/p.png?d=SECRET', 'logo\u202Egnp.exe');
    expect(d.ok && d.detail).toContain('Target: https://evil.example/p.png?d=SECRET');
    expect(d.ok && d.detail).toContain('Link text: logo<U+202E>gnp.exe');
  });

  it('names the real host for a user-name prefix and a look-alike, and the host the text claimed', () => {
    const u = linkDialog('https://github.com@127.0.0.1/', 'https://github.com');
    expect(u.ok && u.message).toBe('Open 127.0.0.1 in your browser?');
    expect(u.ok && u.detail).toContain('The link text shows github.com, but the link goes to 127.0.0.1.');
    expect(u.ok && u.detail).toContain('("github.com@"): the real host is 127.0.0.1');
    const l = linkDialog('https://xn--mcrosoft-thh.com/', 'microsoft.com');
    expect(l.ok && l.detail).toContain('mixes Latin and Cyrillic letters and reads like microsoft.com');
  });

  it('near miss: an honest link has no warnings, only target, host and text', () => {
    const d = linkDialog('https://github.com/microsoft/vscode', 'github.com/microsoft/vscode');
    expect(d).toMatchObject({
      ok: true,
      message: 'Open github.com in your browser?',
      detail:
        'Target: https://github.com/microsoft/vscode\n\nHost: github.com\n\nLink text: github.com/microsoft/vscode',
    });
  });

  it('a link with no visible text says so', () => {
    const d = linkDialog('https://evil.example/x', '\u200B');
    expect(d.ok && d.detail).toContain('Link text: (none, only <U+200B>; the link showed its host instead)');
    expect(linkDialog('https://evil.example/x', '').ok && linkDialog('https://evil.example/x').ok).toBe(true);
  });

  it('mailto says it opens the mail client and copies the address', () => {
    const d = linkDialog('mailto:help@evil.example?subject=hi', 'support@microsoft.com');
    expect(d).toMatchObject({
      ok: true,
      message: 'Write to help@evil.example in your mail client?',
      openLabel: 'Open Mail Client',
      copyLabel: 'Copy Address',
      copyText: 'help@evil.example',
    });
    expect(d.ok && d.detail).toMatch(
      /^This opens your mail client with a new message; nothing is sent until you send it\./,
    );
    expect(d.ok && d.detail).toContain(
      'The link text shows support@microsoft.com, but the link goes to help@evil.example.',
    );
  });

  it('refuses an empty mailto: or https:// with the right reason, and every other scheme by name', () => {
    expect(linkDialog('mailto:')).toEqual({
      ok: false,
      reason: 'The mailto link has no address: there is no one to write to.',
    });
    expect(linkDialog('mailto:?subject=hello')).toEqual({
      ok: false,
      reason: 'The mailto link has no address: there is no one to write to.',
    });
    expect(linkDialog('https://')).toEqual({
      ok: false,
      reason: 'The https link has no valid host name, so there is nothing to open.',
    });
    expect(linkDialog('  ')).toEqual({ ok: false, reason: 'The link is empty: there is nothing to open.' });
    for (const scheme of ['command', 'vscode', 'file', 'javascript', 'data']) {
      expect(linkDialog(`${scheme}:x`)).toEqual({
        ok: false,
        reason: `Links with the "${scheme}:" scheme are not opened from chat answers.`,
      });
    }
    // Near miss: a mailto with an address is opened.
    expect(linkDialog('mailto:me@example.com').ok).toBe(true);
  });
});

describe('the Unicode helpers', () => {
  it('decode punycode (RFC 3492 samples) and fold look-alikes', () => {
    expect(decodePunycode('bcher-kva')).toBe('bücher');
    expect(decodePunycode('80ak6aa92e')).toBe('аррӏе');
    expect(decodePunycode('ihqwcrb4cv8a8dqg056pqjye')).toBe('他们为什么不说中文');
    expect(decodePunycode('!!')).toBeUndefined();
    expect(skeleton('МІСROSOFT.СОМ')).toBe('microsoft.com');
    expect(skeleton('ｇｉｔｈｕｂ。com')).toBe('github.com');
  });

  it('reveal names code points above the BMP with their full number', () => {
    expect(revealText('\u{E0001}x')).toBe('<U+E0001>x');
  });

  it('claims: what hosts a text names', () => {
    expect(claimsOf('Visit github.com or https://code.visualstudio.com/docs.', 'web').map((c) => c.host)).toEqual([
      'github.com',
      'code.visualstudio.com',
    ]);
    expect(claimsOf('github.com@127.0.0.1', 'web').map((c) => c.host)).toEqual(['github.com']);
    expect(claimsOf('me@example.com', 'mail')).toEqual([
      { shown: 'me@example.com', host: 'example.com', reads: 'example.com', address: 'me@example.com' },
    ]);
    expect(claimsOf('the docs, e.g. v1.2', 'web')).toEqual([]);
  });
});
