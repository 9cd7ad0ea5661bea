// Set / clear provider keys. A key is checked by listing models before it is stored; an
// invalid key is never stored; a network failure lets the user choose "Save Anyway".
import * as vscode from 'vscode';
import type { ModelCatalog } from '../../core/providers/catalog';
import type { ProviderRuntime } from '../../core/providers/registry';
import { secretKeyFor } from '../../core/providers/registry';
import { envVarFor } from '../../core/providers/auth';
import { descriptorOf } from '../../core/providers/descriptors';
import { presetById } from '../../core/providers/presets';
import type { ProviderId } from '../../core/providers/types';
import type { SecretStore } from '../../core/ports';
import type { ConfigOwner } from '../config';
import type { HostLog } from '../log';
import { withAbortSignal } from '../cancel';

export interface KeyDeps {
  providers: ProviderRuntime;
  models: ModelCatalog;
  secrets: SecretStore;
  log: HostLog;
  config: ConfigOwner;
  /** Arguments may carry a key only in extension tests, never from a command link. */
  testMode: boolean;
}

/** Accepts an endpoint id of the current list, a tree node carrying one, or nothing. */
export function providerFromArg(arg: unknown, ids: readonly string[]): ProviderId | undefined {
  const v =
    typeof arg === 'object' && arg !== null && 'providerId' in arg ? (arg as { providerId: unknown }).providerId : arg;
  return typeof v === 'string' && ids.includes(v) ? v : undefined;
}

const keyHint = (deps: KeyDeps, id: ProviderId): string => {
  const e = deps.models.endpoints().find((x) => x.id === id);
  return presetById(id)?.keyHint ?? (e ? descriptorOf(e.kind).keyHint : 'the key');
};

async function pickProvider(deps: KeyDeps, title: string): Promise<ProviderId | undefined> {
  const items = await Promise.all(
    deps.models.ids().map(async (id) => {
      const auth = await deps.providers.resolveAuth(id);
      const src =
        auth.resolvedSource === 'secret'
          ? 'key stored'
          : auth.resolvedSource === 'env'
            ? `using ${auth.envVar}`
            : 'no key';
      return { label: deps.models.labelOf(id), description: src, id };
    }),
  );
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: 'Choose an endpoint' });
  return pick?.id;
}

export async function setApiKey(deps: KeyDeps, arg?: unknown, testArgs?: unknown): Promise<boolean> {
  const id = providerFromArg(arg, deps.models.ids()) ?? (await pickProvider(deps, 'Kata Cloud: Set API Key'));
  if (!id) return false;
  const label = deps.models.labelOf(id);
  const env = envVarFor(id);
  const preset =
    deps.testMode && typeof testArgs === 'object' && testArgs !== null
      ? (testArgs as { key?: unknown }).key
      : undefined;
  const raw =
    typeof preset === 'string'
      ? preset
      : await vscode.window.showInputBox({
          title: `Kata Cloud: ${label} API Key`,
          prompt: `Paste your ${label} API key. It is checked against ${label} and kept in VS Code's Secret Storage${env ? ` (used instead of ${env})` : ''}.`,
          placeHolder: keyHint(deps, id),
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) =>
            v.trim() === ''
              ? 'Enter a key, or press Escape to cancel.'
              : /\s/.test(v.trim())
                ? 'A key has no spaces or line breaks; check what was pasted.'
                : undefined,
        });
  const key = raw?.trim();
  if (!key) return false;
  deps.log.remember(key);

  const check = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Checking the ${label} key…`,
      cancellable: true,
    },
    (_p, token) => {
      return withAbortSignal(token, (signal) => deps.providers.validateKey(id, key, signal));
    },
  );
  if (!check.ok) {
    const e = check.error;
    if (e.code === 'cancelled') return false;
    if (e.code === 'invalid_auth' || e.code === 'bad_request' || e.code === 'missing_auth') {
      deps.log.warn(`${label} rejected the key (${e.code}, HTTP ${e.status ?? '-'}); it was not saved.`);
      // The runtime's remediation for a candidate key already says it was not saved.
      const remedy = /not saved/.test(e.remediation) ? e.remediation : `${e.remediation} The key was not saved.`;
      // A 401's own message only repeats "rejected the key"; other refusals say something new.
      const what =
        e.code === 'invalid_auth'
          ? `${label} rejected this key${e.status ? ` (${e.status})` : ''}.`
          : `${label} rejected this key: ${e.message}`;
      const pick = await vscode.window.showErrorMessage(`${what} ${remedy}`, 'Try Again', 'Open Log');
      if (pick === 'Try Again') return setApiKey(deps, id);
      if (pick === 'Open Log') deps.log.channel.show();
      return false;
    }
    // Offline, endpoint down or rate-limited: the key may well be fine.
    const pick = await vscode.window.showWarningMessage(
      `The ${label} key could not be checked: ${e.message} Save it anyway?`,
      { modal: false },
      'Save Anyway',
      'Try Again',
    );
    if (pick === 'Try Again') return setApiKey(deps, id);
    if (pick !== 'Save Anyway') return false;
  }
  await deps.secrets.store(secretKeyFor(id), key);
  deps.log.info(
    `${label} key saved to Secret Storage${check.ok ? ` (${check.models.length} models available)` : ' without a check'}.`,
  );
  void vscode.window.showInformationMessage(
    `${label} key saved${check.ok ? `: ${check.models.length} models available` : ' (not checked)'}.`,
  );
  await deps.models.refresh([id]);
  return true;
}

export async function clearApiKey(deps: KeyDeps, arg?: unknown): Promise<boolean> {
  let id = providerFromArg(arg, deps.models.ids());
  if (!id) {
    const stored = (
      await Promise.all(deps.models.ids().map(async (p) => ((await deps.secrets.get(secretKeyFor(p))) ? p : undefined)))
    ).filter((p): p is ProviderId => !!p);
    if (!stored.length) {
      void vscode.window.showInformationMessage(
        'No API key is stored in Kata Cloud. (Keys from environment variables are not stored and cannot be cleared here.)',
      );
      return false;
    }
    const pick = await vscode.window.showQuickPick(
      stored.map((p) => ({ label: deps.models.labelOf(p), id: p })),
      { title: 'Kata Cloud: Clear API Key', placeHolder: 'Remove which stored key?' },
    );
    id = pick?.id;
  }
  if (!id) return false;
  const label = deps.models.labelOf(id);
  await deps.secrets.delete(secretKeyFor(id));
  deps.log.info(`${label} key removed from Secret Storage.`);
  const auth = await deps.providers.resolveAuth(id);
  void vscode.window.showInformationMessage(
    `${label} key removed.${auth.resolvedSource === 'env' ? ` ${auth.envVar} from the environment is used now.` : ''}`,
  );
  await deps.models.refresh([id]);
  return true;
}
