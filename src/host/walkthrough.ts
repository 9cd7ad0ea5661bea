// The Getting Started walkthrough (package.json `contributes.walkthroughs`) checks its steps off
// on real events. Steps that a command alone cannot prove (a key exists, a space exists, a space
// has a pull request) complete on context keys set here from the state itself, so a key set in
// the environment or a space made with the git CLI counts too.
import type { ModelCatalog } from '../core/providers/catalog';
import type { AuthResolution, ProviderId } from '../core/providers/types';
import { setContext } from './commands';
import type { ContextKey } from './contextKeys';

export interface WalkthroughSources {
  models: Pick<ModelCatalog, 'ids' | 'snapshot' | 'onDidChange'>;
  /** Where a provider's key comes from, without a request (SecretStorage, then the environment). */
  resolveAuth(id: ProviderId): Promise<AuthResolution>;
  spaces: { exists(): boolean; hasPullRequest(): boolean; onDidChange(l: () => void): { dispose(): void } };
}

/** A provider has a key (stored, from the environment, or an endpoint that needs none). */
export function hasKey(models: WalkthroughSources['models']): boolean {
  return models.ids().some((id) => {
    const s = models.snapshot(id);
    return s.models.length > 0 || (!!s.auth && !s.auth.failureCode);
  });
}

export function trackWalkthrough(src: WalkthroughSources): { dispose(): void } {
  // Only changes are sent: setContext is a command round trip, and rows change on every refresh.
  const last = new Map<ContextKey, boolean>();
  const put = (key: ContextKey, value: boolean) => {
    if (last.get(key) === value) return;
    last.set(key, value);
    setContext(key, value);
  };
  // The catalog knows of a key once it has listed models, which it does only when they are first
  // shown: until then the keys are resolved directly (once), so a key in the environment or
  // stored earlier checks the step before any model is listed.
  let resolved = false;
  const catalogKnows = () => src.models.ids().some((id) => src.models.snapshot(id).auth !== undefined);
  const models = () => put('kata.setup.hasKey', hasKey(src.models) || (resolved && !catalogKnows()));
  const spaces = () => {
    put('kata.spaces.exists', src.spaces.exists());
    put('kata.spaces.hasPullRequest', src.spaces.hasPullRequest());
  };
  models();
  void Promise.all(src.models.ids().map((id) => src.resolveAuth(id).catch(() => undefined))).then((auths) => {
    resolved = auths.some((a) => !!a && !a.failureCode);
    models();
  });
  spaces();
  const subs = [src.models.onDidChange(models), src.spaces.onDidChange(spaces)];
  return { dispose: () => subs.forEach((s) => s.dispose()) };
}
