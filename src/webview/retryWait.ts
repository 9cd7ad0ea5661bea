// While a request waits to be sent again (rate limit, overload, before any text), the streaming
// answer's "Generating…" line counts down to the retry instead.
import type { HostMessage } from '../core/chat/protocol';
import { retryWaitText } from '../core/chat/retryWait';
import { icon } from './dom';
import { S } from './strings';

type RetryWaitMessage = Extract<HostMessage, { type: 'retryWait' }>;

let timer: ReturnType<typeof setInterval> | undefined;

/** Shows the countdown in `line` (the answer's typing line); returns the sentence to announce. */
export function showRetryWait(line: Element | null, m: RetryWaitMessage): string {
  clearInterval(timer);
  const first = retryWaitText(m, Math.ceil(m.delayMs / 1000), S());
  if (!line) return first;
  const until = Date.now() + m.delayMs;
  const paint = () => {
    // The line leaves the page when the answer ends: stop counting then.
    if (!line.isConnected) return clearInterval(timer);
    const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
    line.replaceChildren(icon('loading'), ` ${left > 0 ? retryWaitText(m, left, S()) : S().generating}`);
    line.classList.toggle('waiting', left > 0);
    if (left === 0) clearInterval(timer);
  };
  paint();
  timer = setInterval(paint, 250);
  return first;
}
