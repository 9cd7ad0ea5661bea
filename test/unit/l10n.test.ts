// A translation is a file: every message shown to the user is a literal that the bundle lists, the
// bundle ships in the VSIX, and a translator installed the way activation installs VS Code's
// changes the text the user sees.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatMessage, inEnglish, setTranslator, t } from '../../src/core/l10n';
import { retryWaitText } from '../../src/core/chat/retryWait';
import { scopeTitle } from '../../src/core/chat/history';
import { checkBaseUrl, checkEndpointUrl } from '../../src/core/providers/endpoints';
import { checkTaskName } from '../../src/core/spaces/names';
import { prLabel } from '../../src/core/spaces/present';
import { childNodes, providerNode } from '../../src/core/providers/modelsTree';
import type { ProviderSnapshot } from '../../src/core/providers/catalog';
import { BUNDLE, ROOT, bundleText, collectMessages, findUnwrapped } from '../../scripts/l10n-bundle.mjs';
import { manifest } from './support/manifest';

// Words that stay the same in every language: product names and the protocol's own "HTTP 404".
// Every other literal message text in src/core goes through t().
const NOT_TRANSLATED = [
  /^src\/core\/providers\/presets\.ts:\d+: '[\w .]+'$/,
  /^src\/core\/(providers\/descriptors|settings\/table)\.ts:\d+: '(Anthropic|OpenAI)'$/,
  /^src\/core\/providers\/modelsTree\.ts:\d+: .*HTTP \$\{s\.error\./,
  // Not shown to the user: what the model reads (it is prompted in English) and the log's reasons
  // for dropping a malformed webview message.
  /^src\/core\/lm\/request\.ts:\d+: `(\[An image|Result of tool call)/,
  /^src\/core\/chat\/protocol\.ts:\d+: `(not an object|message \$\{label\}|invalid message)/,
];

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe('localizable strings', () => {
  it('passes only string literals to the translators, and l10n/bundle.l10n.json lists every one', () => {
    const { messages, problems } = collectMessages();
    expect(problems).toEqual([]);
    expect(messages.size).toBeGreaterThan(50);
    const bundle = readFileSync(BUNDLE, 'utf8');
    expect(bundle, 'run node scripts/l10n-bundle.mjs').toBe(bundleText(messages));
  });

  it('leaves no literal user-facing text in host code outside l10n.t', () => {
    expect(findUnwrapped(), 'wrap these in vscode.l10n.t').toEqual([]);
  });

  it('leaves no literal text in the webview: it shows the strings table the host sends', () => {
    expect(findUnwrapped(ROOT, ['src/webview']), 'put these in src/core/chat/strings.ts').toEqual([]);
    // The scan sees text in the places the webview puts it, also when kept aside or picked by a condition.
    const dir = mkdtempSync(join(tmpdir(), 'kata-l10n-'));
    mkdirSync(join(dir, 'src', 'webview'), { recursive: true });
    const sample = [
      "h('p', { class: 'md-note note' }, ' Generating…');",
      "el.title = busy ? `Space: ${name}` : '';",
      "const status = done ? 'Answer complete.' : other;",
      "b.setAttribute('aria-label', 'Close');",
      "b.setAttribute('aria-busy', 'false');",
    ];
    writeFileSync(join(dir, 'src', 'webview', 'x.ts'), sample.join('\n'));
    try {
      expect(findUnwrapped(dir, ['src/webview']).map((f) => f.split(': ')[0])).toEqual([
        'src/webview/x.ts:1',
        'src/webview/x.ts:2',
        'src/webview/x.ts:3',
        'src/webview/x.ts:4',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves no literal message text in src/core outside t(), product names aside', () => {
    const found: string[] = findUnwrapped(ROOT, ['src/core']);
    // The exceptions are real findings of the scan, not dead entries.
    for (const re of NOT_TRANSLATED)
      expect(
        found.some((f) => re.test(f)),
        String(re),
      ).toBe(true);
    expect(
      found.filter((f) => !NOT_TRANSLATED.some((re) => re.test(f))),
      'wrap these in t() from src/core/l10n.ts',
    ).toEqual([]);
  });

  it('ships the bundle: the manifest points at it and the VSIX allowlist carries it', () => {
    expect(manifest.l10n).toBe('./l10n');
    expect(readFileSync('.vscodeignore', 'utf8').split('\n')).toContain('!l10n/*.json');
  });

  it('formats an untranslated message as VS Code does', () => {
    expect(formatMessage('{0} key saved: {1} models available.', 'Anthropic', 3)).toBe(
      'Anthropic key saved: 3 models available.',
    );
    // Without arguments nothing is replaced; braces that name no argument stay.
    expect(formatMessage('Use {0} or {name}')).toBe('Use {0} or {name}');
    expect(formatMessage('{0} in {json} {1}', 'a')).toBe('a in {json} {1}');
    expect(formatMessage('{0}{0}', true)).toBe('truetrue');
  });

  it('shows the installed translation in the Models view rows and in core messages', () => {
    const snap: ProviderSnapshot = {
      providerId: 'anthropic',
      loading: false,
      models: [{ id: 'claude-x', providerId: 'anthropic', displayName: 'Claude X', contextWindow: 200_000 }],
      fetchedAt: undefined,
    };
    const english = childNodes(snap, null)[0];
    expect(english.description).toBe('claude-x · 200K context');
    // A fake language: every message upper-cased, placeholders filled afterwards as VS Code does.
    restore = setTranslator((message, ...args) => formatMessage(`[xx] ${message.toUpperCase()}`, ...args));
    expect(t('{0} rejected this key.', 'Anthropic')).toBe('[xx] Anthropic REJECTED THIS KEY.');
    expect(checkTaskName('  ')).toEqual({ ok: false, message: '[xx] TYPE A NAME FOR THE TASK.' });
    expect(retryWaitText({ reason: 'rate_limited' }, 2)).toBe('[xx] [xx] RATE LIMITED — RETRYING IN 2 S');
    // The log stays English while a translation is installed.
    expect(inEnglish(() => retryWaitText({ reason: 'rate_limited' }, 2))).toBe('Rate limited — retrying in 2 s');
    expect(childNodes(snap, null)[0].description).toBe('claude-x · [xx] 200K CONTEXT');
    // A space row's pull request: the state words and the sentence around them.
    const pr = {
      number: 7,
      url: 'https://x',
      title: 'T',
      isDraft: true,
      checks: 'none',
      reviewDecision: 'none',
    } as const;
    expect(prLabel(pr)).toBe('[xx] PR #7 [xx] DRAFT');
    expect(scopeTitle('all', undefined)).toBe('[xx] CHAT HISTORY: ALL CHATS');
    // A typed URL and a setting say what is wrong in their own words, both translated.
    expect(checkEndpointUrl('ftp://x').error).toBe('[xx] THE URL MUST USE HTTP OR HTTPS, NOT "ftp:".');
    expect(checkBaseUrl('kata.x', 'ftp://x').issue?.message).toBe(
      '[xx] THE SETTING "kata.x" MUST USE HTTP OR HTTPS, NOT "ftp:".',
    );
    const row = providerNode(snap, { label: 'Anthropic', baseUrl: 'https://api.anthropic.com', kind: 'anthropic' }, 0);
    expect(row.description).toContain('[xx] NEVER FETCHED');
    restore();
    restore = undefined;
    expect(childNodes(snap, null)[0].description).toBe(english.description);
  });
});
