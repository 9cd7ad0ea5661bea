// Composition root: build the host adapters, then the core services, then the features, and
// hand every Disposable to VS Code. No logic lives here.
import * as vscode from 'vscode';
import { ModelCatalog } from './core/providers/catalog';
import { guardInvalidEndpoints } from './core/providers/guard';
import { createProviderRuntime } from './core/providers/registry';
import { RecordStore } from './core/state/record';
import { Milestones } from './core/walkthrough';
import { registerCommands } from './host/commands';
import type { AllCommandHandlers } from './host/commandIds';
import { ConfigOwner } from './host/config';
import { createGitHubFeature } from './host/github/feature';
import type { PrViewSummary } from './host/github/controller';
import { HostLog } from './host/log';
import { createProviderFeature } from './host/providers/feature';
import { createLmFeature } from './host/lm/provider';
import type { Services } from './host/services';
import { mementoStore, secretStore } from './host/storage';
import { createChatFeature } from './host/chat/feature';
import { createSpacesFeature } from './host/spaces/feature';
import { errorMessage, errorDetail } from './core/errorMessage';
import { trackWalkthrough } from './host/walkthrough';
import { installCoreTranslator } from './host/l10n';
import { showError } from './host/notify';
import { UserError } from './core/userError';

/**
 * Read-only facts for tests and other extensions. Never carries a key: auth is reported by
 * source, not value.
 */
export interface KataApi {
  activationMs: number;
  providerStatus(id: 'anthropic' | 'openai'): {
    resolvedSource?: string;
    fallbackApplied?: boolean;
    failureCode?: string;
    models: string[];
    error?: string;
    loading: boolean;
  };
  defaultModel(): { providerId: string; modelId: string } | null;
  /** What the Pull Requests view shows now; sends no request. */
  pullRequests(): PrViewSummary;
}

export function activate(context: vscode.ExtensionContext): KataApi | undefined {
  const started = performance.now();
  const log = new HostLog();
  context.subscriptions.push(log, installCoreTranslator());
  try {
    const config = new ConfigOwner(log);
    const records = new RecordStore(mementoStore(context.globalState), log);
    const secrets = secretStore(context.secrets);
    const settings = () => config.values().providers;
    // The extension host's global fetch carries the user's proxy and certificate settings.
    const runtime = createProviderRuntime({
      secrets,
      env: process.env,
      fetch: (u, i) => fetch(u, i),
      logger: log,
      settings,
    });
    const providers = guardInvalidEndpoints(runtime, () => config.issues());
    const models = new ModelCatalog(providers, records, settings, log);
    const milestones = new Milestones(records, log);
    const services: Services = { context, log, config, records, secrets, providers, models, milestones };

    const t0 = performance.now();
    const provider = createProviderFeature(services);
    const t1 = performance.now();
    const github = createGitHubFeature(services);
    const spaces = createSpacesFeature(services, github.spaces);
    const t2 = performance.now();
    const chat = createChatFeature(services, spaces.chatSpaces);
    const lm = createLmFeature(services);
    const t3 = performance.now();
    // Typed by the command table: a contributed command without a handler does not compile.
    const handlers: AllCommandHandlers = {
      providers: provider.commands,
      chat: chat.commands,
      github: github.commands,
      spaces: spaces.commands,
      lm: lm.commands,
    };
    context.subscriptions.push(config, { dispose: () => models.dispose() }, ...registerCommands(handlers, log));
    context.subscriptions.push(...provider.disposables, ...chat.disposables, ...github.disposables);
    context.subscriptions.push(...spaces.disposables, ...lm.disposables);
    context.subscriptions.push(
      trackWalkthrough({
        extensionId: context.extension.id,
        log,
        models,
        resolveAuth: (id) => providers.resolveAuth(id),
        spaces: spaces.progress,
        milestones,
      }),
    );
    const activationMs = performance.now() - started;
    const ms = (a: number, b: number) => (b - a).toFixed(1);
    log.info(
      `Activated in ${activationMs.toFixed(1)} ms (core ${ms(started, t0)}, providers ${ms(t0, t1)}, github and spaces ${ms(t1, t2)}, chat and language models ${ms(t2, t3)}; VS Code ${vscode.version}).`,
    );
    return {
      activationMs,
      providerStatus: (id) => {
        const snap = models.snapshot(id);
        return {
          resolvedSource: snap.auth?.resolvedSource,
          fallbackApplied: snap.auth?.fallbackApplied,
          failureCode: snap.auth?.failureCode,
          models: snap.models.map((m) => m.id),
          error: snap.error?.code,
          loading: snap.loading,
        };
      },
      defaultModel: () => models.getDefault(),
      pullRequests: () => github.pullRequests(),
    };
  } catch (e) {
    // VS Code shows nothing when activation throws, so say it ourselves.
    log.error(errorDetail(e));
    const message = vscode.l10n.t('Kata Cloud failed to start: {0}', errorMessage(e));
    // The commands may not be registered: "Open Log" shows the channel itself.
    void showError(new UserError({ message, actions: ['openLog'], verbatim: true, cause: e }), log, {
      handlers: { openLog: () => log.channel.show() },
    });
    return undefined;
  }
}

export function deactivate(): void {}
