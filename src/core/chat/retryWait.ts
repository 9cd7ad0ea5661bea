// The words for a request that waits to be sent again, shared by the chat webview, Ask… and the
// runtime's log line (the webview may import only src/core/chat, and gets the words from the host).
import type { RetryReason, RetryWait } from '../providers/types';
import { formatMessage, t } from '../l10n';

/** The templates retryWaitText fills; the chat webview gets them in its strings table. */
export function retryWords() {
  return {
    rateLimited: t('Rate limited'),
    overloaded: t('Provider overloaded'),
    providerError: t('Provider error'),
    providerErrorStatus: t('Provider error (HTTP {0})'),
    connectionFailed: t('Connection failed'),
    retryingIn: t('{0} — retrying in {1} s'),
    retryingNow: t('{0} — retrying now'),
  };
}
export type RetryWords = ReturnType<typeof retryWords>;

/** "Rate limited — retrying in 2 s": what the chat, Ask… and the log say while a retry waits. */
export function retryWaitText(
  w: Pick<RetryWait, 'reason' | 'status'>,
  secondsLeft: number,
  words: RetryWords = retryWords(),
): string {
  const reasons: Record<RetryReason, string> = {
    rate_limited: words.rateLimited,
    overloaded: words.overloaded,
    server_error: w.status ? formatMessage(words.providerErrorStatus, w.status) : words.providerError,
    network: words.connectionFailed,
  };
  const what = reasons[w.reason];
  return secondsLeft > 0 ? formatMessage(words.retryingIn, what, secondsLeft) : formatMessage(words.retryingNow, what);
}
