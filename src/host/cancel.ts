import type * as vscode from 'vscode';

/** An AbortSignal that follows a CancellationToken, and the listener that links them. */
export interface TokenSignal extends vscode.Disposable {
  readonly signal: AbortSignal;
  /** Aborts for a reason of the caller's own (an editor closed), not only the token. */
  abort(): void;
}

/**
 * The one bridge from VS Code's cancellation to fetch's: the signal aborts when the token is
 * cancelled, also when it already was. Dispose it when the work ends, so the token does not keep
 * a listener (and the controller) alive after the work is done.
 */
export function toAbortSignal(token: vscode.CancellationToken): TokenSignal {
  const ac = new AbortController();
  const sub = token.onCancellationRequested(() => ac.abort());
  if (token.isCancellationRequested) ac.abort();
  return { signal: ac.signal, abort: () => ac.abort(), dispose: () => sub.dispose() };
}

/** Runs `work` with a signal that follows `token`, and unlinks them when it settles. */
export async function withAbortSignal<T>(
  token: vscode.CancellationToken,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const s = toAbortSignal(token);
  try {
    return await work(s.signal);
  } finally {
    s.dispose();
  }
}
