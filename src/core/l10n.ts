// Translatable text for the core. The core may not import vscode, so the host installs
// `vscode.l10n.t` as the translator at activation; until then (unit tests, code run before
// activation) the English message is formatted as VS Code formats it. A message is always a
// string literal with {0}-style placeholders, never text put together from pieces: the literal is
// the key `scripts/l10n-bundle.mjs` writes into l10n/bundle.l10n.json.

export type L10nArg = string | number | boolean;
export type Translator = (message: string, ...args: L10nArg[]) => string;

/**
 * VS Code's own formatting of an untranslated message: without arguments the message is returned
 * as written; with them every `{n}` that names an argument is replaced and any other brace stays.
 */
export function formatMessage(message: string, ...args: L10nArg[]): string {
  if (args.length === 0) return message;
  return message.replace(/\{([^}]+)\}/g, (match, key: string) => {
    const i = /^\d+$/.test(key) ? Number(key) : -1;
    return i >= 0 && i < args.length ? String(args[i]) : match;
  });
}

let translator: Translator = formatMessage;

/** The text shown to the user for `message` (an English string literal with {0} placeholders). */
export function t(message: string, ...args: L10nArg[]): string {
  return translator(message, ...args);
}

/** Installs the host's translator; the returned function puts the previous one back. */
export function setTranslator(next: Translator): () => void {
  const previous = translator;
  translator = next;
  return () => {
    translator = previous;
  };
}

/** Runs `f` with the English messages: for text that goes to the log, which is never translated. */
export function inEnglish<T>(f: () => T): T {
  const restore = setTranslator(formatMessage);
  try {
    return f();
  } finally {
    restore();
  }
}
