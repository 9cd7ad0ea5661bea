// Unicode facts needed to show a link honestly: which code points are invisible (and so must be
// spelled out), how a host reads to a person (confusable folding, scripts), and the punycode
// decoder that turns an `xn--` label back into what it imitates. Pure and browser-safe: the
// webview renderer and the host's dialog share it.

/**
 * Invisible or text-changing code points: format characters (bidi controls, zero-width, soft
 * hyphen, tag characters, U+061C), default-ignorables (variation selectors, Hangul fillers,
 * CGJ), line/paragraph separators, controls and the blank Braille pattern.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cc}\u2028\u2029\u2800]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');
/** Tab and newlines are ordinary whitespace, not hidden characters. */
const PLAIN_WHITESPACE = /[\t\n\r]/;

export function isInvisible(ch: string): boolean {
  return INVISIBLE.test(ch) && !PLAIN_WHITESPACE.test(ch);
}

export function escapeName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export type Segment = { text: string } | { hidden: string };

/** Splits text into visible runs and hidden code points (named `U+202E`). */
export function revealSegments(s: string): Segment[] {
  const out: Segment[] = [];
  let run = '';
  for (const ch of s) {
    if (isInvisible(ch)) {
      if (run) out.push({ text: run });
      run = '';
      out.push({ hidden: escapeName(ch) });
    } else run += ch;
  }
  if (run) out.push({ text: run });
  return out;
}

/** The text with every hidden code point spelled out as `<U+XXXX>`. */
export function revealText(s: string): string {
  return revealSegments(s)
    .map((seg) => ('text' in seg ? seg.text : `<${seg.hidden}>`))
    .join('');
}

export function hasInvisible(s: string): boolean {
  for (const ch of s) if (isInvisible(ch)) return true;
  return false;
}

export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE_ALL, (ch) => (PLAIN_WHITESPACE.test(ch) ? ch : ''));
}

/** True when something a reader can see remains: not only whitespace, marks and hidden characters. */
export function hasVisibleText(s: string): boolean {
  return /[^\p{White_Space}\p{M}]/u.test(stripInvisible(s));
}

// Look-alikes of Latin letters from other scripts (a curated subset of Unicode's confusables
// list: the letters that pass for Latin in common UI fonts). Upper case is folded first because
// lower-casing a Cyrillic capital does not give a Latin-looking letter (М → м).
const UPPER_CONFUSABLES = 'АaВbЕeКkМmНhОoРpСcТtХxУyЅsІiЈjԌgԚqԜwΑaΒbΕeΖzΗhΙiΚkΜmΝnΟoΡpΤtΥyΧx';
const LOWER_CONFUSABLES = 'аaеeһhіiјjкkԁdԛqоoрpсcѕsуyхxԝwӏlѵvүyɑaɡgıiȷjαaοoρpιiκkνvυuχxϲcϳjօoսuոnհhզqաw';

function pairs(s: string): Map<string, string> {
  const m = new Map<string, string>();
  const chars = [...s];
  for (let i = 0; i + 1 < chars.length; i += 2) m.set(chars[i], chars[i + 1]);
  return m;
}
const UPPER = pairs(UPPER_CONFUSABLES);
const LOWER = pairs(LOWER_CONFUSABLES);

/** How a string reads to a person: compatibility forms, case and look-alike letters folded to Latin. */
export function skeleton(s: string): string {
  const nfkc = stripInvisible(s)
    .normalize('NFKC')
    .replace(/[\u3002\uff61]/g, '.');
  let out = '';
  for (const ch of nfkc) out += UPPER.get(ch) ?? ch;
  out = out.toLowerCase();
  let folded = '';
  for (const ch of out) folded += LOWER.get(ch) ?? ch;
  return folded;
}

const SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Han', /\p{Script=Han}/u],
  ['Hiragana', /\p{Script=Hiragana}/u],
  ['Katakana', /\p{Script=Katakana}/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Bopomofo', /\p{Script=Bopomofo}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
];

/** The scripts of the letters in one label (digits, hyphens and marks belong to none). */
export function scriptsOf(label: string): string[] {
  const found = new Set<string>();
  for (const ch of label) {
    if (!/\p{L}/u.test(ch)) continue;
    found.add(SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? 'Other');
  }
  return [...found];
}

// Mixes that are normal writing (Unicode TS 39, "highly restrictive"): Latin with Japanese,
// Korean or Chinese scripts.
const ALLOWED_MIXES: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Hangul']),
  new Set(['Latin', 'Han', 'Bopomofo']),
];

export function isMixedScript(label: string): boolean {
  const scripts = scriptsOf(label);
  return scripts.length > 1 && !ALLOWED_MIXES.some((ok) => scripts.every((s) => ok.has(s)));
}

// Punycode (RFC 3492) decoding, so a host that arrives as `xn--…` can be read as the letters it
// shows and checked for look-alikes. Encoding is left to the URL parser.
const BASE = 36,
  T_MIN = 1,
  T_MAX = 26,
  SKEW = 38,
  DAMP = 700,
  INITIAL_BIAS = 72,
  INITIAL_N = 128;

function adapt(delta: number, numPoints: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / numPoints);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

function digitOf(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 22;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61;
  return BASE;
}

/** Decodes one punycode label (without `xn--`); undefined when it is malformed. */
export function decodePunycode(input: string): string | undefined {
  const out: number[] = [];
  const basicEnd = input.lastIndexOf('-');
  for (let j = 0; j < Math.max(basicEnd, 0); j++) {
    if (input.charCodeAt(j) >= 0x80) return undefined;
    out.push(input.charCodeAt(j));
  }
  let n = INITIAL_N,
    bias = INITIAL_BIAS,
    i = 0;
  for (let pos = basicEnd > 0 ? basicEnd + 1 : 0; pos < input.length;) {
    const oldi = i;
    for (let w = 1, k = BASE; ; k += BASE) {
      if (pos >= input.length) return undefined;
      const digit = digitOf(input.charCodeAt(pos++));
      if (digit >= BASE) return undefined;
      i += digit * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < t) break;
      w *= BASE - t;
      if (i > 0x10ffff * 64) return undefined;
    }
    bias = adapt(i - oldi, out.length + 1, oldi === 0);
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    if (n > 0x10ffff) return undefined;
    out.splice(i++, 0, n);
  }
  return String.fromCodePoint(...out);
}

/** An ASCII (punycode) host as its Unicode letters. */
export function hostToUnicode(host: string): string {
  return host
    .split('.')
    .map((label) => (label.toLowerCase().startsWith('xn--') ? (decodePunycode(label.slice(4)) ?? label) : label))
    .join('.');
}
