// Types for renderLoad.mjs, so TypeScript tests can import it.
import type { Harness } from './harness.mjs';

export interface LoadResult {
  stream: {
    doneMs: number;
    longMs: number;
    cpu: number;
    lagMs: number;
    inputMs: number;
    stopMs: number;
    stopPostedMs: number;
    typedIntact: boolean;
    typedChars: number;
    costRatio: number;
  };
  reopen: { paintedMs: number; settledMs: number; longMs: number; cpu: number };
}
export const LOADS: Record<string, () => string>;
export const CUTTINGS: Record<string, [number, number]>;
export function loadText(name: string, normal: () => string): string;
export function hostBatches(text: string, cutting: [number, number]): string[];
export function measureLoad(h: Harness, text: string, cutting: [number, number], id?: string): Promise<LoadResult>;
export const BUDGET: { taskMs: number; inputMs: number; costRatio: number };
export function formatRow(name: string, cut: string, r: LoadResult): string;
export const TABLE_HEAD: string[];
export function misses(r: LoadResult): string[];
