// Pure view model of the Models view: what each row says, computed from the catalog's
// snapshots. The VS Code TreeDataProvider only maps these nodes to TreeItems.
import type { ProviderSnapshot } from './catalog';
import type { DefaultModel } from '../state/records';
import type { EndpointConfig, EndpointKind } from './endpoints';
import type { AuthResolution, ModelInfo, ProviderId } from './types';
import { descriptorOf } from './descriptors';
import { modelKind, modelKindLabel, type ModelKind } from './modelKinds';
import { t } from '../l10n';

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
  if (!auth) return t('checking…');
  switch (auth.resolvedSource) {
    case 'secret':
      return t('key in Secret Storage');
    case 'env':
      return t('key from {0}', auth.envVar);
    case 'none':
      return auth.failureCode ? t('no key') : t('custom endpoint, no key');
  }
}

export function authTooltip(auth: AuthResolution | undefined): string {
  if (!auth) return t('Resolving the key…');
  const storage = t('Secret Storage');
  return [
    t('Requested source: {0}', auth.requestedSource === 'secret' ? storage : auth.requestedSource),
    t(
      'Resolved source: {0}',
      auth.resolvedSource === 'secret' ? storage : auth.resolvedSource === 'env' ? auth.envVar : t('none'),
    ),
    t('Fallback applied: {0}', auth.fallbackApplied ? t('yes') : t('no')),
    ...(auth.failureCode ? [t('Failure: {0}', auth.failureCode)] : []),
    t('Reason: {0}', auth.reason),
  ].join('\n');
}

export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (n >= 1000) return `${+(n / 1000).toFixed(n >= 100_000 ? 0 : 1)}K`;
  return String(n);
}

export function formatAge(fetchedAt: number | undefined, now: number): string {
  if (!fetchedAt) return t('never fetched');
  const s = Math.max(0, Math.round((now - fetchedAt) / 1000));
  if (s < 60) return t('updated just now');
  if (s < 3600) return t('updated {0} min ago', Math.round(s / 60));
  if (s < 86400) return t('updated {0} h ago', Math.round(s / 3600));
  return t('updated {0} d ago', Math.round(s / 86400));
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
  const count = s.models.length ? `${t('{0} models', s.models.length)} · ` : '';
  const kind = descriptorOf(endpoint.kind).apiName;
  return {
    kind: 'provider',
    providerId: s.providerId,
    label: endpoint.label,
    description: `${authSummary(s.auth)} · ${count}${s.loading ? t('refreshing…') : formatAge(s.fetchedAt, now)}`,
    tooltip: [
      t('{0} at {1} ({2})', endpoint.label, endpoint.baseUrl, kind),
      authTooltip(s.auth),
      ...(s.fetchedAt ? [t('Model list fetched {0}', new Date(s.fetchedAt).toLocaleString())] : []),
    ].join('\n'),
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
        label: t('Set API Key…'),
        description: t('this endpoint asks for a key'),
        tooltip: t('Store a key for this endpoint in Secret Storage; it is sent only to this endpoint.'),
        severity: 'info',
        action: 'setApiKey',
      },
      {
        kind: 'message',
        providerId: s.providerId,
        label: t('Configure Endpoints…'),
        description: t('or use another server'),
        tooltip: t('Change the server address (base URL) this provider talks to.'),
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
      label: t('No key — click to set one'),
      description: s.auth.envVar ? t('or set {0}', s.auth.envVar) : '',
      tooltip: s.auth.reason,
      severity: 'info',
      action: 'setApiKey',
    });
  }
  for (const m of s.models) {
    const isDefault = def?.providerId === s.providerId && def.modelId === m.id;
    const mk = modelKind(kind, m.id);
    const notChat = mk === 'chat' ? '' : t('{0}, not for chat', modelKindLabel(mk));
    const limits = [
      m.contextWindow ? t('{0} context', formatTokens(m.contextWindow)) : '',
      m.maxOutputTokens ? t('{0} max output', formatTokens(m.maxOutputTokens)) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    out.push({
      kind: 'model',
      providerId: s.providerId,
      model: m,
      modelKind: mk,
      label: m.displayName || m.id,
      description: [notChat, m.displayName && m.displayName !== m.id ? m.id : '', limits, isDefault ? t('default') : '']
        .filter(Boolean)
        .join(' · '),
      tooltip: [
        `${m.displayName || m.id}`,
        t('ID: {0}', m.id),
        m.contextWindow ? t('Context window: {0} tokens', m.contextWindow.toLocaleString('en-US')) : '',
        m.maxOutputTokens ? t('Max output: {0} tokens', m.maxOutputTokens.toLocaleString('en-US')) : '',
        m.createdAt ? t('Released: {0}', m.createdAt.slice(0, 10)) : '',
        notChat ? t('Kind: {0}. Not a chat model: the chat picker and Ask… do not offer it.', modelKindLabel(mk)) : '',
        isDefault ? t('Default model') : '',
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
      label: t('No models listed yet'),
      description: t('Refresh to load the list'),
      tooltip: t('The provider returned no models, or the list was not fetched yet.'),
      severity: 'info',
      action: 'refresh',
    });
  }
  return out;
}
