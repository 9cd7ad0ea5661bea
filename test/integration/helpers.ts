// Shared helpers for the in-host suite (runs inside a real extension host).
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'kata-cloud.kata-cloud';

export type Phase = 'first' | 'reload';

/**
 * Which run of the suite this is. The code-server runner rewrites a file between the two window
 * loads (the extension host's environment is fixed when code-server starts); the desktop runner
 * sets the variable per run.
 */
export function phase(): Phase {
  const file = process.env.KATA_IT_PHASE_FILE;
  const raw = file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : process.env.KATA_IT_PHASE;
  return raw === 'reload' ? 'reload' : 'first';
}

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded in this extension host`);
  await ext.activate();
  return ext;
}

/** The exports of the activated extension (its read-only API). */
export function activeApi<T>(): T {
  const ext = vscode.extensions.getExtension<T>(EXTENSION_ID);
  assert.ok(ext?.isActive, `${EXTENSION_ID} is not active`);
  return ext.exports;
}

/** The commands the manifest contributes. */
export function contributedCommands(ext: vscode.Extension<unknown>): string[] {
  const pkg = ext.packageJSON as { contributes?: { commands?: { command: string }[] } };
  return (pkg.contributes?.commands ?? []).map((c) => c.command);
}

/** Polls until `fn` returns a truthy value; fails with `what` and the last value seen. */
export async function waitUntil<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 30000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (e) {
      last = e instanceof Error ? e.message : e;
    }
    if (Date.now() > deadline)
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The fake provider's base URLs, as the runner put them into the user settings. */
export function fakeBaseUrls(): { anthropic: string; openai: string } {
  const c = vscode.workspace.getConfiguration('kata');
  const anthropic = c.get<string>('anthropic.baseUrl', '');
  const openai = c.get<string>('openai.baseUrl', '');
  assert.match(
    anthropic,
    /^http:\/\/127\.0\.0\.1:\d+/,
    'kata.anthropic.baseUrl must point at the local fake (set by the runner)',
  );
  assert.match(
    openai,
    /^http:\/\/127\.0\.0\.1:\d+/,
    'kata.openai.baseUrl must point at the local fake (set by the runner)',
  );
  return { anthropic, openai };
}

/** Keys the fake provider server accepts (test/fakes/providerServer.mjs DEFAULT_KEYS). */
export const FAKE_KEYS = {
  anthropic: 'sk-ant-test-valid-0123456789',
  openai: 'sk-test-valid-0123456789abcdef',
} as const;
/** Model ids the fake lists by default (DEFAULT_MODELS there). */
export const FAKE_MODEL_IDS = {
  anthropic: ['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5'],
  openai: ['gpt-4o', 'gpt-4o-mini', 'o3-mini'],
} as const;

/** What `kata.models.refresh` resolves with: the Models view's content per provider. */
export interface ProviderSummary {
  providerId: 'anthropic' | 'openai';
  auth?: 'secret' | 'env' | 'none';
  models: string[];
  error?: string;
  default: { providerId: string; modelId: string } | null;
}

export async function refreshModels(): Promise<Record<'anthropic' | 'openai', ProviderSummary>> {
  const list = await vscode.commands.executeCommand<ProviderSummary[]>('kata.models.refresh');
  assert.ok(Array.isArray(list), `kata.models.refresh returned ${JSON.stringify(list)}`);
  const byId = Object.fromEntries(list.map((s) => [s.providerId, s])) as Record<
    'anthropic' | 'openai',
    ProviderSummary
  >;
  assert.ok(byId.anthropic && byId.openai, `providers in the summary: ${JSON.stringify(list)}`);
  return byId;
}

/** Settles within `ms` or reports that it is still pending. */
export async function settleWithin<T>(
  p: Thenable<T>,
  ms: number,
): Promise<{ settled: true; value: T } | { settled: false }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ settled: false }>((r) => {
    timer = setTimeout(() => r({ settled: false }), ms);
  });
  try {
    return await Promise.race([Promise.resolve(p).then((value) => ({ settled: true as const, value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Untitled Markdown documents whose text contains `needle` (the editors Ask… opens). */
export function untitledMarkdownWith(needle: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find(
    (d) => d.isUntitled && d.languageId === 'markdown' && d.getText().includes(needle),
  );
}

/** Stores the fake's valid key for `provider` through the public command (tests only). */
export async function useFakeKey(provider: 'anthropic' | 'openai'): Promise<void> {
  const ok = await vscode.commands.executeCommand<boolean>('kata.setApiKey', provider, { key: FAKE_KEYS[provider] });
  assert.equal(ok, true, `kata.setApiKey ${provider} with the fake's key`);
}
