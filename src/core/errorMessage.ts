// What to say about anything thrown: an Error's message, else the value as text. Callers that
// show it to the user still scrub it where a key could appear.

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
