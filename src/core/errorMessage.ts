// What to say about anything thrown. Every "what went wrong" string in the extension comes from
// here, so a non-Error throw (a string, an object from a library) reads the same everywhere.
// Callers that show it to the user still scrub it where a key could appear.

/** One line for the user: an Error's message, else the value as text. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** For the log: the stack when there is one (it starts with the message), else the message. */
export function errorDetail(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/**
 * A failed child process (git) carries its stderr, which says more than "Command failed"; fall
 * back to the message when stderr is empty.
 */
export function processErrorMessage(e: unknown): string {
  const stderr = (e as { stderr?: unknown } | undefined)?.stderr;
  return e instanceof Error && typeof stderr === 'string' && stderr ? stderr : errorMessage(e);
}
