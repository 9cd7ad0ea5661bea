// The webview's texts come from the host: the strings table in each `init` message, in the
// user's language. This file holds none of them, and there is no English to fall back on:
// reading a text before the first `init` arrived is a bug in the webview, reported as one.
import type { ChatStrings } from '../core/chat/strings';

export { fill } from '../core/chat/strings';

let table: ChatStrings | undefined;

export function setStrings(strings: ChatStrings): void {
  table = strings;
}

/** The table the host sent. */
export function S(): ChatStrings {
  if (!table) throw new Error('chat strings read before the first init message');
  return table;
}
