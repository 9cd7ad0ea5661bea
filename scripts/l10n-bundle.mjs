// Writes l10n/bundle.l10n.json: every message the extension passes to `vscode.l10n.t(…)` (host)
// or to the core's `t(…)` (src/core/l10n.ts), keyed by its English text as VS Code looks it up.
// A translation is a copy of that file named bundle.l10n.<language>.json with the values
// translated. The TypeScript parser finds the calls, so a message spread over lines, quoted either
// way or wrapped by the formatter is read as the compiler reads it.
//
//   node scripts/l10n-bundle.mjs          rewrite the bundle
//   node scripts/l10n-bundle.mjs --check  exit 1 when the bundle is out of date or a call is not a literal
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(ROOT, 'l10n', 'bundle.l10n.json');
// The webview has no translator: it shows the strings the host sends it. src/host/l10n.ts hands
// the core's messages, literals checked at their own call, to vscode.l10n.t.
const SKIP = [join('src', 'webview'), join('src', 'host', 'l10n.ts')];

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (SKIP.some((s) => relative(ROOT, p) === s)) return [];
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Names under which a file imports the core's `t` (`import { t } from '…/l10n'`). */
function coreTranslateNames(file) {
  const names = new Set();
  for (const st of file.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    if (!/(^|\/)l10n$/.test(st.moduleSpecifier.text)) continue;
    const bindings = st.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const el of bindings.elements) if ((el.propertyName ?? el.name).text === 't') names.add(el.name.text);
  }
  return names;
}

/** `vscode.l10n.t` or `l10n.t` (a destructured `l10n`), the host's translate function. */
function isHostTranslate(node) {
  if (!ts.isPropertyAccessExpression(node) || node.name.text !== 't') return false;
  const target = node.expression;
  return (
    (ts.isPropertyAccessExpression(target) && target.name.text === 'l10n') ||
    (ts.isIdentifier(target) && target.text === 'l10n')
  );
}

/**
 * Every translated message in src and every call whose message is not a plain literal (those
 * cannot be looked up in a bundle), each with its file and line.
 */
export function collectMessages(root = ROOT) {
  const messages = new Map();
  const problems = [];
  for (const path of sourceFiles(join(root, 'src'))) {
    const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const core = coreTranslateNames(file);
    const where = (node) => `${relative(root, path)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const isTranslate = (node) => isHostTranslate(node) || (ts.isIdentifier(node) && core.has(node.text));
    const visit = (node) => {
      if (ts.isCallExpression(node) && isTranslate(node.expression)) {
        const first = node.arguments[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
          if (!messages.has(first.text)) messages.set(first.text, where(node));
        } else {
          problems.push(`${where(node)}: the message must be a string literal with {0} placeholders`);
        }
      } else if (isHostTranslate(node) && !ts.isCallExpression(node.parent)) {
        // Passed around under another name, its calls would escape the bundle.
        problems.push(`${where(node)}: call l10n.t directly`);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { messages, problems };
}

// Where host code puts text in front of the user. A literal (or a template) there is English
// that no translation reaches; wrap it in l10n.t. Values that are data (labels of the user's
// endpoints, model ids, branch names) are variables and pass.
const SHOW = /^show(Information|Warning|Error)Message$|^showQuickPick$|^showInputBox$|^setStatusBarMessage$/;
const SHOWN_PROPS = new Set([
  'title',
  'prompt',
  'placeHolder',
  'placeholder',
  'tooltip',
  'detail',
  'description',
  'label',
  'message',
  'validationMessage',
]);
// Text is a literal with a word in it; `${a} · ${b}` only joins data and passes, and so does an
// icon in front of a translated message (`$(key) ${l10n.t('Set API Key…')}`): a codicon name is
// not a word a translator should see.
const WORD = /[A-Za-z]{2}/;
const hasWord = (text) => WORD.test(text.replace(/\$\([\w~-]+\)/g, ''));
// Either branch of a condition counts (`x ? 'Stopped' : ''`), and so does text inside a template's
// placeholders (`${left > 0 ? a : 'Generating…'}`).
const isText = (node) =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
    ? hasWord(node.text)
    : ts.isTemplateExpression(node)
      ? [node.head, ...node.templateSpans.map((s) => s.literal)].some((l) => hasWord(l.text)) ||
        node.templateSpans.some((s) => isText(s.expression))
      : ts.isConditionalExpression(node)
        ? isText(node.whenTrue) || isText(node.whenFalse)
        : ts.isParenthesizedExpression(node) && isText(node.expression);

/** Where the scan looks unless told otherwise: all host code. */
export const HOST_CODE = ['src/host', 'src/extension.ts'];

// The webview builds its DOM itself: text reaches the user as the text, title or aria-label of an
// element, as a child passed to h()/append(), or through announce()/notice(). Each entry is a call
// and how many leading arguments are not text (a tag name, an icon, an attribute name).
const WEBVIEW_CALLS = new Map([
  ['h', 2],
  ['iconButton', 1],
  ['announce', 0],
  ['notice', 1],
  ['append', 0],
  ['prepend', 0],
  ['replaceChildren', 0],
  ['after', 0],
  ['before', 0],
]);
const WEBVIEW_PROPS = new Set(['text', 'textContent', 'aria-label', 'innerText']);
// Core results carry the text the host shows under these names too (an error's remediation, why
// a key was or was not found, a chat notice, a tool call's error).
const CORE_PROPS = new Set(['remediation', 'reason', 'text', 'error', 'outcome']);
// A machine-readable code under those names ('not_github', 'unpublished') is no text.
const isCode = (node) => ts.isStringLiteral(node) && /^[a-z][a-zA-Z_]*$/.test(node.text);
const isCore = (root, path) => relative(root, path).startsWith(join('src', 'core'));
// setAttribute(name, value): the value is text for these names only ('aria-busy' takes 'true').
const TEXT_ATTRIBUTES = new Set(['title', 'aria-label', 'placeholder', 'alt']);
const isWebview = (root, path) => relative(root, path).startsWith(join('src', 'webview'));
// Anywhere else in the webview, two words in a row are prose (class names and selectors aside):
// text kept in a table or picked by a condition before it reaches the DOM is found this way.
const PROSE = /[A-Za-z]{2,}[,.:…]? [A-Za-z]{2,}/;
const NOT_PROSE_CALLS = /^(querySelector(All)?|closest|matches|add|remove|toggle|contains|warn|error|log|debug)$/;
function isProse(node) {
  const texts =
    ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
      ? [node.text]
      : ts.isTemplateExpression(node)
        ? [node.head, ...node.templateSpans.map((s) => s.literal)].map((l) => l.text)
        : [];
  if (!texts.some((x) => PROSE.test(x))) return false;
  const parent = node.parent;
  if (ts.isPropertyAssignment(parent) && /^(class|className)$/.test(parent.name.getText())) return false;
  if (ts.isBinaryExpression(parent) && /\.className$/.test(parent.left.getText())) return false;
  if (ts.isNewExpression(parent)) return false;
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    if (NOT_PROSE_CALLS.test(name)) return false;
  }
  return true;
}

/**
 * Literal user-facing text that does not go through a translator, with file and line, in the
 * given folders and files (relative to `root`): all host code by default. The test also scans
 * src/core, where text reaches the user through results (`message:`, `remediation:`, `reason:`…).
 * In src/webview, which has no translator, any such text is English the host did not send.
 */
export function findUnwrapped(root = ROOT, paths = HOST_CODE) {
  const files = paths.flatMap((p) => {
    const full = join(root, p);
    return statSync(full).isDirectory() ? sourceFiles(full) : [full];
  });
  const found = [];
  for (const path of files) {
    const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (node) => `${relative(root, path)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const report = (node) => found.push(`${where(node)}: ${node.getText().slice(0, 80)}`);
    const webview = isWebview(root, path);
    const core = isCore(root, path);
    const shown = (name) =>
      SHOWN_PROPS.has(name) || (webview && WEBVIEW_PROPS.has(name)) || (core && CORE_PROPS.has(name));
    const visit = (node) => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : ts.isIdentifier(callee)
            ? callee.text
            : '';
        if (SHOW.test(name)) for (const a of node.arguments) if (isText(a)) report(a);
        if (webview && WEBVIEW_CALLS.has(name))
          for (const a of node.arguments.slice(WEBVIEW_CALLS.get(name))) if (isText(a)) report(a);
        const [attr, value] = node.arguments;
        if (webview && name === 'setAttribute' && attr && ts.isStringLiteral(attr) && TEXT_ATTRIBUTES.has(attr.text))
          if (value && isText(value)) report(value);
      }
      if (webview && !found.includes(`${where(node)}: ${node.getText().slice(0, 80)}`) && isProse(node)) report(node);
      if (
        ts.isPropertyAssignment(node) &&
        (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) &&
        shown(node.name.text)
      ) {
        const code = core && CORE_PROPS.has(node.name.text) && isCode(node.initializer);
        if (isText(node.initializer) && !code) report(node.initializer);
      }
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(node.left) &&
        shown(node.left.name.text) &&
        isText(node.right)
      ) {
        report(node.right);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

/** The bundle's text for these messages: sorted keys, each mapped to itself (English). */
export function bundleText(messages) {
  const keys = [...messages.keys()].sort();
  return `${JSON.stringify(Object.fromEntries(keys.map((k) => [k, k])), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { messages, problems } = collectMessages();
  for (const p of problems) console.error(p);
  const text = bundleText(messages);
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(BUNDLE, 'utf8');
    } catch {
      // Missing counts as out of date.
    }
    if (current !== text) console.error(`${relative(ROOT, BUNDLE)} is out of date: run node scripts/l10n-bundle.mjs`);
    process.exit(problems.length > 0 || current !== text ? 1 : 0);
  }
  mkdirSync(dirname(BUNDLE), { recursive: true });
  writeFileSync(BUNDLE, text);
  console.log(`${relative(ROOT, BUNDLE)}: ${messages.size} messages`);
  process.exit(problems.length > 0 ? 1 : 0);
}
