// Host → webview traffic for one streamed answer: the real ChatSession against the fake
// provider's ~200 KB [big] answer, counting what would be posted to the webview.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ChatSession } from '../src/core/chat/session';
import { ChatStore } from '../src/core/chat/store';
import { silentLogger } from '../src/core/ports';
import { createProviderRuntime } from '../src/core/providers/registry';
import { RecordStore } from '../src/core/state/record';

export async function measureBytes(fake: { anthropicBaseUrl: string; openaiBaseUrl: string; keys: { anthropic: string } }): Promise<{ answerChars: number; postedChars: number; messages: number; deltas: number }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kata-bench-'));
  const secrets = new Map([['kata.apiKey.anthropic', fake.keys.anthropic]]);
  const runtime = createProviderRuntime({
    secrets: { get: async (k) => secrets.get(k), store: async () => {}, delete: async () => {} },
    env: {},
    fetch: (u, i) => fetch(u, i),
    logger: silentLogger,
    settings: () => ({ anthropicBaseUrl: fake.anthropicBaseUrl, openaiBaseUrl: fake.openaiBaseUrl, idleTimeoutMs: 10_000 }),
  });
  const kv = new Map<string, unknown>();
  const store = new ChatStore(fs, dir, new RecordStore({ get: (k) => kv.get(k), update: async (k, v) => void kv.set(k, v) }, silentLogger), silentLogger);
  let postedChars = 0;
  let messages = 0;
  let deltas = 0;
  let answerChars = 0;
  let n = 0;
  const session = new ChatSession(
    {
      id: 'bench',
      store,
      provider: (id) => runtime.get(id),
      settings: () => ({ systemPrompt: '', maxOutputTokens: 4096, temperature: null, contextTokenLimit: 100_000 }),
      log: silentLogger,
      clock: { now: () => Date.now() },
      newId: () => `id${++n}`,
      post: (m) => {
        // Counted from the answer's start: the prompt's own echo is not answer traffic.
        if (m.type === 'entry' && m.entry.kind === 'assistant') postedChars = messages = deltas = 0;
        postedChars += JSON.stringify(m).length;
        messages++;
        if (m.type === 'delta') {
          deltas++;
          answerChars += m.text.length;
        }
      },
    },
    { entries: [] },
  );
  await session.send('[big]', { providerId: 'anthropic', modelId: 'claude-sonnet-4-5' });
  await fs.rm(dir, { recursive: true, force: true });
  return { answerChars, postedChars, messages, deltas };
}
