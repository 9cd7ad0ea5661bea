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
import type { KeyDeps } from './keys';
import { providerFromArg } from './keys';
import { withAbortSignal } from '../cancel';

const TITLE = 'Kata Cloud: Add Endpoint';

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
    prompt: 'The API root (http or https; no user name, password, query or fragment).',
    value,
    placeHolder: 'e.g. http://localhost:11434/v1',
    ignoreFocusOut: true,
    validateInput: (v) => checkEndpointUrl(v).error,
  });
  return raw === undefined ? undefined : checkEndpointUrl(raw).url;
}

async function askLabel(title: string, value: string, list: readonly EndpointConfig[], self?: string) {
  const raw = await vscode.window.showInputBox({
    title,
    prompt: 'A name for this endpoint, shown in the Models view and the model pickers.',
    value,
    ignoreFocusOut: true,
    validateInput: (v) =>
      !v.trim()
        ? 'Enter a name.'
        : v.trim().length > 60
          ? 'At most 60 characters.'
          : list.some((e) => e.id !== self && e.label.toLowerCase() === v.trim().toLowerCase())
            ? 'Another endpoint has this name.'
            : undefined,
  });
  return raw?.trim() || undefined;
}

/** A key, '' for none, undefined when cancelled. */
async function askKey(label: string, need: EndpointPreset['key'], hint?: string): Promise<string | undefined> {
  const raw = await vscode.window.showInputBox({
    title: `Kata Cloud: ${label} API Key`,
    prompt:
      need === 'required'
        ? `Paste your ${label} API key. It is kept in VS Code's Secret Storage and sent only to this endpoint.`
        : `Paste the server's API key, or leave this empty if it takes none. A key is kept in Secret Storage and sent only to this endpoint.`,
    placeHolder: hint ?? (need === 'required' ? 'API key' : 'no key'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) =>
      need === 'required' && !v.trim()
        ? 'Enter a key, or press Escape to cancel.'
        : /\s/.test(v.trim())
          ? 'A key has no spaces or line breaks; check what was pasted.'
          : undefined,
  });
  return raw === undefined ? undefined : raw.trim();
}

/** Plain http to another machine: the key would cross the network readable by anyone on the way. */
async function confirmInsecure(url: string): Promise<boolean> {
  const pick = await vscode.window.showWarningMessage(
    `${url} uses plain http to another machine: the key would travel unencrypted and could be read on the way. Send it anyway?`,
    { modal: true },
    'Send Key over HTTP',
  );
  return pick === 'Send Key over HTTP';
}

async function check(deps: KeyDeps, e: EndpointConfig, key: string | undefined): Promise<CheckResult> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Checking ${e.label} (listing models)…`,
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
    const pick = await vscode.window.showErrorMessage(`${err.message} Nothing was saved.`, 'Try Again', 'Open Log');
    if (pick === 'Open Log') deps.log.channel.show();
    return pick === 'Try Again' ? 'retry' : 'cancel';
  }
  // Not running yet, offline, wrong path: the endpoint may still be right.
  const pick = await vscode.window.showWarningMessage(
    `${e.label} could not be checked: ${err.message} Save it anyway?`,
    'Save Anyway',
    'Try Again',
  );
  return pick === 'Save Anyway' ? 'save' : pick === 'Try Again' ? 'retry' : 'cancel';
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
  void vscode.window.showInformationMessage(`${e.label} saved${n}.`);
  await deps.models.refresh([e.id]);
}

export async function addEndpoint(deps: KeyDeps): Promise<boolean> {
  const pick = await vscode.window.showQuickPick(
    ENDPOINT_PRESETS.map((p) => ({
      label: p.label,
      description: p.baseUrl || undefined,
      detail: `${p.detail}${p.key === 'required' ? ' · needs a key' : ''}`,
      p,
    })),
    { title: TITLE, placeHolder: 'Which server?', matchOnDescription: true, matchOnDetail: true },
  );
  if (!pick) return false;
  const preset = pick.p;
  let kind: EndpointKind = preset.kind;
  if (preset.id === 'custom') {
    const k = await vscode.window.showQuickPick(
      [
        {
          label: 'OpenAI-compatible',
          description: '/v1/chat/completions, Bearer key',
          wire: 'openai-compatible' as const,
        },
        { label: 'Anthropic-compatible', description: '/v1/messages, x-api-key', wire: 'anthropic' as const },
      ],
      { title: TITLE, placeHolder: 'Which API does the server speak?' },
    );
    if (!k) return false;
    kind = k.wire;
  }
  const list = deps.models.endpoints();
  const baseUrl = await askUrl(`${TITLE}: ${preset.label} URL`, preset.baseUrl);
  if (!baseUrl) return false;
  const label = preset.id === 'custom' ? await askLabel(`${TITLE}: name`, '', list) : uniqueLabel(preset.label, list);
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
    void vscode.window.showInformationMessage('There are no endpoints. Use "Kata Cloud: Add Endpoint…" first.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    list.map((e) => ({ label: e.label, description: e.baseUrl, e })),
    { title, placeHolder: 'Which endpoint?' },
  );
  return pick?.e;
}

export async function editEndpoint(deps: KeyDeps, arg?: unknown): Promise<boolean> {
  const title = 'Kata Cloud: Edit Endpoint';
  const old = await pickEndpoint(deps, title, arg);
  if (!old) return false;
  const list = deps.models.endpoints();
  const label = await askLabel(`${title}: name`, old.label, list, old.id);
  if (!label) return false;
  const baseUrl = await askUrl(`${title}: ${label} URL`, old.baseUrl);
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
        { label: 'Enter a key for the new URL', v: 'new' },
        { label: `Send the stored key to ${new URL(baseUrl).host}`, v: 'keep' },
        { label: 'Use no key', v: 'none' },
      ],
      { title, placeHolder: `The stored key was for ${new URL(old.baseUrl).host}.` },
    );
    if (!pick) return false;
    knownKey = pick.v === 'keep' ? stored : pick.v === 'none' ? '' : undefined;
    if (pick.v === 'none') await deps.secrets.delete(secretKeyFor(old.id));
  }
  return finishWithKey(deps, list, e, 'optional', undefined, knownKey);
}

export async function removeEndpoint(deps: KeyDeps, arg?: unknown): Promise<boolean> {
  const e = await pickEndpoint(deps, 'Kata Cloud: Remove Endpoint', arg);
  if (!e) return false;
  const hasKey = !!(await deps.secrets.get(secretKeyFor(e.id)));
  const ok = await vscode.window.showWarningMessage(
    `Remove the endpoint ${e.label} (${e.baseUrl})${hasKey ? ' and its stored key' : ''}? Chats keep their text.`,
    { modal: true },
    'Remove',
  );
  if (ok !== 'Remove') return false;
  await deps.secrets.delete(secretKeyFor(e.id));
  await writeList(
    deps,
    deps.models.endpoints().filter((x) => x.id !== e.id),
  );
  deps.models.loadCache();
  deps.log.info(`Endpoint ${e.label} removed${hasKey ? ' with its key' : ''}.`);
  void vscode.window.showInformationMessage(`${e.label} removed.`);
  return true;
}
