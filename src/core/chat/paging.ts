// The pages a chat is sent to its webview in: the last page when it opens, one earlier page each
// time the user scrolls to the top. A page is bounded in entries and in text, so a chat of huge
// answers never posts one huge message.
import { toEntryView, type Entry, type EntryView } from './model';

/** Entries per page sent to the webview, and the text budget of one page. */
export const PAGE_ENTRIES = 40;
const PAGE_CHARS = 2_000_000;

/** Entries before `end`, newest last: at most PAGE_ENTRIES and about PAGE_CHARS of text (never empty). */
export function pageBefore(all: readonly Entry[], end: number): { entries: EntryView[]; hasEarlier: boolean } {
  let start = end;
  let chars = 0;
  while (start > 0 && end - start < PAGE_ENTRIES) {
    const size = all[start - 1].text.length;
    if (end - start > 0 && chars + size > PAGE_CHARS) break;
    chars += size;
    start--;
  }
  return { entries: all.slice(start, end).map(toEntryView), hasEarlier: start > 0 };
}
