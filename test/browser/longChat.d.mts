// Types for longChat.mjs, so TypeScript tests can import it.
import type { Harness } from './harness.mjs';

export const LONG_BUDGET: { openMs: number; heapMB: number; taskMs: number };
export interface LongChatResult {
  open: {
    hostMs: number;
    hostCpuMs: number;
    paintedMs: number;
    cpuMs: number;
    longestCpuMs: number;
    totalMs: number;
    totalCpuMs: number;
    heapMB: number;
  };
  scroll: {
    asked: number;
    wrongAsk: string;
    atTop: { firstShown: boolean; elements: number };
    lastShown: boolean;
    entries: number;
    elements: number;
    nodes: number;
    longMs: number;
    cpu: number;
    heapMB: number;
  };
}
export function measureLongChat(
  h: Harness,
  opened: { loadMs: number; initMs: number; cpuMs: number; init: unknown; earlier: unknown[] },
  jumps?: number,
): Promise<LongChatResult>;
export function formatLongChat(n: number, r: LongChatResult): string[];
export function longChatMisses(r: LongChatResult, n: number): string[];
