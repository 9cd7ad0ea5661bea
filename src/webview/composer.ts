// The prompt box: model picker, attachment chips with sizes, the token estimate (history and
// attachments from the host plus the draft), Send / Stop, and the keyboard: Enter sends,
// Shift+Enter is a new line, Up in an empty box recalls the last prompt.
import type { AttachmentView, ModelRef } from '../core/chat/model';
import type { ModelOption } from '../core/chat/protocol';
import { formatCount, formatSize, h, icon, iconButton } from './dom';
import { S, fill } from './strings';

export interface ComposerEvents {
  send(text: string, model: ModelRef): void;
  stop(): void;
  selectModel(model: ModelRef): void;
  removeAttachment(id: string): void;
  draftChanged(text: string): void;
  run(command: 'setApiKey' | 'addFile' | 'attachSpec'): void;
}

const key = (m: ModelRef) => `${m.providerId}/${m.modelId}`;

export class Composer {
  readonly root: HTMLElement;
  readonly input: HTMLTextAreaElement;
  readonly modelSelect: HTMLSelectElement;
  private readonly chips: HTMLElement;
  private readonly estimate: HTMLElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly noModels: HTMLElement;
  private models: ModelOption[] = [];
  private contextTokens = 0;
  private limit = 100_000;
  private busy = false;
  lastPrompt = '';

  constructor(private readonly events: ComposerEvents) {
    const s = S();
    this.modelSelect = h('select', { class: 'model-select', 'aria-label': s.model, title: s.modelTitle });
    this.modelSelect.addEventListener('change', () => {
      const m = this.selectedModel();
      if (m) events.selectModel(m);
    });
    const setKey = h('button', { type: 'button', class: 'link-button' }, icon('key'), ` ${s.setApiKey}`);
    setKey.addEventListener('click', () => events.run('setApiKey'));
    this.noModels = h('span', { class: 'no-models', hidden: true }, `${s.noModels} `, setKey);

    this.chips = h('ul', { class: 'chips pending', 'aria-label': s.attachmentsToSend });
    this.input = h('textarea', {
      class: 'prompt',
      rows: 3,
      'aria-label': s.prompt,
      placeholder: s.promptPlaceholder,
    });
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('input', () => {
      this.updateEstimate();
      events.draftChanged(this.input.value);
    });
    this.estimate = h('span', { class: 'estimate', 'aria-live': 'off' });
    this.sendButton = h('button', { type: 'button', class: 'send' }, icon('send'), ` ${s.send}`);
    this.sendButton.addEventListener('click', () => this.submit());
    this.stopButton = h(
      'button',
      { type: 'button', class: 'stop', hidden: true, title: s.stopTitle },
      icon('debug-stop'),
      ` ${s.stop}`,
    );
    this.stopButton.addEventListener('click', () => events.stop());
    const addFile = iconButton('new-file', s.addFile);
    addFile.addEventListener('click', () => events.run('addFile'));
    const spec = iconButton('notebook', s.attachSpec);
    spec.addEventListener('click', () => events.run('attachSpec'));

    this.root = h(
      'footer',
      { class: 'composer' },
      this.chips,
      this.input,
      h(
        'div',
        { class: 'composer-bar' },
        this.modelSelect,
        this.noModels,
        addFile,
        spec,
        h('span', { class: 'spacer' }),
        this.estimate,
        this.stopButton,
        this.sendButton,
      ),
    );
  }

  private onKey(e: KeyboardEvent): void {
    if (e.isComposing) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      this.submit();
    } else if (e.key === 'ArrowUp' && this.input.value === '' && this.lastPrompt) {
      e.preventDefault();
      this.input.value = this.lastPrompt;
      this.input.setSelectionRange(this.input.value.length, this.input.value.length);
      this.updateEstimate();
      this.events.draftChanged(this.input.value);
    }
  }

  submit(): void {
    const text = this.input.value;
    if (!text.trim() || this.busy) return;
    const model = this.selectedModel();
    if (!model) {
      this.events.run('setApiKey');
      return;
    }
    this.lastPrompt = text;
    this.input.value = '';
    this.updateEstimate();
    this.events.draftChanged('');
    this.events.send(text, model);
  }

  selectedModel(): ModelRef | undefined {
    const v = this.modelSelect.value;
    const m = this.models.find((x) => key(x) === v);
    return m ? { providerId: m.providerId, modelId: m.modelId } : undefined;
  }

  setModels(models: ModelOption[], selected: ModelRef | null): void {
    const list = [...models];
    // A chat's model stays selectable even when the cached list no longer has it.
    if (selected && !list.some((m) => key(m) === key(selected)))
      list.unshift({ ...selected, label: fill(S().notInModelList, selected.modelId) });
    this.models = list;
    const groups = new Map<string, HTMLOptGroupElement>();
    this.modelSelect.replaceChildren();
    for (const m of list) {
      let g = groups.get(m.providerId);
      if (!g) {
        g = h('optgroup', { label: m.group ?? m.providerId });
        groups.set(m.providerId, g);
        this.modelSelect.append(g);
      }
      g.append(h('option', { value: key(m), text: m.label }));
    }
    if (selected) this.modelSelect.value = key(selected);
    this.modelSelect.hidden = list.length === 0;
    this.noModels.hidden = list.length > 0;
  }

  setAttachments(items: AttachmentView[], contextTokens: number, limit: number): void {
    this.contextTokens = contextTokens;
    this.limit = limit;
    const s = S();
    this.chips.replaceChildren(
      ...items.map((a) => {
        const remove = iconButton('close', fill(s.removeAttachment, a.label), { class: 'icon-button chip-remove' });
        remove.addEventListener('click', () => {
          this.events.removeAttachment(a.id);
          this.input.focus();
        });
        return h(
          'li',
          {
            class: 'chip',
            title: fill(
              a.truncated ? s.chipTitleCut : s.chipTitle,
              a.label,
              formatCount(a.chars),
              formatCount(a.tokens),
            ),
          },
          icon(a.kind === 'selection' ? 'selection' : a.kind === 'spec' ? 'notebook' : 'file'),
          h('span', { class: 'chip-label', text: a.label }),
          h('span', {
            class: 'chip-size',
            text: fill(a.truncated ? s.chipSizeCut : s.chipSize, formatSize(a.chars), formatCount(a.tokens)),
          }),
          remove,
        );
      }),
    );
    this.chips.hidden = items.length === 0;
    this.updateEstimate();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.stopButton.hidden = !busy;
    this.sendButton.hidden = busy;
  }

  setDraft(text: string): void {
    this.input.value = text;
    this.updateEstimate();
  }

  private updateEstimate(): void {
    const total = this.contextTokens + Math.ceil(this.input.value.length / 4);
    const over = total > this.limit;
    const s = S();
    this.estimate.textContent = fill(over ? s.estimateOver : s.estimate, formatCount(total), formatCount(this.limit));
    this.estimate.classList.toggle('over', over);
    this.estimate.title = s.estimateTitle;
  }
}
