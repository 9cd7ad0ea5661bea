#!/usr/bin/env node
// The VSIX's README: the repository README with its repository-relative pictures and links
// turned into plain text, since inside an installed extension they would point nowhere.
import fs from 'node:fs';

const src = fs.readFileSync('README.md', 'utf8');
const out = src
  .replace(/^[ \t]*!\[[^\]]*\]\((?!https?:)[^)]+\)\n\n?/gm, '')
  .replace(/\[([^\]]+)\]\((?!https?:|mailto:|#)([^)]+)\)/g, (_m, text, href) =>
    text === href ? `\`${href}\` in the source repository` : `${text} (\`${href}\` in the source repository)`,
  );
fs.mkdirSync('dist', { recursive: true });
fs.writeFileSync('dist/README.md', out);
