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
import { UserError } from '../../core/userError';
import { showError } from '../notify';
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
  return presetById(id)?.keyHint ?? (e ? descriptorOf(e.kind).keyHint : vscode.l10n.t('the key'));
};

async function pickProvider(deps: KeyDeps, title: string): Promise<ProviderId | undefined> {
  const items = await Promise.all(
    deps.models.ids().map(async (id) => {
      const auth = await deps.providers.resolveAuth(id);
      const src =
        auth.resolvedSource === 'secret'
          ? vscode.l10n.t('key stored')
          : auth.resolvedSource === 'env'
            ? vscode.l10n.t('using {0}', auth.envVar ?? '')
            : vscode.l10n.t('no key');
      return { label: deps.models.labelOf(id), description: src, id };
    }),
  );
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Choose an endpoint') });
  return pick?.id;
}

export async function setApiKey(deps: KeyDeps, arg?: unknown, testArgs?: unknown): Promise<boolean> {
  const id =
    providerFromArg(arg, deps.models.ids()) ?? (await pickProvider(deps, vscode.l10n.t('Kata Cloud: Set API Key')));
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
          title: vscode.l10n.t('Kata Cloud: {0} API Key', label),
          prompt: env
            ? vscode.l10n.t(
                "Paste your {0} API key. It is checked against {0} and kept in VS Code's Secret Storage (used instead of {1}).",
                label,
                env,
              )
            : vscode.l10n.t(
                "Paste your {0} API key. It is checked against {0} and kept in VS Code's Secret Storage.",
                label,
              ),
          placeHolder: keyHint(deps, id),
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) =>
            v.trim() === ''
              ? vscode.l10n.t('Enter a key, or press Escape to cancel.')
              : /\s/.test(v.trim())
                ? vscode.l10n.t('A key has no spaces or line breaks; check what was pasted.')
                : undefined,
        });
  const key = raw?.trim();
  if (!key) return false;
  deps.log.remember(key);

  const check = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Checking the {0} key…', label),
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
      // The runtime's remediation for a rejected candidate key (401) already says it was not saved;
      // it is recognised as the same message in the same language, never by its English words.
      const remedy =
        e.remediation === vscode.l10n.t('Check the key and try again; it was not saved.')
          ? e.remediation
          : vscode.l10n.t('{0} The key was not saved.', e.remediation);
      // A 401's own message only repeats "rejected the key"; other refusals say something new.
      const what =
        e.code !== 'invalid_auth'
          ? vscode.l10n.t('{0} rejected this key: {1}', label, e.message)
          : e.status
            ? vscode.l10n.t('{0} rejected this key ({1}).', label, e.status)
            : vscode.l10n.t('{0} rejected this key.', label);
      let again = false;
      const actions = ['tryAgain', 'openLog'] as const;
      const refused = new UserError({ code: e.code, message: what, remediation: remedy, actions, verbatim: true });
      await showError(refused, deps.log, { handlers: { tryAgain: () => (again = true) } });
      return again ? setApiKey(deps, id) : false;
    }
    // Offline, endpoint down or rate-limited: the key may well be fine.
    const saveAnyway = vscode.l10n.t('Save Anyway');
    const tryAgain = vscode.l10n.t('Try Again');
    const pick = await vscode.window.showWarningMessage(
      vscode.l10n.t('The {0} key could not be checked: {1} Save it anyway?', label, e.message),
      { modal: false },
      saveAnyway,
      tryAgain,
    );
    if (pick === tryAgain) return setApiKey(deps, id);
    if (pick !== saveAnyway) return false;
  }
  await deps.secrets.store(secretKeyFor(id), key);
  deps.log.info(
    `${label} key saved to Secret Storage${check.ok ? ` (${check.models.length} models available)` : ' without a check'}.`,
  );
  void vscode.window.showInformationMessage(
    check.ok
      ? vscode.l10n.t('{0} key saved: {1} models available.', label, check.models.length)
      : vscode.l10n.t('{0} key saved (not checked).', label),
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
        vscode.l10n.t(
          'No API key is stored in Kata Cloud. (Keys from environment variables are not stored and cannot be cleared here.)',
        ),
      );
      return false;
    }
    const pick = await vscode.window.showQuickPick(
      stored.map((p) => ({ label: deps.models.labelOf(p), id: p })),
      { title: vscode.l10n.t('Kata Cloud: Clear API Key'), placeHolder: vscode.l10n.t('Remove which stored key?') },
    );
    id = pick?.id;
  }
  if (!id) return false;
  const label = deps.models.labelOf(id);
  await deps.secrets.delete(secretKeyFor(id));
  deps.log.info(`${label} key removed from Secret Storage.`);
  const auth = await deps.providers.resolveAuth(id);
  void vscode.window.showInformationMessage(
    auth.resolvedSource === 'env'
      ? vscode.l10n.t('{0} key removed. {1} from the environment is used now.', label, auth.envVar ?? '')
      : vscode.l10n.t('{0} key removed.', label),
  );
  await deps.models.refresh([id]);
  return true;
}
