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

/** The commands the manifest contributes. */
export function contributedCommands(ext: vscode.Extension<unknown>): string[] {
  const pkg = ext.packageJSON as { contributes?: { commands?: { command: string }[] } };
  return (pkg.contributes?.commands ?? []).map((c) => c.command);
}

/** Polls until `fn` returns a truthy value; fails with `what` and the last value seen. */
export async function waitUntil<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 10000): Promise<NonNullable<T>> {
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
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The fake provider's base URLs, as the runner put them into the user settings. */
export function fakeBaseUrls(): { anthropic: string; openai: string } {
  const c = vscode.workspace.getConfiguration('kata');
  const anthropic = c.get<string>('anthropic.baseUrl', '');
  const openai = c.get<string>('openai.baseUrl', '');
  assert.match(anthropic, /^http:\/\/127\.0\.0\.1:\d+/, 'kata.anthropic.baseUrl must point at the local fake (set by the runner)');
  assert.match(openai, /^http:\/\/127\.0\.0\.1:\d+/, 'kata.openai.baseUrl must point at the local fake (set by the runner)');
  return { anthropic, openai };
}
