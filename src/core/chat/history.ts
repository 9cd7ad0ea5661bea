// What Chat History lists: every saved chat, or only the chats of the space this window shows.
// Pure, so the choice of scope and the wording of a row are unit-tested; the quick pick is the
// host's (src/host/chat/history.ts).
import type { ChatSummary } from './store';
import { t } from '../l10n';

/** `space`: the chats started in the space this window shows; `all`: every saved chat. */
export type HistoryScope = 'space' | 'all';

export function inSpace(chat: Pick<ChatSummary, 'space'>, spacePath: string | undefined): boolean {
  return !!spacePath && chat.space?.path === spacePath;
}

/**
 * The scope the history opens with. In a window that shows a space, its own chats, as long as it
 * has any (an empty list would hide the history behind a filter); the user's last choice in this
 * window wins while it still applies. Without a space there is nothing to filter by.
 */
export function initialScope(
  chats: readonly Pick<ChatSummary, 'space'>[],
  spacePath: string | undefined,
  remembered: HistoryScope | undefined,
): HistoryScope {
  if (!spacePath || !chats.some((c) => inSpace(c, spacePath))) return 'all';
  return remembered ?? 'space';
}

export function chatsInScope<T extends Pick<ChatSummary, 'space'>>(
  chats: readonly T[],
  scope: HistoryScope,
  spacePath: string | undefined,
): T[] {
  return scope === 'space' && spacePath ? chats.filter((c) => inSpace(c, spacePath)) : [...chats];
}

export function ago(ms: number, now: number): string {
  const s = Math.max(0, (now - ms) / 1000);
  if (s < 60) return t('just now');
  if (s < 3600) return t('{0} min ago', Math.floor(s / 60));
  if (s < 86400) return t('{0} h ago', Math.floor(s / 3600));
  return new Date(ms).toLocaleDateString();
}

export interface HistoryRow {
  label: string;
  description: string;
  detail: string;
}

/**
 * One row: the title; the model, and the space the chat belongs to unless it is this window's
 * (in the filtered list every row would repeat it); when, and how long.
 */
export function historyRow(chat: ChatSummary, now: number, spacePath: string | undefined): HistoryRow {
  const where = chat.space && !inSpace(chat, spacePath) ? `$(git-branch) ${chat.space.name}` : '';
  return {
    label: chat.title,
    description: [chat.model?.modelId ?? '', where].filter(Boolean).join('  '),
    detail: `${ago(chat.updatedAt, now)} · ${chat.messages === 1 ? t('{0} message', chat.messages) : t('{0} messages', chat.messages)}`,
  };
}

export function scopeTitle(scope: HistoryScope, spaceName: string | undefined): string {
  return scope === 'space' && spaceName ? t('Chat History: {0}', spaceName) : t('Chat History: all chats');
}
