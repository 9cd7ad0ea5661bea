// package.json as VS Code shows it: every `%key%` replaced by its text from package.nls.json.
import { readFileSync } from 'node:fs';

export const rawManifest = JSON.parse(readFileSync('package.json', 'utf8'));
export const manifestStrings: Record<string, string> = JSON.parse(readFileSync('package.nls.json', 'utf8'));

const PLACEHOLDER = /^%([^%]+)%$/;

function localize(v: unknown): unknown {
  if (typeof v === 'string') {
    const key = PLACEHOLDER.exec(v)?.[1];
    return key !== undefined && key in manifestStrings ? manifestStrings[key] : v;
  }
  if (Array.isArray(v)) return v.map(localize);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, localize(x)]));
  return v;
}

export const manifest = localize(rawManifest) as typeof rawManifest;

/** Every string of the raw manifest at a user-facing field, with its JSON path. */
export function userFacingStrings(): { path: string; value: string }[] {
  const out: { path: string; value: string }[] = [];
  const FIELDS = new Set([
    'displayName',
    'description',
    'markdownDescription',
    'title',
    'shortTitle',
    'category',
    'name',
    'contextualTitle',
    'contents',
    'altText',
    'deprecationMessage',
    'markdownDeprecationMessage',
    'enumDescriptions',
    'markdownEnumDescriptions',
  ]);
  const visit = (v: unknown, path: string, field: string | undefined) => {
    if (typeof v === 'string') {
      if (field && FIELDS.has(field)) out.push({ path, value: v });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) =>
        visit(
          x,
          `${path}[${i}]`,
          field === 'enumDescriptions' || field === 'markdownEnumDescriptions' ? field : undefined,
        ),
      );
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        // Property names under `properties` are setting keys, not fields.
        visit(x, `${path}.${k}`, path.endsWith('.properties') ? undefined : k);
      }
    }
  };
  visit({ displayName: rawManifest.displayName, description: rawManifest.description }, '', undefined);
  visit(rawManifest.contributes, 'contributes', undefined);
  return out;
}

/** One term of a `when` clause (or of a walkthrough's `onContext:` event): `key`, `!key`, `key == value`. */
export interface WhenTerm {
  key: string;
  op?: '==' | '!=' | '=~';
  value?: string;
}

/** Every term of every `when`/`enablement` clause of the manifest and its walkthroughs' completion events. */
export function whenTerms(): WhenTerm[] {
  const clauses: string[] = [];
  const collect = (o: unknown): void => {
    if (Array.isArray(o)) o.forEach(collect);
    else if (o && typeof o === 'object')
      for (const [k, v] of Object.entries(o)) {
        if ((k === 'when' || k === 'enablement') && typeof v === 'string') clauses.push(v);
        else collect(v);
      }
  };
  collect(rawManifest.contributes);
  for (const w of rawManifest.contributes.walkthroughs ?? [])
    for (const step of w.steps)
      for (const ev of step.completionEvents ?? [])
        if (ev.startsWith('onContext:')) clauses.push(ev.slice('onContext:'.length));
  return clauses
    .flatMap((c) => c.split(/&&|\|\|/))
    .map((t) => {
      const m = /^\s*!?\s*([\w.]+)\s*(?:(==|!=|=~)\s*(.+?))?\s*$/.exec(t);
      if (!m) throw new Error(`A when clause this test cannot read: "${t}"`);
      return { key: m[1]!, ...(m[2] && { op: m[2] as WhenTerm['op'], value: m[3]! }) };
    });
}
