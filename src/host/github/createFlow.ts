// "Create Pull Request…": gather the changes (staged, else the branch against its base), read
// notes/spec.md, build the redacted draft and open it. "Create Pull Request" in the draft then
// commits (with consent), pushes (with consent, through the Git extension), checks for an open
// PR of the branch, and creates it, mapping every failure to a message with actions. From a space
// the same flow runs in the space's worktree (its branch, its base, its spec), and the created PR
// is announced so the Spaces view can link it to the row.
import * as vscode from 'vscode';
import type { GitHubApi, PullSummary } from '../../core/github/api';
import { describePushFailure } from '../../core/spaces/worktreeGit';
import { afterCreateFailure, chooseSource, headSpec, planSubmit } from '../../core/github/createPlan';
import { buildDraft, parseDraftDocument, renderDraftDocument, type DraftInput } from '../../core/github/draft';
import { GitHubError, toGitHubError, type ErrorContext } from '../../core/github/errors';
import { localError } from '../../core/github/localErrors';
import { redactText } from '../../core/github/redactor';
import { repoSlug } from '../../core/github/remote';
import type { Services } from '../services';
import type { Credentials } from './auth';
import type { GitHubController } from './controller';
import type { DraftDocuments, DraftSession, SpaceTarget } from './drafts';
import { openWebLink, showError, type ActionHandlers } from '../notify';
import {
  confirmCommit,
  confirmPush,
  draftNotice,
  offerPullRequest,
  showNoDraftOpen,
  wrongBranchText,
} from './createPrompts';
import { GitCli } from './gitCli';
import { branchFacts, findBaseRef } from './branchFacts';
import { knownSecrets } from '../../core/providers/knownSecrets';
import type { GitRepository } from './git';
import { errorMessage, processErrorMessage } from '../../core/errorMessage';
import { Disposable } from '../../core/disposable';
import { UserError } from '../../core/userError';

const SPEC_MAX_BYTES = 64 * 1024;

/** A pull request just created, and the worktree it was created from. */
export interface CreatedPullRequest {
  root: string;
  branch: string;
  repo: string;
  pr: PullSummary;
}

export class CreatePullRequestFlow extends Disposable {
  private readonly created = this.register(new vscode.EventEmitter<CreatedPullRequest>());
  readonly onDidCreate = this.created.event;

  constructor(
    private readonly s: Services,
    private readonly ctl: GitHubController,
    private readonly drafts: DraftDocuments,
  ) {
    super();
  }

  /** The repository the flow works in: a space's worktree, else the window's. */
  private where(space: SpaceTarget | undefined) {
    return space ? this.ctl.repoContextAt(space.root) : this.ctl.repoContext();
  }

  private cli(repo: GitRepository): GitCli {
    return new GitCli(this.ctl.git.api?.git.path || 'git', repo.rootUri.fsPath);
  }

  private async signedIn(): Promise<{ api: GitHubApi; creds: Credentials } | undefined> {
    let a = this.ctl.api();
    if (!a && !this.ctl.auth.ready) {
      await this.ctl.auth.resolve();
      a = this.ctl.api();
    }
    if (!a) await this.show(localError('not_signed_in'));
    return a;
  }

  private show(err: UserError, handlers?: ActionHandlers): Promise<void> {
    return showError(err, this.s.log, { context: 'GitHub', handlers });
  }

  private async fail(e: unknown, ctx: ErrorContext, handlers: ActionHandlers = {}): Promise<void> {
    const err = toGitHubError(e, ctx);
    if (err.code === 'cancelled') return;
    if (err.code === 'unauthorized') {
      await this.ctl.auth.reportUnauthorized(true);
      return;
    }
    await this.show(err, handlers);
  }

  /** "Create Pull Request…" (command palette, SCM title, view title), or from a space's row. */
  async start(baseOverride?: string, space?: SpaceTarget): Promise<void> {
    const rc = await this.where(space);
    if (!rc.ok) return this.show(rc.error);
    const ctx = rc.ctx;
    const a = await this.signedIn();
    if (!a) return;
    const target = ctx.selection.target.ref;
    const errCtx: ErrorContext = { op: 'repo', host: ctx.endpoints.host, repo: repoSlug(target), login: a.creds.login };
    const { repo } = ctx;
    if (!repo.state.HEAD?.name) return this.show(localError('detached_head'));
    const cli = this.cli(repo);
    try {
      const built = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Preparing the pull request draft…') },
        async () => {
          const base =
            typeof baseOverride === 'string' && baseOverride
              ? baseOverride
              : (space?.base ?? (await a.api.getRepo(target.owner, target.repo)).defaultBranch);
          const baseRef = await findBaseRef(repo, cli, this.s.log, ctx.selection.target.remote, base);
          const f = await branchFacts(repo, cli, ctx, baseRef);
          if (!baseRef && f.stagedFiles === 0) {
            throw new GitHubError({
              code: 'nothing_to_compare',
              message: vscode.l10n.t(
                'The base branch {0}/{1} was not found locally and could not be fetched.',
                ctx.selection.target.remote,
                base,
              ),
              remediation: vscode.l10n.t('Fetch the remote (Git: Fetch), or choose another base branch.'),
            });
          }
          const source = chooseSource(f, base);
          if (!source.ok) throw source.error;
          const range = baseRef ? `${baseRef}...HEAD` : 'HEAD';
          const changes =
            source.source === 'staged' ? await cli.changes({ cached: true }) : await cli.changes({ range });
          const commits = baseRef ? await cli.commits(`${baseRef}..HEAD`) : [];
          const spec = await this.readSpec(repo.rootUri);
          const input: DraftInput = {
            source: source.source,
            branch: f.branch!,
            base,
            commits,
            files: changes.files,
            diff: changes.diff,
            spec,
          };
          return { input, base, branch: f.branch! };
        },
      );
      const known = await knownSecrets(this.s.providers, a.creds.token);
      const draft = buildDraft({ ...built.input, known });
      const text = renderDraftDocument(draft.title, draft.body);
      const opened = await this.drafts.open(
        {
          repoRoot: repo.rootUri.fsPath,
          selection: ctx.selection,
          branch: built.branch,
          base: built.base,
          input: built.input,
          draft: false,
          generated: text,
          space,
        },
        text,
      );
      if (!opened) return;
      this.s.log.info(
        `PR draft for ${built.branch} → ${repoSlug(target)}:${built.base} (${built.input.source}, ${built.input.files.length} files, ${draft.redactions} redactions, ${draft.suppressedFiles.length} suppressed).`,
      );
      const notice = draftNotice(draft.redactions, draft.suppressedFiles);
      if (notice) void vscode.window.showInformationMessage(notice);
    } catch (e) {
      await this.fail(e, errCtx);
    }
  }

  private async readSpec(root: vscode.Uri): Promise<string | undefined> {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, 'notes', 'spec.md'));
      return Buffer.from(bytes.subarray(0, SPEC_MAX_BYTES)).toString('utf8');
    } catch {
      return undefined;
    }
  }

  /** "Choose base" from the draft: pick a branch of the target, rebuild the draft against it. */
  async chooseBase(arg: unknown): Promise<void> {
    const found = this.drafts.find(arg);
    if (!found) return showNoDraftOpen();
    const a = await this.signedIn();
    if (!a) return;
    const t = found.session.selection.target.ref;
    let branches: string[];
    try {
      branches = await a.api.listBranches(t.owner, t.repo);
    } catch (e) {
      return this.fail(e, { op: 'repo', host: t.host, repo: repoSlug(t), login: a.creds.login });
    }
    const pick = await vscode.window.showQuickPick(
      branches
        .filter((b) => b !== found.session.branch)
        .map((b) => ({ label: b, description: b === found.session.base ? vscode.l10n.t('current base') : undefined })),
      {
        title: vscode.l10n.t('Base branch in {0}', repoSlug(t)),
        placeHolder: vscode.l10n.t('The branch the pull request merges into'),
      },
    );
    if (!pick || pick.label === found.session.base) return;
    if (found.doc.getText() !== found.session.generated) {
      const rebuild = vscode.l10n.t('Rebuild');
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('Rebuild the draft against {0}? Your edits are replaced (Undo brings them back).', pick.label),
        { modal: true },
        rebuild,
      );
      if (ok !== rebuild) return;
      // Consent given: the rebuild must not ask a second time.
      this.drafts.update({ ...found.session, generated: found.doc.getText() });
    }
    await this.start(pick.label, found.session.space);
  }

  /** "Create Pull Request" from the draft document. */
  async submit(arg: unknown): Promise<void> {
    const found = this.drafts.find(arg);
    if (!found) return showNoDraftOpen();
    const { session, doc } = found;
    const a = await this.signedIn();
    if (!a) return;
    const parsed = parseDraftDocument(doc.getText());
    if (!parsed.ok) return void vscode.window.showErrorMessage(vscode.l10n.t('Kata Cloud: {0}', parsed.message));
    // The last check before anything leaves: the user may have pasted a secret into the draft.
    const known = await knownSecrets(this.s.providers, a.creds.token);
    const title = redactText(parsed.title, known);
    const body = redactText(parsed.body, known);
    if (title.count + body.count > 0) {
      await this.drafts.replace(doc, renderDraftDocument(title.text, body.text));
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Kata Cloud: {0} secret-looking value(s) in the draft were replaced by [REDACTED] before sending.',
          title.count + body.count,
        ),
      );
    }
    const target = session.selection.target;
    const headRemote = session.selection.head;
    const errCtx: ErrorContext = {
      op: 'create',
      host: target.ref.host,
      repo: repoSlug(target.ref),
      login: a.creds.login,
      head: headSpec(headRemote.ref.owner, session.branch),
      base: session.base,
    };
    const rc = await this.where(session.space);
    if (!rc.ok) return this.show(rc.error);
    const repo = rc.ctx.repo;
    if (repo.state.HEAD?.name !== session.branch) {
      return void vscode.window.showErrorMessage(wrongBranchText(session.branch, repo.state.HEAD?.name));
    }
    const cli = this.cli(repo);
    const baseRef = await findBaseRef(repo, cli, this.s.log, target.remote, session.base);
    const plan = planSubmit(await branchFacts(repo, cli, rc.ctx, baseRef), session.base);
    if (!plan.ok) return this.show(plan.error);
    let pushedJustNow = false;
    const push = async (): Promise<boolean> => {
      try {
        await vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: vscode.l10n.t('Pushing {0} to {1}…', session.branch, headRemote.remote),
          },
          () => repo.push(headRemote.remote, session.branch, true),
        );
        pushedJustNow = true;
        return true;
      } catch (e) {
        const msg = processErrorMessage(e);
        this.s.log.warn(`Push failed: ${msg}`);
        // Never forced: the commits stay in the branch, the draft stays open for the next try.
        const why = describePushFailure(e, session.branch, headRemote.remote);
        const message = vscode.l10n.t('Kata Cloud: {0} The draft stays open.', why);
        void this.show(new UserError({ code: 'push_failed', message, actions: ['openLog'], verbatim: true }));
        return false;
      }
    };
    for (const step of plan.steps) {
      if (step.kind === 'commit') {
        if (!(await confirmCommit(step.files, title.text))) return;
        try {
          await repo.commit(title.text);
        } catch (e) {
          return void vscode.window.showErrorMessage(
            vscode.l10n.t('Kata Cloud: the commit failed: {0}', errorMessage(e)),
          );
        }
      } else if (step.kind === 'push') {
        if (!(await confirmPush(step.reason, session.branch, headRemote.remote)) || !(await push())) return;
      } else if (step.kind === 'checkExisting') {
        try {
          const open = await a.api.listOpenPulls(target.ref.owner, target.ref.repo, errCtx.head!);
          if (open[0]) return this.announceExisting(open[0].number, open[0].url);
        } catch (e) {
          return this.fail(e, { ...errCtx, op: 'existing' });
        }
      } else {
        await this.create(a.api, session, title.text, body.text, errCtx, () => pushedJustNow, push);
      }
    }
  }

  private async create(
    api: GitHubApi,
    session: DraftSession,
    title: string,
    body: string,
    errCtx: ErrorContext,
    pushedJustNow: () => boolean,
    push: () => Promise<boolean>,
  ): Promise<void> {
    const t = session.selection.target.ref;
    for (let attempt = 0; ; attempt++) {
      try {
        const pr = await vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: vscode.l10n.t('Creating the pull request in {0}…', repoSlug(t)),
          },
          () =>
            api.createPull({
              owner: t.owner,
              repo: t.repo,
              title,
              body,
              head: errCtx.head!,
              base: session.base,
              draft: session.draft,
            }),
        );
        this.s.log.info(`Created pull request #${pr.number} in ${repoSlug(t)}${session.draft ? ' (draft)' : ''}.`);
        await this.drafts.close(session);
        this.created.fire({ root: session.repoRoot, branch: session.branch, repo: repoSlug(t), pr });
        void this.ctl.refresh(false);
        const text = session.draft
          ? vscode.l10n.t('Kata Cloud: created draft pull request #{0}: {1}', pr.number, pr.title)
          : vscode.l10n.t('Kata Cloud: created pull request #{0}: {1}', pr.number, pr.title);
        await offerPullRequest(text, pr.url);
        return;
      } catch (e) {
        const err = toGitHubError(e, errCtx);
        const next = afterCreateFailure(err, { pushedJustNow: pushedJustNow(), attempt });
        if (next.kind === 'retry') {
          this.s.log.info(`GitHub saw no commits right after the push; retrying once in ${next.delayMs} ms.`);
          await new Promise((r) => setTimeout(r, next.delayMs));
          continue;
        }
        if (next.kind === 'showExisting') {
          const open = await api.listOpenPulls(t.owner, t.repo, errCtx.head!).catch(() => []);
          if (open[0]) return this.announceExisting(open[0].number, open[0].url);
        }
        return this.fail(err, errCtx, {
          push: async () => {
            if (await push()) await this.create(api, session, title, body, errCtx, pushedJustNow, push);
          },
          openExisting: async () => {
            const open = await api.listOpenPulls(t.owner, t.repo, errCtx.head!).catch(() => []);
            if (open[0]) await openWebLink(open[0].url);
          },
        });
      }
    }
  }

  private async announceExisting(number: number, url: string): Promise<void> {
    const text = vscode.l10n.t(
      'Kata Cloud: a pull request is already open for this branch: #{0}. Push to the branch to update it.',
      number,
    );
    await offerPullRequest(text, url);
  }
}
