import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LM_VENDOR } from '../../src/core/lm/models';
import { COMMAND_IDS } from '../../src/host/commandIds';
import { CONTEXT_KEYS, VIEW_ITEMS } from '../../src/host/contextKeys';

import { VIEWS } from '../../src/host/views';
import { manifest as pkg, manifestStrings, userFacingStrings, whenTerms } from './support/manifest';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Every TypeScript file under src, with its text. */
const sources = (): [string, string][] =>
  walk('src')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [f, readFileSync(f, 'utf8')]);

describe('manifest and command table', () => {
  it('takes every user-facing string from package.nls.json, and every string there is used', () => {
    const literal = userFacingStrings().filter((s) => !/^%[^%]+%$/.test(s.value));
    expect(literal, 'write these as %key% with the text in package.nls.json').toEqual([]);
    const used = new Set(userFacingStrings().map((s) => s.value.slice(1, -1)));
    expect(Object.keys(manifestStrings).filter((k) => !used.has(k))).toEqual([]);
    expect([...used].filter((k) => !(k in manifestStrings))).toEqual([]);
    // Without the file in the VSIX every title would read %command.….title%.
    expect(readFileSync('.vscodeignore', 'utf8').split('\n')).toContain('!package.nls.json');
  });

  it('contributes exactly the commands of the table', () => {
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    expect(contributed).toEqual([...COMMAND_IDS].sort());
  });

  it('gives every command the Kata Cloud category and a title', () => {
    for (const c of pkg.contributes.commands) {
      expect(c.category, c.command).toBe('Kata Cloud');
      expect(c.title.length, c.command).toBeGreaterThan(2);
    }
  });

  it('only references contributed commands from menus and keybindings', () => {
    const ids = new Set<string>(COMMAND_IDS);
    for (const [menu, entries] of Object.entries(pkg.contributes.menus ?? {})) {
      for (const e of entries as { command?: string }[])
        if (e.command) expect(ids.has(e.command), `${menu}: ${e.command}`).toBe(true);
    }
    for (const k of pkg.contributes.keybindings ?? []) expect(ids.has(k.command), k.command).toBe(true);
  });

  it('contributes the language-model vendor the host registers, with a contributed management command', () => {
    expect(pkg.contributes.languageModelChatProviders).toEqual([
      { vendor: LM_VENDOR, displayName: 'Kata Cloud', managementCommand: 'kata.lm.manage' },
    ]);
    expect(COMMAND_IDS).toContain('kata.lm.manage');
    expect(pkg.activationEvents).toContain(`onLanguageModelChatProvider:${LM_VENDOR}`);
  });

  it('never activates on "*" and keeps engines and @types/vscode in step', () => {
    expect(pkg.activationEvents ?? []).not.toContain('*');
    expect(pkg.engines.vscode).toBe('^1.104.0');
    expect(pkg.devDependencies['@types/vscode']).toMatch(/^[~^]?1\.104\./);
    expect(pkg.license).toBe('MIT');
  });

  it('scopes every URL setting to the application so a workspace cannot redirect keys', () => {
    const props = pkg.contributes.configuration.properties as Record<string, { scope?: string }>;
    const urlKeys = Object.keys(props).filter((k) => /url/i.test(k));
    expect(urlKeys.length).toBeGreaterThanOrEqual(2);
    for (const k of urlKeys) expect(props[k].scope, k).toBe('application');
  });

  it('declares limited support for untrusted workspaces, and the Spaces view says what trust is needed', () => {
    const trust = pkg.capabilities.untrustedWorkspaces;
    expect(trust.supported).toBe('limited');
    expect(trust.description).toMatch(/Spaces[^.]*trusted workspace/);
    const welcome = pkg.contributes.viewsWelcome.find(
      (w: { view: string; when?: string }) => w.view === 'kata.spaces' && w.when === 'kata.spaces.state == untrusted',
    );
    expect(welcome, 'welcome content for an untrusted folder').toBeDefined();
  });

  it('has no vscode import anywhere under src/core', () => {
    const offenders = walk('src/core').filter(
      (f) => f.endsWith('.ts') && /from\s+['"]vscode['"]|require\(['"]vscode['"]\)/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('reads only context keys of the table in when clauses, each a value it can hold, and sets each key', () => {
    const terms = whenTerms();
    const table = Object.values(CONTEXT_KEYS);
    const read = new Set(terms.map((t) => t.key).filter((k) => k.startsWith('kata.')));
    expect([...read].sort(), 'every kata.* key a clause reads, and nothing else, is in the table').toEqual(
      table.map((k) => k.key).sort(),
    );
    for (const t of terms) {
      const entry = table.find((k) => k.key === t.key);
      if (entry && t.value !== undefined)
        expect(entry.values.map(String), `${t.key} ${t.op} ${t.value}`).toContain(t.value);
    }
    // setContext takes an entry of the table: an entry no source file uses is never set.
    const used = sources().filter(([f]) => f !== join('src', 'host', 'contextKeys.ts'));
    for (const name of Object.keys(CONTEXT_KEYS))
      expect(used.filter(([, text]) => text.includes(`CONTEXT_KEYS.${name}`)).length, name).toBeGreaterThan(0);
    const setters = used.filter(([f, text]) => f !== join('src', 'host', 'commands.ts') && /'setContext'/.test(text));
    expect(setters.map(([f]) => f)).toEqual([]);
  });

  it('matches every viewItem clause with a tree item value of the table, and tree code sets each value', () => {
    const clauses = whenTerms().filter((t) => t.key === 'viewItem');
    expect(clauses.length).toBeGreaterThan(10);
    for (const c of clauses) {
      const matches =
        c.op === '=~'
          ? VIEW_ITEMS.filter((v) => new RegExp(/^\/(.*)\/$/.exec(c.value!)![1]!).test(v))
          : VIEW_ITEMS.filter((v) => v === c.value);
      expect(matches.length, `viewItem ${c.op} ${c.value}`).toBeGreaterThan(0);
    }
    const tree = sources()
      .filter(([f]) => f !== join('src', 'host', 'contextKeys.ts'))
      .map(([, text]) => text)
      .join('\n');
    // A value is set literally, or (the provider rows) from a template over the row's state.
    const unset = VIEW_ITEMS.filter((v) => !tree.includes(`'${v}'`) && !v.startsWith('kata.provider.'));
    expect(unset).toEqual([]);
    expect(tree).toContain('`kata.provider.${node.state}` satisfies ViewItem');
  });

  it('spells each command id and context key once in src: in its table', () => {
    const texts = sources().map(([, text]) => text);
    const spellings = (s: string) => {
      const re = new RegExp(`(?<![\\w.])${s.replace(/\./g, '\\.')}(?![\\w])`, 'g');
      return texts.reduce((n, t) => n + (t.match(re)?.length ?? 0), 0);
    };
    const ids = [...COMMAND_IDS, ...Object.values(CONTEXT_KEYS).map((k) => k.key)];
    expect(ids.length).toBeGreaterThan(50);
    const counts = Object.fromEntries(ids.map((id) => [id, spellings(id)]));
    expect(Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 1))).toEqual({});
  });

  it('names each contributed view once, and when clauses name only those', () => {
    const contributed = Object.values(pkg.contributes.views as Record<string, { id: string }[]>).flatMap((vs) =>
      vs.map((v) => v.id),
    );
    expect(Object.values(VIEWS).sort()).toEqual(contributed.sort());
    const named = whenTerms().filter((t) => t.key === 'view' && t.op === '==');
    expect(named.length).toBeGreaterThan(3);
    for (const t of named) expect(contributed, t.value).toContain(t.value);
  });

  it('walks a new user through the whole flow, each step with its media and real completion events', () => {
    const [w, ...others] = pkg.contributes.walkthroughs;
    expect(others).toEqual([]);
    const ids = new Set<string>(COMMAND_IDS);
    const keys = new Set<string>(Object.values(CONTEXT_KEYS).map((k) => k.key));
    expect(w.steps.map((s: { id: string }) => s.id)).toEqual(['key', 'space', 'spec', 'chat', 'pullRequest']);
    for (const step of w.steps) {
      // Every button of the step runs a contributed command.
      const linked = [...(step.description as string).matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]!);
      expect(linked.length, step.id).toBeGreaterThan(0);
      for (const c of linked) expect(ids.has(c), `${step.id}: ${c}`).toBe(true);
      // Markdown media only: it takes the theme's colours, in light, dark and high contrast alike.
      expect(Object.keys(step.media), step.id).toEqual(['markdown']);
      const md = readFileSync(step.media.markdown, 'utf8');
      expect(md.startsWith('# '), step.id).toBe(true);
      expect(md, step.id).not.toMatch(/<img|!\[|style=|#[0-9a-f]{6}\b/i);
      expect(step.media.markdown.startsWith('media/'), 'shipped in the VSIX').toBe(true);
      expect(step.completionEvents.length, step.id).toBeGreaterThan(0);
      for (const ev of step.completionEvents as string[]) {
        const [kind, what] = [ev.slice(0, ev.indexOf(':')), ev.slice(ev.indexOf(':') + 1)];
        if (kind === 'onCommand') expect(ids.has(what), `${step.id}: ${ev}`).toBe(true);
        else {
          expect(kind, `${step.id}: ${ev}`).toBe('onContext');
          expect(keys.has(what), `${step.id}: ${ev}`).toBe(true);
        }
      }
    }
  });
});
