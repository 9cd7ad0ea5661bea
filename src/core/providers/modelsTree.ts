// Pure view model of the Models view: what each row says, computed from the catalog's
// snapshots. The VS Code TreeDataProvider only maps these nodes to TreeItems.
import type { ProviderSnapshot } from './catalog';
import type { DefaultModel } from '../state/records';
import type { EndpointConfig, EndpointKind } from './endpoints';
import type { AuthResolution, ModelInfo, ProviderId } from './types';
import { descriptorOf } from './descriptors';
import { MODEL_KIND_LABELS, modelKind, type ModelKind } from './modelKinds';

export type ModelsNode =
  | {
      kind: 'provider';
      providerId: ProviderId;
      label: string;
      description: string;
      tooltip: string;
      state: 'ok' | 'loading' | 'error' | 'noAuth';
    }
  | {
      kind: 'model';
      providerId: ProviderId;
      model: ModelInfo;
      /** Not `chat`: listed, but not offered by the chat picker or Ask…. */
      modelKind: ModelKind;
      label: string;
      description: string;
      tooltip: string;
      isDefault: boolean;
    }
  | {
      kind: 'message';
      providerId: ProviderId;
      label: string;
      description: string;
      tooltip: string;
      severity: 'error' | 'info';
      action?: 'setApiKey' | 'openSettings' | 'refresh';
    };

export function authSummary(auth: AuthResolution | undefined): string {
  if (!auth) return 'checking…';
  switch (auth.resolvedSource) {
    case 'secret':
      return 'key in Secret Storage';
    case 'env':
      return `key from ${auth.envVar}`;
    case 'none':
      return auth.failureCode ? 'no key' : 'custom endpoint, no key';
  }
}

export function authTooltip(auth: AuthResolution | undefined): string {
  if (!auth) return 'Resolving the key…';
  return [
    `Requested source: ${auth.requestedSource === 'secret' ? 'Secret Storage' : auth.requestedSource}`,
    `Resolved source: ${auth.resolvedSource === 'secret' ? 'Secret Storage' : auth.resolvedSource === 'env' ? auth.envVar : 'none'}`,
    `Fallback applied: ${auth.fallbackApplied ? 'yes' : 'no'}`,
    ...(auth.failureCode ? [`Failure: ${auth.failureCode}`] : []),
    `Reason: ${auth.reason}`,
  ].join('\n');
}

export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (n >= 1000) return `${+(n / 1000).toFixed(n >= 100_000 ? 0 : 1)}K`;
  return String(n);
}

export function formatAge(fetchedAt: number | undefined, now: number): string {
  if (!fetchedAt) return 'never fetched';
  const s = Math.max(0, Math.round((now - fetchedAt) / 1000));
  if (s < 60) return 'updated just now';
  if (s < 3600) return `updated ${Math.round(s / 60)} min ago`;
  if (s < 86400) return `updated ${Math.round(s / 3600)} h ago`;
  return `updated ${Math.round(s / 86400)} d ago`;
}

/** True when no provider can be used: the view shows its welcome content instead of rows. */
export function nothingConfigured(snapshots: ProviderSnapshot[]): boolean {
  return snapshots.every((s) => s.auth?.failureCode === 'missing_auth' && s.models.length === 0);
}

export function providerNode(
  s: ProviderSnapshot,
  endpoint: Pick<EndpointConfig, 'label' | 'baseUrl' | 'kind'>,
  now: number,
): ModelsNode {
  const state = s.loading ? 'loading' : s.auth?.failureCode ? 'noAuth' : s.error ? 'error' : 'ok';
  const count = s.models.length ? `${s.models.length} models · ` : '';
  const kind = descriptorOf(endpoint.kind).apiName;
  return {
    kind: 'provider',
    providerId: s.providerId,
    label: endpoint.label,
    description: `${authSummary(s.auth)} · ${count}${s.loading ? 'refreshing…' : formatAge(s.fetchedAt, now)}`,
    tooltip: `${endpoint.label} at ${endpoint.baseUrl} (${kind})\n${authTooltip(s.auth)}${s.fetchedAt ? `\nModel list fetched ${new Date(s.fetchedAt).toLocaleString()}` : ''}`,
    state,
  };
}

export function childNodes(s: ProviderSnapshot, def: DefaultModel, kind?: EndpointKind): ModelsNode[] {
  const out: ModelsNode[] = [];
  // A custom endpoint used without a key that turns out to want one: the red row, plus the two
  // ways out a new user is offered (a key, or another endpoint).
  const wantsKey = s.error?.code === 'invalid_auth' && s.auth?.resolvedSource === 'none';
  if (s.error && wantsKey) {
    out.push(
      {
        kind: 'message',
        providerId: s.providerId,
        label: s.error.message,
        description: s.error.status ? `HTTP ${s.error.status}` : '',
        tooltip: `${s.error.message}\n${s.error.remediation}`,
        severity: 'error',
      },
      {
        kind: 'message',
        providerId: s.providerId,
        label: 'Set API Key…',
        description: 'this endpoint asks for a key',
        tooltip: 'Store a key for this endpoint in Secret Storage; it is sent only to this endpoint.',
        severity: 'info',
        action: 'setApiKey',
      },
      {
        kind: 'message',
        providerId: s.providerId,
        label: 'Configure Endpoints…',
        description: 'or use another server',
        tooltip: 'Change the server address (base URL) this provider talks to.',
        severity: 'info',
        action: 'openSettings',
      },
    );
  } else if (s.error && s.error.code !== 'missing_auth') {
    const action =
      s.error.code === 'invalid_auth'
        ? 'setApiKey'
        : s.error.code === 'provider_unavailable' || s.error.code === 'bad_request'
          ? 'openSettings'
          : 'refresh';
    out.push({
      kind: 'message',
      providerId: s.providerId,
      label: s.error.message,
      description: s.error.remediation,
      tooltip: `${s.error.message}\n${s.error.remediation}${s.error.status ? `\nHTTP ${s.error.status}` : ''}`,
      severity: 'error',
      action,
    });
  } else if (s.auth?.failureCode && s.models.length === 0) {
    out.push({
      kind: 'message',
      providerId: s.providerId,
      label: 'No key — click to set one',
      description: s.auth.envVar ? `or set ${s.auth.envVar}` : '',
      tooltip: s.auth.reason,
      severity: 'info',
      action: 'setApiKey',
    });
  }
  for (const m of s.models) {
    const isDefault = def?.providerId === s.providerId && def.modelId === m.id;
    const mk = modelKind(kind, m.id);
    const notChat = mk === 'chat' ? '' : `${MODEL_KIND_LABELS[mk]}, not for chat`;
    const limits = [
      m.contextWindow ? `${formatTokens(m.contextWindow)} context` : '',
      m.maxOutputTokens ? `${formatTokens(m.maxOutputTokens)} max output` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    out.push({
      kind: 'model',
      providerId: s.providerId,
      model: m,
      modelKind: mk,
      label: m.displayName || m.id,
      description: [notChat, m.displayName && m.displayName !== m.id ? m.id : '', limits, isDefault ? 'default' : '']
        .filter(Boolean)
        .join(' · '),
      tooltip: [
        `${m.displayName || m.id}`,
        `ID: ${m.id}`,
        m.contextWindow ? `Context window: ${m.contextWindow.toLocaleString('en-US')} tokens` : '',
        m.maxOutputTokens ? `Max output: ${m.maxOutputTokens.toLocaleString('en-US')} tokens` : '',
        m.createdAt ? `Released: ${m.createdAt.slice(0, 10)}` : '',
        notChat ? `Kind: ${MODEL_KIND_LABELS[mk]}. Not a chat model: the chat picker and Ask… do not offer it.` : '',
        isDefault ? 'Default model' : '',
      ]
        .filter(Boolean)
        .join('\n'),
      isDefault,
    });
  }
  if (!out.length && !s.loading && !s.error) {
    out.push({
      kind: 'message',
      providerId: s.providerId,
      label: 'No models listed yet',
      description: 'Refresh to load the list',
      tooltip: 'The provider returned no models, or the list was not fetched yet.',
      severity: 'info',
      action: 'refresh',
    });
  }
  return out;
}
