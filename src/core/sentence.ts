// Messages are often built from pieces that may or may not already end with a full stop (GitHub's
// validation messages, provider error text, exception messages). These helpers end each piece
// with exactly one, so a joined message never reads "supported in this repository..".

const TERMINAL = /[.!?…]$/;

/** `text` trimmed, ending with exactly one sentence mark: a trailing run of dots becomes one full stop. */
export function sentence(text: string): string {
  const t = text.trim().replace(/\.{2,}$/, '.');
  if (!t) return '';
  return TERMINAL.test(t) ? t : `${t}.`;
}

/** `text` without its closing full stop(s), for quoting inside a longer sentence or parentheses. */
export function clause(text: string): string {
  return text.trim().replace(/\.+$/, '');
}

/** Joins the non-empty pieces as sentences separated by one space. */
export function sentences(...parts: Array<string | undefined>): string {
  return parts
    .map((p) => (p === undefined ? '' : sentence(p)))
    .filter(Boolean)
    .join(' ');
}
