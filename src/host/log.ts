import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { redactSecrets } from '../core/redact';
import { errorDetail } from '../core/errorMessage';

/**
 * The "Kata Cloud" log. Everything written passes through the key redactor, and `remember`
 * adds exact values (keys the user typed) to redact even when they have no known shape.
 */
export class HostLog implements Logger {
  readonly channel: vscode.LogOutputChannel;
  private readonly known = new Set<string>();

  constructor() {
    this.channel = vscode.window.createOutputChannel('Kata Cloud', { log: true });
  }

  remember(secret: string | undefined): void {
    if (secret && secret.length >= 6) this.known.add(secret);
  }

  private fmt(message: string | Error, args: unknown[]): string {
    const head = typeof message === 'string' ? message : errorDetail(message);
    const tail = args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ');
    return redactSecrets(tail ? `${head} ${tail}` : head, [...this.known]);
  }

  trace(m: string, ...a: unknown[]): void {
    this.channel.trace(this.fmt(m, a));
  }
  debug(m: string, ...a: unknown[]): void {
    this.channel.debug(this.fmt(m, a));
  }
  info(m: string, ...a: unknown[]): void {
    this.channel.info(this.fmt(m, a));
  }
  warn(m: string, ...a: unknown[]): void {
    this.channel.warn(this.fmt(m, a));
  }
  error(m: string | Error, ...a: unknown[]): void {
    this.channel.error(this.fmt(m, a));
  }

  dispose(): void {
    this.channel.dispose();
  }
}

function safeJson(v: unknown): string {
  if (v instanceof Error) return errorDetail(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
