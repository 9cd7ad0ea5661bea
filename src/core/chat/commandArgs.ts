// Arguments of the chat commands. They come from command links, menus and other extensions, so
// each is validated here and anything else is ignored.
import { chatSpaceSchema, type ChatSpace } from './model';

/** What the chat needs of the Spaces feature: the space this window shows, if any. */
export interface ChatSpaces {
  current(): Promise<ChatSpace | undefined>;
}
export const noSpaces: ChatSpaces = { current: () => Promise.resolve(undefined) };

/**
 * A space from a command argument (`{ space: { path, name } }`, as New Chat in Space passes it).
 * Only an absolute path: the spec chip reads `notes/spec.md` under it.
 */
export function spaceFrom(arg: unknown): ChatSpace | undefined {
  if (typeof arg !== 'object' || arg === null || !('space' in arg)) return undefined;
  const r = chatSpaceSchema.safeParse((arg as { space: unknown }).space);
  if (!r.success) return undefined;
  const p = r.data.path;
  const absolute = /^([A-Za-z]:)?[\\/]/.test(p);
  const climbs = p.split(/[\\/]/).includes('..');
  return absolute && !climbs && !p.includes('\0') ? r.data : undefined;
}

/** A chat id from a command argument: a string, `{ chatId }`, or nothing. */
export function chatIdFrom(arg: unknown): string | undefined {
  const v = typeof arg === 'object' && arg !== null && 'chatId' in arg ? (arg as { chatId: unknown }).chatId : arg;
  return typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v) ? v : undefined;
}
