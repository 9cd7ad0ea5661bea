// The Getting Started walkthrough (package.json `contributes.walkthroughs`) checks its steps off
// on real events. Each step completes on a context key set here (`onContext`): from the state
// itself for a key, a space and a pull request (so a key in the environment or a space made with
// the git CLI counts too), and from the remembered deed for the spec and the chat
// (core/walkthrough.ts). VS Code only hears a context key change while its walkthrough service
// runs, which starts when a walkthrough is shown, and ignores a key already true then; so when a
// step's condition first holds, the step is also marked done through VS Code's own command, once.
import * as vscode from 'vscode';
import type { ModelCatalog } from '../core/providers/catalog';
import type { AuthResolution, ProviderId } from '../core/providers/types';
import type { Logger } from '../core/ports';
import { errorMessage } from '../core/errorMessage';
import type { Milestones, StepId } from '../core/walkthrough';
import { CONTEXT_KEYS, setContext } from './commands';
import type { ContextKey } from './contextKeys';

export const WALKTHROUGH_ID = 'kata.gettingStarted';

export interface WalkthroughSources {
  /** The extension's id: a step's full id is `<extension>#<walkthrough>#<step>`. */
  extensionId: string;
  log: Logger;
  models: Pick<ModelCatalog, 'ids' | 'snapshot' | 'onDidChange'>;
  /** Where a provider's key comes from, without a request (SecretStorage, then the environment). */
  resolveAuth(id: ProviderId): Promise<AuthResolution>;
  spaces: { exists(): boolean; hasPullRequest(): boolean; onDidChange(l: () => void): { dispose(): void } };
  milestones: Pick<Milestones, 'has' | 'onDidChange' | 'wasReported' | 'reported'>;
}

/**
 * A provider has a key (stored or from the environment), or an endpoint that needs none has
 * listed its models. An endpoint merely allowed to go without a key (an OpenAI-compatible server
 * off the official address) does not count until it answers: the step is marked done for good,
 * and such a server may still want a key (401).
 */
export function hasKey(models: WalkthroughSources['models']): boolean {
  return models.ids().some((id) => {
    const s = models.snapshot(id);
    return s.models.length > 0 || (!!s.auth && !s.auth.failureCode && s.auth.resolvedSource !== 'none');
  });
}

const STEP_KEYS: Record<StepId, ContextKey<boolean>> = {
  key: CONTEXT_KEYS.setupHasKey,
  space: CONTEXT_KEYS.spacesExist,
  spec: CONTEXT_KEYS.specWritten,
  chat: CONTEXT_KEYS.chatStartedInSpace,
  pullRequest: CONTEXT_KEYS.spacesHavePullRequest,
};

export function trackWalkthrough(src: WalkthroughSources): { dispose(): void } {
  // Only changes are sent: setContext is a command round trip, and rows change on every refresh.
  const last = new Map<ContextKey<boolean>, boolean>();
  const reporting = new Set<StepId>();
  let disposed = false;
  let commandMissing = false;
  const report = (step: StepId) => {
    if (commandMissing || reporting.has(step) || src.milestones.wasReported(step)) return;
    reporting.add(step);
    const id = `${src.extensionId}#${WALKTHROUGH_ID}#${step}`;
    void vscode.commands.executeCommand('welcome.markStepComplete', id).then(
      () => src.milestones.reported(step).finally(() => reporting.delete(step)),
      (e: unknown) => {
        reporting.delete(step);
        const why = errorMessage(e);
        // Started by this call, the service may not have read our walkthrough yet: it keeps the
        // step as done and then fails to find it. The next change tries again, a no-op by then.
        if (/not found/i.test(why)) commandMissing = true;
        src.log.trace(`Walkthrough: marking the ${step} step done failed: ${why}`);
      },
    );
  };
  // The catalog knows of a key once it has listed models, which it does only when they are first
  // shown: until then the keys are resolved directly (once), so a key in the environment or
  // stored earlier checks the step before any model is listed.
  let resolved = false;
  const catalogKnows = () => src.models.ids().some((id) => src.models.snapshot(id).auth !== undefined);
  const sync = () => {
    if (disposed) return;
    const done: Record<StepId, boolean> = {
      key: hasKey(src.models) || (resolved && !catalogKnows()),
      space: src.spaces.exists(),
      spec: src.milestones.has('spec'),
      chat: src.milestones.has('chat'),
      pullRequest: src.spaces.hasPullRequest(),
    };
    for (const [step, value] of Object.entries(done) as [StepId, boolean][]) {
      const key = STEP_KEYS[step];
      if (last.get(key) !== value) {
        last.set(key, value);
        setContext(key, value);
      }
      if (value) report(step);
    }
  };
  sync();
  void Promise.all(src.models.ids().map((id) => src.resolveAuth(id).catch(() => undefined))).then((auths) => {
    resolved = auths.some((a) => !!a && !a.failureCode && a.resolvedSource !== 'none');
    sync();
  });
  const subs = [src.models.onDidChange(sync), src.spaces.onDidChange(sync), src.milestones.onDidChange(sync)];
  return {
    dispose: () => {
      disposed = true;
      subs.forEach((s) => s.dispose());
    },
  };
}
