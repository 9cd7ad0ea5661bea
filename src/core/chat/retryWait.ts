// The words for a request that waits to be sent again, shared by the chat webview, Ask… and the
// runtime's log line (the webview may import only src/core/chat).
import type { RetryReason, RetryWait } from '../providers/types';
import { t } from '../l10n';

const REASON_TEXT: Record<RetryReason, (status?: number) => string> = {
  rate_limited: () => t('Rate limited'),
  overloaded: () => t('Provider overloaded'),
  server_error: (status) => (status ? t('Provider error (HTTP {0})', status) : t('Provider error')),
  network: () => t('Connection failed'),
};

/** "Rate limited — retrying in 2 s": what the chat, Ask… and the log say while a retry waits. */
export function retryWaitText(w: Pick<RetryWait, 'reason' | 'status'>, secondsLeft: number): string {
  const what = REASON_TEXT[w.reason](w.status);
  return secondsLeft > 0 ? t('{0} — retrying in {1} s', what, secondsLeft) : t('{0} — retrying now', what);
}
