// The provider side of the extension: keys, the Models view, Ask… and the log.
import * as vscode from 'vscode';
import { secretKeyFor } from '../../core/providers/registry';
import type { ModelInfo, ProviderId } from '../../core/providers/types';
import { addEndpoint, editEndpoint, removeEndpoint } from './endpoints';
import { ModelsView } from './modelsView';
import { ask } from './ask';
import { providerKeys } from '../../core/providers/knownSecrets';
import { clearApiKey, providerFromArg, setApiKey, type KeyDeps } from './keys';
import type { Feature, Services } from '../services';
import { VIEWS } from '../views';

/** A model row (from the tree) or `{ providerId, modelId }` (from other callers). */
function modelFromArg(arg: unknown, ids: readonly string[]): { providerId: ProviderId; modelId: string } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as { providerId?: unknown; modelId?: unknown; model?: ModelInfo };
  const providerId = providerFromArg(a.providerId, ids);
  const modelId =
    typeof a.modelId === 'string' ? a.modelId : a.model && typeof a.model.id === 'string' ? a.model.id : undefined;
  return providerId && modelId ? { providerId, modelId } : undefined;
}

export function createProviderFeature(s: Services): Feature<'providers'> {
  const view = new ModelsView(s.models);
  const tree = vscode.window.createTreeView(VIEWS.models, { treeDataProvider: view, showCollapseAll: false });
  const keyDeps: KeyDeps = {
    providers: s.providers,
    models: s.models,
    secrets: s.secrets,
    log: s.log,
    config: s.config,
    testMode: s.context.extensionMode === vscode.ExtensionMode.Test,
  };

  const disposables: vscode.Disposable[] = [
    view,
    tree,
    // Keys set or cleared in another window arrive here.
    s.context.secrets.onDidChange((e) => {
      const id = s.models.ids().find((p) => secretKeyFor(p) === e.key);
      if (id) {
        void rememberKeys();
        void s.models.refresh([id]);
      }
    }),
    s.config.onDidChange((e) => {
      // The owner has reported any problem of the new values already.
      if (!e.affects('providers')) return;
      s.models.loadCache();
      void s.models.refresh();
    }),
  ];
  // The view paints from the cache on its first render; the network refresh starts right after
  // activation returns, so activate() itself stays a few milliseconds of wiring.
  // Keys from the environment or an earlier session join the log's exact-value redaction list,
  // so even a key without a recognisable shape never reaches the log.
  const rememberKeys = async () => {
    for (const key of await providerKeys(s.providers)) s.log.remember(key);
  };
  const kickoff = setTimeout(() => {
    s.config.reportIssues();
    void rememberKeys();
    void s.models.refresh();
  }, 0);
  disposables.push({ dispose: () => clearTimeout(kickoff) });

  return {
    disposables,
    commands: {
      setApiKey: (arg?: unknown, testArgs?: unknown) => setApiKey(keyDeps, arg, testArgs),
      clearApiKey: (arg?: unknown) => clearApiKey(keyDeps, arg),
      // Resolves with what the view now shows (ids only, never a key), so scripts and the
      // integration suite can wait for a refresh and see its outcome.
      refreshModels: async () => {
        await s.models.refresh();
        return s.models.ids().map((id) => {
          const snap = s.models.snapshot(id);
          return {
            providerId: id,
            label: s.models.labelOf(id),
            auth: snap.auth?.resolvedSource,
            models: snap.models.map((m) => m.id),
            error: snap.error?.code,
            default: s.models.getDefault(),
          };
        });
      },
      setDefaultModel: async (arg?: unknown) => {
        const m = modelFromArg(arg, s.models.ids());
        if (!m) {
          void vscode.window.showInformationMessage(
            vscode.l10n.t('Choose a model in the Kata Cloud Models view, then use "Set as Default Model" on it.'),
          );
          return;
        }
        await s.models.setDefault(m);
        s.log.info(`Default model: ${m.providerId}/${m.modelId}`);
      },
      copyModelId: async (arg?: unknown) => {
        const m = modelFromArg(arg, s.models.ids());
        if (!m) return;
        await vscode.env.clipboard.writeText(m.modelId);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', m.modelId), 3000);
      },
      ask: (prompt?: unknown) =>
        ask({ providers: s.providers, models: s.models, log: s.log }, typeof prompt === 'string' ? prompt : undefined),
      showLog: () => s.log.channel.show(),
      // From an endpoint's error row: edit that endpoint; otherwise the list in the Settings editor.
      openEndpointSettings: (arg?: unknown) => {
        const id = providerFromArg(arg, s.models.ids());
        return id ? editEndpoint(keyDeps, id) : s.config.open('endpoints');
      },
      addEndpoint: () => addEndpoint(keyDeps),
      editEndpoint: (arg?: unknown) => editEndpoint(keyDeps, arg),
      removeEndpoint: (arg?: unknown) => removeEndpoint(keyDeps, arg),
    },
  };
}
