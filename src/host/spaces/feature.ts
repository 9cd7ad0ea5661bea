// The Spaces feature (host side): a space is a task's own branch and git worktree, with its living
// spec (notes/spec.md). This folder holds the VS Code half; git, names, creation, removal and the
// refresh cost live in src/core/spaces and src/core/spec.
//   controller.ts  which repository, its rows, lifecycle states, when git is read again
//   watch.ts       file events on the repository's metadata and this window's files
//   view.ts        the Spaces view (rows, open tasks with checkboxes)
//   createFlow.ts  New Space…          removeFlow.ts  Remove Space…
//   open.ts        open here / in a new window (asked once), reveal, what to do on arrival
//   spec.ts        Open Spec, toggle a task (errors are shown by showError, host/notify.ts)
//   prLink.ts      the linked PR, read from the Pull Requests data (else the one stored at creation)
//   pullRequest.ts Create Pull Request… from a space, and storing the PR created on its row
//   specDraft.ts   Draft Spec with AI… (streamed into notes/spec.md)
// Other features build on `controller` (rows, the space of this window, rowFor(arg)).
import * as vscode from 'vscode';
import type { Feature, Services } from '../services';
import { SpacesController } from './controller';
import { NewSpaceFlow } from './createFlow';
import { openWebLink, showError } from '../notify';
import { SpaceOpener } from './open';
import { noGitHub, type LinkedPrSource, type SpacesGitHub } from './prLink';
import { SpacePullRequests } from './pullRequest';
import { RemoveSpaceFlow, pickRow } from './removeFlow';
import { isSpecOf, openSpec, toggleTask } from './spec';
import { draftSpec } from './specDraft';
import { SpacesView, isTaskNode } from './view';
import type { ChatSpaces } from '../../core/chat/commandArgs';
import type { SpaceRow } from '../../core/spaces/repo';
import { COMMANDS, run } from '../commands';
import { followedPrs, prUpdates } from '../../core/spaces/prState';
import { errorMessage } from '../../core/errorMessage';

export interface SpacesFeature extends Feature<'spaces'> {
  controller: SpacesController;
  /** What the Getting Started walkthrough checks off: a space exists, a space has a pull request. */
  progress: { exists(): boolean; hasPullRequest(): boolean; onDidChange(l: () => void): vscode.Disposable };
  /** What a chat started in this window belongs to. */
  chatSpaces: ChatSpaces;
}

/** How a row is named for a chat: the main checkout says so, a space by its task name. */
const chatSpaceOf = (r: SpaceRow) => ({ path: r.path, name: r.isMain ? 'main checkout' : r.name });

export function createSpacesFeature(s: Services, gh: SpacesGitHub = noGitHub): SpacesFeature {
  const prs = gh.prs;
  const ctl = new SpacesController(s);
  const opener = new SpaceOpener(ctl, s.context.globalStorageUri);
  const view = new SpacesView(
    ctl,
    (b) => prs.forBranch(b),
    (node) => guarded(() => toggleTask(ctl, node)),
  );
  const create = new NewSpaceFlow(ctl, opener, s.log, s.config);
  const remove = new RemoveSpaceFlow(ctl, s.log);
  const pullRequests = new SpacePullRequests(ctl, gh, (r) => view.prOf(r), s.log);
  const guarded = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      await showError(e, s.log, { context: 'Spaces' });
    }
  };
  /** The row a command is about: its argument, else the one the user picks. */
  const row = async (arg: unknown, placeHolder: string) => {
    await ctl.requireRepo();
    return ctl.rowFor(arg) ?? (await pickRow(ctl, placeHolder));
  };
  const openRow = (arg: unknown, newWindow: boolean) =>
    guarded(async () => {
      const r = await row(
        arg,
        newWindow ? vscode.l10n.t('Open which space in a new window?') : vscode.l10n.t('Open which space?'),
      );
      if (r) await opener.open(r, newWindow);
    });
  // The stored pull request of each row follows the Pull Requests data: the list's refresh also
  // asks for the linked ones by number (merged and closed included), and changes are written back.
  const syncPrStates = async () => {
    const repo = ctl.repository;
    if (!repo) return;
    const updates = prUpdates(ctl.rows, (n) => prs.tracked(n));
    for (const u of updates) {
      await ctl.meta.update(repo.commonDir, u.path, (m) => ({ ...m, pr: u.pr }));
      s.log.info(
        `Spaces: pull request #${u.pr.number} of ${u.path} is ${u.pr.state}${u.pr.isDraft ? ' (draft)' : ''}.`,
      );
    }
    if (updates.length) ctl.metaChanged();
  };
  // Deferred: activation does not wait for git.
  setTimeout(() => {
    ctl.start();
    void opener.arrive().catch((e) => s.log.warn(`Spaces: opening the new space's spec failed: ${errorMessage(e)}`));
  }, 0);
  return {
    controller: ctl,
    commands: {
      new: () => create.start(),
      open: (arg?: unknown) => openRow(arg, false),
      openInNewWindow: (arg?: unknown) => openRow(arg, true),
      reveal: (arg?: unknown) =>
        guarded(async () => {
          const r = await row(arg, vscode.l10n.t('Reveal which space?'));
          if (r) await opener.reveal(r);
        }),
      openSpec: (arg?: unknown, line?: unknown) =>
        guarded(async () => {
          await ctl.requireRepo();
          const r =
            ctl.rowFor(arg) ?? ctl.currentRow() ?? (await pickRow(ctl, vscode.l10n.t('Open the spec of which space?')));
          if (!r) return;
          await openSpec(r, typeof line === 'number' ? line : undefined);
          await s.milestones.reach('spec');
        }),
      remove: (arg?: unknown) => remove.start(arg),
      refresh: () =>
        guarded(async () => {
          for (const p of ctl.pending) if (p.state === 'failed') ctl.setPending(undefined, p.key);
          await ctl.refreshNow();
        }),
      // Resolves with what happened ('done', 'cancelled', 'failed', 'dismissed') for other callers.
      draftSpec: async (arg?: unknown, description?: unknown) => {
        try {
          const result = await draftSpec(s, ctl, arg, {
            description: typeof description === 'string' ? description : undefined,
          });
          if (result === 'done') await s.milestones.reach('spec');
          return result;
        } catch (e) {
          await showError(e, s.log, { context: 'Spaces' });
          return 'failed';
        }
      },
      toggleTask: (node?: unknown) => (isTaskNode(node) ? guarded(() => toggleTask(ctl, node)) : undefined),
      openPullRequest: (arg?: unknown) =>
        guarded(async () => {
          await ctl.requireRepo();
          const r =
            ctl.rowFor(arg) ??
            (await pickRow(ctl, vscode.l10n.t('Open the pull request of which space?'), (x) => !!view.prOf(x)));
          const pr = r && view.prOf(r);
          if (pr) await openWebLink(pr.url);
          else if (r)
            void vscode.window.showInformationMessage(
              vscode.l10n.t('Kata Cloud: "{0}" has no pull request yet.', r.name),
            );
        }),
      createPullRequest: (arg?: unknown) => guarded(() => pullRequests.create(arg)),
      // Resolves with the new chat's id.
      newChat: async (arg?: unknown) => {
        let id: unknown;
        await guarded(async () => {
          const r = await row(arg, vscode.l10n.t('Start a chat in which space?'));
          if (r) id = await run(COMMANDS.chat.new, { space: chatSpaceOf(r) });
        });
        return id;
      },
    },
    chatSpaces: {
      async current() {
        // Untrusted, no folder, no repository: no space (and no error for the chat to show).
        if (!(await ctl.ensureRepo())) return undefined;
        if (!ctl.rows.length) await ctl.refreshNow();
        const r = ctl.currentRow();
        return r ? chatSpaceOf(r) : undefined;
      },
    },
    progress: {
      exists: () => ctl.rows.some((r) => !r.isMain),
      hasPullRequest: () => ctl.rows.some((r) => !!view.prOf(r)),
      onDidChange: (l) => vscode.Disposable.from(ctl.onDidChange(l), prs.onDidChange(l)),
    },
    disposables: [
      ctl,
      view,
      // A spec saved from the editor was written by its user (or had a task checked off).
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (isSpecOf(d.uri, ctl.rows)) void s.milestones.reach('spec');
      }),
      prs.onDidChange(() => {
        view.update();
        void syncPrStates().catch((e: unknown) =>
          s.log.warn(`Spaces: could not store a pull request state: ${errorMessage(e)}`),
        );
      }),
      ctl.onDidChange(() => prs.track(followedPrs(ctl.rows))),
      gh.onDidCreatePullRequest(
        (e) => void pullRequests.link(e).catch((err) => showError(err, s.log, { context: 'Spaces' })),
      ),
    ],
  };
}

export type { LinkedPrSource };
