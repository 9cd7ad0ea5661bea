// Model lists per endpoint, painted at once from the globalState cache and refreshed in the
// background. Errors are kept per endpoint so the view can show them as rows with remediation.
import { Listeners } from '../listeners';
import { isChatModel } from './modelKinds';
import type { Logger } from '../ports';
import type { RecordStore } from '../state/record';
import { DEFAULT_MODEL, MODEL_CACHE, type DefaultModel } from '../state/records';
import { baseUrlFor } from './auth';
import { ProviderError, toProviderError } from './errors';
import { t } from '../l10n';
import type { ProviderRuntime } from './registry';
import type { EndpointConfig } from './endpoints';
import type { AuthResolution, ModelInfo, ProviderId, ProviderSettings } from './types';

export interface ProviderSnapshot {
  providerId: ProviderId;
  auth?: AuthResolution;
  models: ModelInfo[];
  fetchedAt?: number;
  loading: boolean;
  error?: ProviderError;
}

export class ModelCatalog {
  private readonly state = new Map<ProviderId, ProviderSnapshot>();
  private readonly listeners: Listeners;
  private readonly inflight = new Map<ProviderId, AbortController>();

  constructor(
    private readonly runtime: ProviderRuntime,
    private readonly records: RecordStore,
    private readonly settings: () => ProviderSettings,
    private readonly log: Logger,
  ) {
    this.listeners = new Listeners(log);
  }

  private loaded = false;

  /** The cache is read on first use (the first paint), not during activation. */
  private ensureLoaded(): void {
    if (!this.loaded) {
      this.loaded = true;
      this.loadCache(false);
    }
  }

  onDidChange(listener: () => void): { dispose(): void } {
    return this.listeners.add(listener);
  }

  snapshot(id: ProviderId): ProviderSnapshot {
    this.ensureLoaded();
    return this.state.get(id) ?? { providerId: id, models: [], loading: false };
  }

  /** The endpoints in effect, in the user's order. */
  endpoints(): EndpointConfig[] {
    return this.runtime.endpoints();
  }

  /** The endpoint's name in the user's list (its id once it was removed). */
  labelOf(id: ProviderId): string {
    return this.endpoints().find((e) => e.id === id)?.label ?? id;
  }

  ids(): ProviderId[] {
    return this.endpoints().map((e) => e.id);
  }

  allModels(): ModelInfo[] {
    return this.ids().flatMap((id) => this.snapshot(id).models);
  }

  /** The models that can answer a chat: what the chat picker and Ask… offer. */
  chatModels(): ModelInfo[] {
    const kinds = new Map(this.endpoints().map((e) => [e.id, e.kind]));
    return this.allModels().filter((m) => isChatModel(kinds.get(m.providerId), m.id));
  }

  /** The default model, unless its endpoint was removed since. */
  getDefault(): DefaultModel {
    const d = this.records.read(DEFAULT_MODEL);
    return d && this.ids().includes(d.providerId) ? d : null;
  }

  async setDefault(model: { providerId: ProviderId; modelId: string }): Promise<void> {
    await this.records.write(DEFAULT_MODEL, model);
    this.fire();
  }

  /** Re-reads the cache (e.g. after the base URL changed) without any request. */
  loadCache(notify = true): void {
    this.loaded = true;
    const cache = this.records.read(MODEL_CACHE);
    const s = this.settings();
    const ids = this.ids();
    for (const id of [...this.state.keys()]) if (!ids.includes(id)) this.state.delete(id);
    for (const id of ids) {
      const entry = cache[id];
      const prev = this.state.get(id);
      const sameEndpoint = entry && entry.baseUrl === baseUrlOf(s, id);
      this.state.set(id, {
        providerId: id,
        auth: prev?.auth,
        models: sameEndpoint ? entry.models : [],
        fetchedAt: sameEndpoint ? entry.fetchedAt : undefined,
        loading: false,
      });
    }
    if (notify) this.fire();
  }

  /** Refreshes the given providers (all by default). Resolves when every refresh settled. */
  async refresh(ids: readonly ProviderId[] = this.ids()): Promise<void> {
    await Promise.all(ids.map((id) => this.refreshOne(id)));
  }

  private async refreshOne(id: ProviderId): Promise<void> {
    this.inflight.get(id)?.abort();
    const ac = new AbortController();
    this.inflight.set(id, ac);
    this.ensureLoaded();
    const prev = this.snapshot(id);
    this.state.set(id, { ...prev, loading: true });
    this.fire();
    let auth: AuthResolution | undefined;
    try {
      auth = await this.runtime.resolveAuth(id);
      const models = await this.runtime.get(id).listModels(ac.signal);
      if (ac.signal.aborted) return;
      const fetchedAt = Date.now();
      this.state.set(id, { providerId: id, auth, models, fetchedAt, loading: false });
      const cache = this.records.read(MODEL_CACHE);
      // Lists of endpoints no longer in the list are dropped on the way.
      const kept = Object.fromEntries(Object.entries(cache).filter(([k]) => this.ids().includes(k)));
      await this.records.write(MODEL_CACHE, {
        ...kept,
        [id]: { fetchedAt, baseUrl: baseUrlOf(this.settings(), id), models },
      });
    } catch (e) {
      if (ac.signal.aborted) return;
      const error = toProviderError(e, { providerId: id, remediation: t('Open the log for details and try Refresh.') });
      if (error.code !== 'missing_auth') this.log.warn(`Listing ${id} models failed: ${error.code} ${error.message}`);
      // With no key at all (cleared, or the variable is gone) the cached list cannot be used:
      // the provider shows as not set up, and the welcome content returns when none is.
      const unusable = error.code === 'missing_auth' ? { models: [], fetchedAt: undefined } : {};
      this.state.set(id, { ...this.snapshot(id), ...unusable, auth, loading: false, error });
    } finally {
      if (this.inflight.get(id) === ac) this.inflight.delete(id);
      this.fire();
    }
  }

  dispose(): void {
    for (const ac of this.inflight.values()) ac.abort();
    this.listeners.clear();
  }

  private fire(): void {
    this.listeners.fire();
  }
}

export function baseUrlOf(s: ProviderSettings, id: ProviderId): string {
  return baseUrlFor(id, s);
}
