// Add / Edit / Remove Endpoint…: the user's list of model servers. An endpoint is checked by
// listing its models before it is saved; its key goes to Secret Storage under its own id and
// is only ever sent to its own URL.
import * as vscode from 'vscode';
import { secretKeyFor } from '../../core/providers/auth';
import {
  checkEndpointUrl,
  isInsecureRemote,
  newEndpointId,
  serializeEndpoints,
  type EndpointConfig,
  type EndpointKind,
} from '../../core/providers/endpoints';
import { ENDPOINT_PRESETS, type EndpointPreset } from '../../core/providers/presets';
import type { CheckResult } from '../../core/providers/registry';
import { UserError } from '../../core/userError';
import { showError } from '../notify';
import type { KeyDeps } from './keys';
import { providerFromArg } from './keys';
import { withAbortSignal } from '../cancel';

// Read when shown, not at import: the translator is installed at activation.
const addTitle = () => vscode.l10n.t('Kata Cloud: Add Endpoint');

async function writeList(deps: KeyDeps, list: EndpointConfig[]): Promise<void> {
  // User level only: the setting is application-scoped, a workspace cannot hold it.
  await deps.config.update('endpoints', serializeEndpoints(list));
}

function uniqueLabel(label: string, list: readonly EndpointConfig[]): string {
  const taken = new Set(list.map((e) => e.label.toLowerCase()));
  if (!taken.has(label.toLowerCase())) return label;
  for (let n = 2; ; n++) if (!taken.has(`${label} ${n}`.toLowerCase())) return `${label} ${n}`;
}

async function askUrl(title: string, value: string): Promise<string | undefined> {
  const raw = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('The API root (http or https; no user name, password, query or fragment).'),
    value,
    placeHolder: vscode.l10n.t('e.g. {0}', 'http://localhost:11434/v1'),
    ignoreFocusOut: true,
    validateInput: (v) => checkEndpointUrl(v).error,
  });
  return raw === undefined ? undefined : checkEndpointUrl(raw).url;
}

async function askLabel(title: string, value: string, list: readonly EndpointConfig[], self?: string) {
  const raw = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('A name for this endpoint, shown in the Models view and the model pickers.'),
    value,
    ignoreFocusOut: true,
    validateInput: (v) =>
      !v.trim()
        ? vscode.l10n.t('Enter a name.')
        : v.trim().length > 60
          ? vscode.l10n.t('At most {0} characters.', 60)
          : list.some((e) => e.id !== self && e.label.toLowerCase() === v.trim().toLowerCase())
            ? vscode.l10n.t('Another endpoint has this name.')
            : undefined,
  });
  return raw?.trim() || undefined;
}

/** A key, '' for none, undefined when cancelled. */
async function askKey(label: string, need: EndpointPreset['key'], hint?: string): Promise<string | undefined> {
  const raw = await vscode.window.showInputBox({
    title: vscode.l10n.t('Kata Cloud: {0} API Key', label),
    prompt:
      need === 'required'
        ? vscode.l10n.t(
            "Paste your {0} API key. It is kept in VS Code's Secret Storage and sent only to this endpoint.",
            label,
          )
        : vscode.l10n.t(
            "Paste the server's API key, or leave this empty if it takes none. A key is kept in Secret Storage and sent only to this endpoint.",
          ),
    placeHolder: hint ?? (need === 'required' ? vscode.l10n.t('API key') : vscode.l10n.t('no key')),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) =>
      need === 'required' && !v.trim()
        ? vscode.l10n.t('Enter a key, or press Escape to cancel.')
        : /\s/.test(v.trim())
          ? vscode.l10n.t('A key has no spaces or line breaks; check what was pasted.')
          : undefined,
  });
  return raw === undefined ? undefined : raw.trim();
}

/** Plain http to another machine: the key would cross the network readable by anyone on the way. */
async function confirmInsecure(url: string): Promise<boolean> {
  const send = vscode.l10n.t('Send Key over HTTP');
  const pick = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      '{0} uses plain http to another machine: the key would travel unencrypted and could be read on the way. Send it anyway?',
      url,
    ),
    { modal: true },
    send,
  );
  return pick === send;
}

async function check(deps: KeyDeps, e: EndpointConfig, key: string | undefined): Promise<CheckResult> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Checking {0} (listing models)…', e.label),
      cancellable: true,
    },
    (_p, token) => {
      return withAbortSignal(token, (signal) => deps.providers.checkEndpoint(e, key, signal));
    },
  );
}

/** 'save' | 'retry' | 'cancel' after a failed check. */
async function afterFailedCheck(
  deps: KeyDeps,
  e: EndpointConfig,
  r: CheckResult,
): Promise<'save' | 'retry' | 'cancel'> {
  if (r.ok) return 'save';
  const err = r.error;
  if (err.code === 'cancelled') return 'cancel';
  deps.log.warn(`Checking endpoint ${e.label} failed: ${err.code} ${err.message}`);
  if (err.code === 'invalid_auth' || err.code === 'missing_auth') {
    let again = false;
    const message = vscode.l10n.t('{0} Nothing was saved.', err.message);
    const refused = new UserError({ code: err.code, message, actions: ['tryAgain', 'openLog'], verbatim: true });
    await showError(refused, deps.log, { handlers: { tryAgain: () => (again = true) } });
    return again ? 'retry' : 'cancel';
  }
  // Not running yet, offline, wrong path: the endpoint may still be right.
  const saveAnyway = vscode.l10n.t('Save Anyway');
  const tryAgain = vscode.l10n.t('Try Again');
  const pick = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} could not be checked: {1} Save it anyway?', e.label, err.message),
    saveAnyway,
    tryAgain,
  );
  return pick === saveAnyway ? 'save' : pick === tryAgain ? 'retry' : 'cancel';
}

async function save(deps: KeyDeps, list: EndpointConfig[], e: EndpointConfig, key: string | undefined, r: CheckResult) {
  if (key) {
    deps.log.remember(key);
    await deps.secrets.store(secretKeyFor(e.id), key);
  }
  await writeList(deps, list);
  deps.models.loadCache();
  const n = r.ok ? `: ${r.models.length} models available` : ' (not checked)';
  deps.log.info(
    `Endpoint ${e.label} (${e.kind}, ${e.baseUrl}) saved${key ? ' with a key in Secret Storage' : ''}${n}.`,
  );
  void vscode.window.showInformationMessage(
    r.ok
      ? vscode.l10n.t('{0} saved: {1} models available.', e.label, r.models.length)
      : vscode.l10n.t('{0} saved (not checked).', e.label),
  );
  await deps.models.refresh([e.id]);
}

export async function addEndpoint(deps: KeyDeps): Promise<boolean> {
  const pick = await vscode.window.showQuickPick(
    ENDPOINT_PRESETS.map((p) => ({
      label: p.label,
      description: p.baseUrl || undefined,
      detail: p.key === 'required' ? vscode.l10n.t('{0} · needs a key', p.detail) : p.detail,
      p,
    })),
    { title: addTitle(), placeHolder: vscode.l10n.t('Which server?'), matchOnDescription: true, matchOnDetail: true },
  );
  if (!pick) return false;
  const preset = pick.p;
  let kind: EndpointKind = preset.kind;
  if (preset.id === 'custom') {
    const k = await vscode.window.showQuickPick(
      [
        {
          label: vscode.l10n.t('OpenAI-compatible'),
          description: vscode.l10n.t('{0}, Bearer key', '/v1/chat/completions'),
          wire: 'openai-compatible' as const,
        },
        {
          label: vscode.l10n.t('Anthropic-compatible'),
          description: vscode.l10n.t('{0}, x-api-key', '/v1/messages'),
          wire: 'anthropic' as const,
        },
      ],
      { title: addTitle(), placeHolder: vscode.l10n.t('Which API does the server speak?') },
    );
    if (!k) return false;
    kind = k.wire;
  }
  const list = deps.models.endpoints();
  const baseUrl = await askUrl(vscode.l10n.t('{0}: {1} URL', addTitle(), preset.label), preset.baseUrl);
  if (!baseUrl) return false;
  const label =
    preset.id === 'custom'
      ? await askLabel(vscode.l10n.t('{0}: name', addTitle()), '', list)
      : uniqueLabel(preset.label, list);
  if (!label) return false;
  const endpoint: EndpointConfig = {
    id: newEndpointId(
      label,
      list.map((e) => e.id),
    ),
    label,
    kind,
    baseUrl,
  };
  return finishWithKey(deps, list, endpoint, preset.key === 'none' ? 'none' : preset.key, preset.keyHint);
}

async function finishWithKey(
  deps: KeyDeps,
  list: EndpointConfig[],
  endpoint: EndpointConfig,
  need: EndpointPreset['key'],
  hint: string | undefined,
  knownKey?: string,
): Promise<boolean> {
  const e = { ...endpoint };
  for (;;) {
    let key = knownKey;
    if (key === undefined && need !== 'none') {
      key = await askKey(e.label, need, hint);
      if (key === undefined) return false;
    }
    key = key || undefined;
    if (key && isInsecureRemote(e.baseUrl) && !e.allowInsecureKey) {
      if (!(await confirmInsecure(e.baseUrl))) return false;
      e.allowInsecureKey = true;
    }
    const r = await check(deps, e, key);
    const next = r.ok ? 'save' : await afterFailedCheck(deps, e, r);
    if (next === 'cancel') return false;
    if (next === 'retry') {
      // A server that answered 401 without a key needs one after all.
      if (need === 'none') need = 'optional';
      knownKey = undefined;
      continue;
    }
    const i = list.findIndex((x) => x.id === e.id);
    const updated = i < 0 ? [...list, e] : list.map((x) => (x.id === e.id ? e : x));
    await save(deps, updated, e, key, r);
    return true;
  }
}

async function pickEndpoint(deps: KeyDeps, title: string, arg: unknown): Promise<EndpointConfig | undefined> {
  const list = deps.models.endpoints();
  const id = providerFromArg(
    arg,
    list.map((e) => e.id),
  );
  if (id) return list.find((e) => e.id === id);
  if (!list.length) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('There are no endpoints. Use "Kata Cloud: Add Endpoint…" first.'),
    );
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    list.map((e) => ({ label: e.label, description: e.baseUrl, e })),
    { title, placeHolder: vscode.l10n.t('Which endpoint?') },
  );
  return pick?.e;
}

export async function editEndpoint(deps: KeyDeps, arg?: unknown): Promise<boolean> {
  const title = vscode.l10n.t('Kata Cloud: Edit Endpoint');
  const old = await pickEndpoint(deps, title, arg);
  if (!old) return false;
  const list = deps.models.endpoints();
  const label = await askLabel(vscode.l10n.t('{0}: name', title), old.label, list, old.id);
  if (!label) return false;
  const baseUrl = await askUrl(vscode.l10n.t('{0}: {1} URL', title, label), old.baseUrl);
  if (!baseUrl) return false;
  const stored = (await deps.secrets.get(secretKeyFor(old.id)))?.trim() || undefined;
  const sameOrigin = new URL(baseUrl).origin === new URL(old.baseUrl).origin;
  const e: EndpointConfig = { id: old.id, label, kind: old.kind, baseUrl };
  if (sameOrigin && old.allowInsecureKey) e.allowInsecureKey = true;
  let knownKey: string | undefined;
  if (stored && sameOrigin) knownKey = stored;
  else if (stored) {
    // The stored key was given for another server: it moves only when the user says so.
    const pick = await vscode.window.showQuickPick(
      [
        { label: vscode.l10n.t('Enter a key for the new URL'), v: 'new' },
        { label: vscode.l10n.t('Send the stored key to {0}', new URL(baseUrl).host), v: 'keep' },
        { label: vscode.l10n.t('Use no key'), v: 'none' },
      ],
      { title, placeHolder: vscode.l10n.t('The stored key was for {0}.', new URL(old.baseUrl).host) },
    );
    if (!pick) return false;
    knownKey = pick.v === 'keep' ? stored : pick.v === 'none' ? '' : undefined;
    if (pick.v === 'none') await deps.secrets.delete(secretKeyFor(old.id));
  }
  return finishWithKey(deps, list, e, 'optional', undefined, knownKey);
}

export async function removeEndpoint(deps: KeyDeps, arg?: unknown): Promise<boolean> {
  const e = await pickEndpoint(deps, vscode.l10n.t('Kata Cloud: Remove Endpoint'), arg);
  if (!e) return false;
  const hasKey = !!(await deps.secrets.get(secretKeyFor(e.id)));
  const remove = vscode.l10n.t('Remove');
  const ok = await vscode.window.showWarningMessage(
    hasKey
      ? vscode.l10n.t('Remove the endpoint {0} ({1}) and its stored key? Chats keep their text.', e.label, e.baseUrl)
      : vscode.l10n.t('Remove the endpoint {0} ({1})? Chats keep their text.', e.label, e.baseUrl),
    { modal: true },
    remove,
  );
  if (ok !== remove) return false;
  await deps.secrets.delete(secretKeyFor(e.id));
  await writeList(
    deps,
    deps.models.endpoints().filter((x) => x.id !== e.id),
  );
  deps.models.loadCache();
  deps.log.info(`Endpoint ${e.label} removed${hasKey ? ' with its key' : ''}.`);
  void vscode.window.showInformationMessage(vscode.l10n.t('{0} removed.', e.label));
  return true;
}
