// Types for harness.mjs, so TypeScript tests can import it.
import type { Browser, Page } from 'playwright-core';

export const ROOT: string;
/** How long a browser test waits for a condition before it counts as a hang. */
export const HANG_MS: number;
export const CHROMIUM: string;
export const CHROMIUM_ARGS: string[];
export function buildWebview(outDir: string): Promise<{ bundle: string; html: string }>;
export function startCanary(): Promise<{ url: string; hits: string[]; close(): Promise<void> }>;
export interface Harness {
  page: Page;
  browser: Browser;
  origin: string;
  nonce: string;
  csp: string;
  bundleBytes: number;
  consoleErrors: string[];
  requests: string[];
  reload(): Promise<void>;
  host(...messages: unknown[]): Promise<void>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  posted(): Promise<any[]>;
  violations(): Promise<unknown[]>;
  settle(): Promise<void>;
  close(): Promise<void>;
}
export function startHarness(options?: { headless?: boolean }): Promise<Harness>;
/** The webview's strings table in English, as the session sends it in `init`. */
export const CHAT_STRINGS: import('../../src/core/chat/strings').ChatStrings;
export const MODEL: { providerId: 'anthropic'; modelId: string };
export function initMessage(entries?: unknown[], extra?: Record<string, unknown>): Record<string, unknown>;
export function streamingEntry(id: string): Record<string, unknown>;
