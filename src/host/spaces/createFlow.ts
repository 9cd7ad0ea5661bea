// "New Space…": a task name (with the branch and folder it will make shown as you type), a base
// branch (the default one preselected), then the core's all-or-nothing creation behind a progress
// notification with Cancel, and the space opened where the user chose. A failure is offered the
// way out it names: use the existing branch, choose another name or another base.
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { createSpace, defaultFolderRoot, type CreateResult } from '../../core/spaces/create';
import { SpaceError } from '../../core/spaces/errors';
import { checkPrefix, checkTaskName } from '../../core/spaces/names';
import type { SpacesRepo } from '../../core/spaces/repo';
import type { SpacesController } from './controller';
import { showError } from '../notify';
import type { ConfigOwner } from '../config';
import { chooseOpenIn, type SpaceOpener } from './open';
import { openSpec } from './spec';
import { errorMessage } from '../../core/errorMessage';
import { withAbortSignal } from '../cancel';
import { offerDraft } from './specDraft';

interface Prefill {
  task?: string;
  base?: string;
  skipName?: boolean;
}

/** The spaces folder setting, resolved: `~` is the home folder, a relative path is beside the main checkout. */
export function folderRoot(raw: string, mainPath: string): string {
  if (!raw) return defaultFolderRoot(mainPath);
  const home = raw === '~' || raw.startsWith('~/') ? path.join(os.homedir(), raw.slice(1)) : raw;
  return path.resolve(path.dirname(mainPath), home);
}

export class NewSpaceFlow {
  private seq = 0;

  constructor(
    private readonly ctl: SpacesController,
    private readonly opener: SpaceOpener,
    private readonly log: Logger,
    private readonly config: ConfigOwner,
  ) {}

  async start(prefill: Prefill = {}): Promise<void> {
    try {
      await this.run(prefill);
    } catch (e) {
      await showError(e, this.log, { context: 'Spaces' });
    }
  }

  private async run(prefill: Prefill): Promise<void> {
    const repo = await this.ctl.requireRepo();
    const settings = this.config.values().spaces;
    const prefix = checkPrefix(settings.branchPrefix);
    if (!prefix.ok) {
      const pick = await vscode.window.showErrorMessage(
        vscode.l10n.t('Kata Cloud: {0}', prefix.message),
        vscode.l10n.t('Open Setting'),
      );
      if (pick) await this.config.open('spacesBranchPrefix');
      return;
    }
    const main = (await repo.worktrees())[0];
    if (!main) throw new SpaceError('not_repository', vscode.l10n.t('git lists no worktree for this repository.'));
    const root = folderRoot(settings.folder, main.path);
    const task = prefill.skipName && prefill.task ? prefill.task : await this.askTask(prefix.value, root, prefill.task);
    if (task === undefined) return;
    const base = await this.askBase(repo, main.branch, prefill.base);
    if (base === undefined) return;
    await this.create(repo, { task, base, prefix: prefix.value, root });
  }

  private async askTask(prefix: string, root: string, value?: string): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: vscode.l10n.t('New Space (1/2): Task'),
      prompt: vscode.l10n.t('What is this space for? The name becomes its branch and its folder.'),
      placeHolder: vscode.l10n.t('e.g. Add the login page'),
      value,
      ignoreFocusOut: true,
      validateInput: (text) => {
        if (!text.trim()) return undefined;
        const c = checkTaskName(text);
        if (!c.ok) return c.message;
        return {
          message: vscode.l10n.t('Branch {0} in {1}', `${prefix}${c.value}`, path.join(root, c.value)),
          severity: vscode.InputBoxValidationSeverity.Info,
        };
      },
    });
  }

  private async askBase(
    repo: SpacesRepo,
    mainBranch: string | undefined,
    wanted?: string,
  ): Promise<string | undefined> {
    const refs = await repo.refs();
    const dflt = repo.defaultBase(refs, mainBranch);
    const names = new Set<string>();
    for (const ref of refs.shas.keys()) {
      const m = /^refs\/(?:heads\/|remotes\/[^/]+\/)(.+)$/.exec(ref);
      if (m && m[1] !== 'HEAD') names.add(m[1]!);
    }
    const rest = [...names].filter((n) => n !== dflt).sort((a, b) => a.localeCompare(b));
    const items: (vscode.QuickPickItem & { base: string })[] = [
      ...(dflt ? [{ label: dflt, description: vscode.l10n.t('default branch'), base: dflt }] : []),
      ...rest.slice(0, 500).map((n) => ({
        label: n,
        description: refs.shas.has(`refs/heads/${n}`) ? '' : vscode.l10n.t('on the remote'),
        base: n,
      })),
    ];
    if (!items.length)
      throw new SpaceError('base_missing', vscode.l10n.t('The repository has no branch to start a space from.'));
    const qp = vscode.window.createQuickPick<(typeof items)[number]>();
    qp.title = vscode.l10n.t('New Space (2/2): Base Branch');
    qp.placeholder = vscode.l10n.t('The branch the space starts from (fetched first when there is a remote)');
    qp.items = items;
    qp.ignoreFocusOut = true;
    const pre = items.find((i) => i.base === wanted) ?? items[0]!;
    qp.activeItems = [pre];
    return new Promise((resolve) => {
      let picked: string | undefined;
      qp.onDidAccept(() => {
        picked = qp.selectedItems[0]?.base ?? qp.activeItems[0]?.base;
        qp.hide();
      });
      qp.onDidHide(() => {
        qp.dispose();
        resolve(picked);
      });
      qp.show();
    });
  }

  private async create(
    repo: SpacesRepo,
    o: { task: string; base: string; prefix: string; root: string; useExisting?: boolean },
  ): Promise<void> {
    const key = `new-${++this.seq}`;
    this.ctl.setPending({ key, name: o.task, state: 'creating' });
    let made: CreateResult;
    try {
      made = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Creating space "{0}"', o.task),
          cancellable: true,
        },
        (progress, token) => {
          return withAbortSignal(token, (signal) =>
            createSpace(repo, this.ctl.meta, {
              task: o.task,
              prefix: o.prefix,
              folderRoot: o.root,
              base: o.base,
              useExisting: o.useExisting,
              signal,
              progress: (message) => progress.report({ message }),
            }),
          );
        },
      );
    } catch (e) {
      const cancelled = e instanceof SpaceError && e.code === 'cancelled';
      if (cancelled) this.ctl.setPending(undefined, key);
      else this.ctl.setPending({ key, name: o.task, state: 'failed', reason: errorMessage(e) });
      await this.ctl.refreshNow();
      await showError(e, this.log, {
        context: 'Spaces',
        handlers: {
          useExistingBranch: () => this.create(repo, { ...o, useExisting: true }),
          chooseOtherName: () => this.start({ task: o.task, base: o.base }),
          chooseBase: () => this.start({ task: o.task, skipName: true }),
        },
      });
      return;
    }
    this.ctl.setPending(undefined, key);
    this.log.info(`Spaces: created ${made.branch} in ${made.path} from ${made.baseRef}.`);
    await this.ctl.refreshNow();
    if (made.fetchFailed)
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Kata Cloud: the space "{0}" starts from the local copy of {1}: fetching it failed ({2}).',
          o.task,
          made.base,
          made.fetchFailed,
        ),
      );
    if (made.submodules)
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Kata Cloud: "{0}" has submodules, which a new worktree does not check out. Run "{1}" in it.',
          o.task,
          'git submodule update --init',
        ),
      );
    const row = this.ctl.rowFor(made.path) ?? { path: made.path, name: o.task };
    const openIn = this.config.values().spaces.openIn;
    const where = openIn === 'ask' ? await chooseOpenIn(this.config, o.task) : openIn;
    if (!where) {
      await openSpec(row);
      void offerDraft(row);
      return;
    }
    const full = this.ctl.rowFor(made.path);
    if (full) await this.opener.open(full, where === 'newWindow', { spec: true });
    else {
      await openSpec(row);
      void offerDraft(row);
    }
  }
}
