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
