// The `kata-cloud` language-model vendor: Kata Cloud's models in VS Code's chat model picker (for
// plans that show bring-your-own-key models) and to every extension that calls
// vscode.lm.selectChatModels. Decisions live in src/core/lm; this file only adapts VS Code's types.
import * as vscode from 'vscode';
import {
  lmModels,
  lmSignature,
  LM_VENDOR,
  parseLmModelId,
  type EndpointState,
  type LmModel,
} from '../../core/lm/models';
import { toChatRequest } from '../../core/lm/request';
import { estimateTokens, lmFailure, LmResponseMapper } from '../../core/lm/response';
import type { Feature, Services } from '../services';
import { inputMessage } from './parts';
import { toAbortSignal } from '../cancel';
import { COMMANDS, focusView, run } from '../commands';
import { VIEWS } from '../views';
import { Disposable } from '../../core/disposable';

/** Bounds the wait for the first model lists after activation (a slow or unreachable server). */
const FIRST_LIST_WAIT_MS = 15_000;

export class KataLanguageModels extends Disposable implements vscode.LanguageModelChatProvider<LmModel> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private lastShown?: string;

  constructor(
    private readonly s: Pick<Services, 'models' | 'providers' | 'log'>,
    private readonly manage: () => Thenable<unknown>,
  ) {
    super();
    // The catalog changes on every refresh; VS Code asks again only when what it shows would change.
    this.register(
      s.models.onDidChange(() => {
        if (this.lastShown !== undefined && lmSignature(this.current()) !== this.lastShown) this.changed.fire();
      }),
    );
  }

  private states(): EndpointState[] {
    return this.s.models.endpoints().map((endpoint) => {
      const snap = this.s.models.snapshot(endpoint.id);
      return { endpoint, models: snap.models, auth: snap.auth, error: snap.error };
    });
  }

  current(): LmModel[] {
    return lmModels(this.states());
  }

  /** Right after activation the lists may still be on their way: wait for them, not for ever. */
  private async settled(token: vscode.CancellationToken): Promise<void> {
    const busy = () => this.s.models.ids().some((id) => this.s.models.snapshot(id).loading);
    if (!busy()) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sub.dispose();
        cancel.dispose();
        resolve();
      };
      const timer = setTimeout(done, FIRST_LIST_WAIT_MS);
      const sub = this.s.models.onDidChange(() => !busy() && done());
      const cancel = token.onCancellationRequested(done);
    });
  }

  async provideLanguageModelChatInformation(
    options: vscode.PrepareLanguageModelChatModelOptions,
    token: vscode.CancellationToken,
  ): Promise<LmModel[]> {
    let list = this.current();
    if (!list.length) {
      await this.settled(token);
      list = this.current();
    }
    // Asked on a user's behalf (not silently) with nothing to offer: offer the key/endpoint setup.
    if (!list.length && !options.silent && !token.isCancellationRequested) {
      await this.manage();
      list = this.current();
    }
    this.lastShown = lmSignature(list);
    return list;
  }

  async provideLanguageModelChatResponse(
    model: LmModel,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const ref = parseLmModelId(model.id);
    const endpoint = ref && this.s.models.endpoints().find((e) => e.id === ref.endpointId);
    if (!ref || !endpoint) {
      throw vscode.LanguageModelError.NotFound(
        vscode.l10n.t('The endpoint of {0} was removed from Kata Cloud. Choose another model.', model.name),
      );
    }
    const live = this.current().find((m) => m.id === model.id) ?? model;
    const { request, toolNames } = toChatRequest(live, messages.map(inputMessage), {
      tools: options.tools,
      toolMode: options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto',
      modelOptions: options.modelOptions,
    });
    const mapper = new LmResponseMapper(endpoint.id, toolNames);
    // Cancelling closes the HTTP connection at once, also before the first byte.
    const ac = toAbortSignal(token);
    const started = Date.now();
    try {
      for await (const ev of this.s.providers.get(endpoint.id).stream(request, { signal: ac.signal })) {
        const part = mapper.map(ev);
        if (!part) continue;
        progress.report(
          part.kind === 'text'
            ? new vscode.LanguageModelTextPart(part.value)
            : new vscode.LanguageModelToolCallPart(part.callId, part.name, part.input),
        );
      }
    } catch (e) {
      const f = lmFailure(e, mapper.received);
      const what = `Language model request to ${endpoint.label} · ${ref.modelId}`;
      if (f.kind === 'cancelled') {
        this.s.log.info(`${what} stopped by the caller after ${Date.now() - started} ms.`);
        throw new vscode.CancellationError();
      }
      this.s.log.warn(`${what} failed: ${f.message}`);
      if (f.kind === 'noPermissions') throw vscode.LanguageModelError.NoPermissions(f.message);
      if (f.kind === 'notFound') throw vscode.LanguageModelError.NotFound(f.message);
      throw new vscode.LanguageModelError(f.message);
    } finally {
      ac.dispose();
    }
  }

  async provideTokenCount(
    _model: LmModel,
    text: string | vscode.LanguageModelChatRequestMessage,
    _token: vscode.CancellationToken,
  ): Promise<number> {
    return estimateTokens(typeof text === 'string' ? text : inputMessage(text));
  }
}

/** "Manage Language Models…": what a user needs to get Kata Cloud models into VS Code. */
export async function manageLanguageModels(lms: KataLanguageModels): Promise<void> {
  const n = lms.current().length;
  const items: (vscode.QuickPickItem & { go: () => Thenable<unknown> })[] = [
    {
      label: `$(key) ${vscode.l10n.t('Set API Key…')}`,
      detail: vscode.l10n.t('Anthropic, OpenAI or any endpoint of your list'),
      go: () => run(COMMANDS.providers.setApiKey),
    },
    {
      label: `$(add) ${vscode.l10n.t('Add Endpoint…')}`,
      detail: vscode.l10n.t(
        'Ollama, LM Studio, vLLM, OpenRouter, Groq and other presets, or any OpenAI-compatible server',
      ),
      go: () => run(COMMANDS.providers.addEndpoint),
    },
    { label: `$(edit) ${vscode.l10n.t('Edit Endpoint…')}`, go: () => run(COMMANDS.providers.editEndpoint) },
    { label: `$(trash) ${vscode.l10n.t('Remove Endpoint…')}`, go: () => run(COMMANDS.providers.removeEndpoint) },
    { label: `$(list-tree) ${vscode.l10n.t('Show the Models View')}`, go: () => focusView(VIEWS.models) },
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Kata Cloud: Manage Language Models'),
    placeHolder:
      n === 1
        ? vscode.l10n.t('{0} Kata Cloud model is available to VS Code. Add or change where they come from.', n)
        : n
          ? vscode.l10n.t('{0} Kata Cloud models are available to VS Code. Add or change where they come from.', n)
          : vscode.l10n.t('No Kata Cloud model is available yet: set a key or add an endpoint.'),
  });
  if (pick) await pick.go();
}

/** The vendor registration and its management command. */
export function createLmFeature(s: Services): Feature<'lm'> {
  const provider: KataLanguageModels = new KataLanguageModels(s, () => manageLanguageModels(provider));
  return {
    disposables: [provider, vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, provider)],
    commands: { manage: () => manageLanguageModels(provider) },
  };
}
