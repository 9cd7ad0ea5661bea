// What both provider leak suites share: the canary keys, a provider runtime wired to a given
// server with an in-memory secret store and a capturing log, and the surfaces of an error that
// can reach a user (message, remediation, stack, JSON).
import type { Env } from '../../../src/core/ports';
import { ProviderError } from '../../../src/core/providers/errors';
import { createProviderRuntime } from '../../../src/core/providers/registry';
import type { ProviderId, StreamEvent } from '../../../src/core/providers/types';
import { canary, captureLogger, dump, type Canary } from './canary';

export const A = canary('sk-ant-canary-');
export const O = canary('sk-canary-');
export const L = canary('local-llm-key-canary-');
export const WRONG_A = canary('sk-ant-wrong-canary-');
export const WRONG_L = canary('local-llm-wrong-canary-');
export const ALL: Canary[] = [A, O, L, WRONG_A, WRONG_L];

export function makeRuntime(o: {
  anthropicBaseUrl: string;
  openaiBaseUrl: string;
  secrets?: Record<string, string>;
  env?: Env;
  idleTimeoutMs?: number;
}) {
  const log = captureLogger();
  const secrets = new Map(Object.entries(o.secrets ?? {}));
  const runtime = createProviderRuntime({
    secrets: {
      get: async (k) => secrets.get(k),
      store: async (k, v) => void secrets.set(k, v),
      delete: async (k) => void secrets.delete(k),
    },
    env: o.env ?? {},
    fetch: (input, init) => fetch(input, init),
    logger: log,
    settings: () => ({
      anthropicBaseUrl: o.anthropicBaseUrl,
      openaiBaseUrl: o.openaiBaseUrl,
      idleTimeoutMs: o.idleTimeoutMs ?? 30_000,
    }),
    retry: { sleep: async () => undefined, random: () => 0.5 },
  });
  return { runtime, log };
}

export async function collect(stream: AsyncIterable<StreamEvent>): Promise<{ text: string; error?: ProviderError }> {
  let text = '';
  try {
    for await (const e of stream) if (e.type === 'text' || e.type === 'thinking') text += e.text;
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    return { text, error: e };
  }
  return { text };
}

/** Everything of a ProviderError that can reach a user, a log, a transcript or a crash report. */
export function errorSurfaces(e: ProviderError | undefined): string {
  if (!e) return '';
  return [e.message, e.remediation, String(e), e.stack ?? '', JSON.stringify(e), dump(e)].join('\n');
}

export const MODEL: Record<ProviderId, string> = { anthropic: 'claude-sonnet-4-5', openai: 'gpt-4o' };
