// How a space row reads in the Spaces view: a label, one short description in a fixed order
// (what runs now, branch and base, changes, ahead/behind, spec progress, pull request) and a
// Markdown tooltip with the same facts spelled out. Pure, so the wording is unit-tested.
import { codeSpan, escapeMarkdown } from '../github/present';
import { t } from '../l10n';
import { progressLabel } from '../spec/tasks';
import { changedLabel } from './porcelain';
import type { SpaceRow } from './repo';

export type LifecycleState = 'creating' | 'switching' | 'removing' | 'failed';

export interface Lifecycle {
  state: LifecycleState;
  /** Why it failed, for `failed`. */
  reason?: string;
}

/** The linked pull request, as the Pull Requests data knows it (no request of its own). */
export interface LinkedPr {
  number: number;
  url: string;
  title: string;
  isDraft: boolean;
  checks: 'passing' | 'failing' | 'pending' | 'none';
  reviewDecision: 'approved' | 'changes_requested' | 'review_required' | 'none';
  /** Open unless known otherwise (the Pull Requests data lists open ones only). */
  state?: 'open' | 'closed' | 'merged';
}

/**
 * The pull request a space row shows: the Pull Requests view's data when it lists one for the
 * branch (fresher: draft, checks, review), else the one created from the space, as long as the
 * space is still on the branch it was opened from.
 */
export function linkedPrOf(row: Pick<SpaceRow, 'branch' | 'meta' | 'isMain'>, live?: LinkedPr): LinkedPr | undefined {
  if (row.isMain || !row.branch) return undefined;
  if (live) return live;
  const pr = row.meta?.pr;
  if (!pr || pr.branch !== row.branch) return undefined;
  return {
    number: pr.number,
    url: pr.url,
    title: pr.title,
    isDraft: pr.isDraft,
    checks: 'none',
    reviewDecision: 'none',
    state: pr.state,
  };
}

export interface SpacePresentation {
  label: string;
  description: string;
  tooltip: string;
  icon: { id: string; color?: string };
}

// Read when a row is drawn, not at import: the translator is installed at activation.
const lifecycleWords = (): Record<LifecycleState, string> => ({
  creating: t('creating…'),
  switching: t('switching…'),
  removing: t('removing…'),
  failed: t('failed'),
});

/** How the pull request stands, without its number: "draft, checks failing", "merged". */
export function prStateLabel(pr: LinkedPr): string {
  if (pr.state === 'merged') return t('merged');
  if (pr.state === 'closed') return t('closed');
  const words = [pr.isDraft ? t('draft') : t('open')];
  if (pr.checks === 'failing') words.push(t('checks failing'));
  if (pr.reviewDecision === 'approved') words.push(t('approved'));
  else if (pr.reviewDecision === 'changes_requested') words.push(t('changes requested'));
  return words.join(', ');
}

export function prLabel(pr: LinkedPr): string {
  return t('PR #{0} {1}', pr.number, prStateLabel(pr));
}

export function aheadBehindLabel(row: Pick<SpaceRow, 'ahead' | 'behind'>): string | undefined {
  if (row.ahead === undefined || row.behind === undefined) return undefined;
  const parts: string[] = [];
  if (row.ahead) parts.push(t('ahead {0}', row.ahead));
  if (row.behind) parts.push(t('behind {0}', row.behind));
  return parts.length ? parts.join(', ') : t('up to date');
}

/** What a space is doing now, in the tooltip's "Now" line. */
const nowWords = (): Record<Exclude<LifecycleState, 'failed'>, string> => ({
  creating: t('creating'),
  switching: t('switching'),
  removing: t('removing'),
});

export function presentSpace(
  row: SpaceRow,
  o: { lifecycle?: Lifecycle; pr?: LinkedPr; current?: boolean } = {},
): SpacePresentation {
  const parts: string[] = [];
  const life = o.lifecycle;
  if (life)
    parts.push(life.state === 'failed' && life.reason ? t('failed: {0}', life.reason) : lifecycleWords()[life.state]);
  if (row.isMain) parts.push(row.branch ? `${t('main checkout')} · ${row.branch}` : t('main checkout'));
  else parts.push(row.detached ? t('detached HEAD') : (row.branch ?? ''));
  if (!row.isMain && row.base) parts.push(row.baseMissing ? t('base {0} missing', row.base) : t('from {0}', row.base));
  if (row.prunable) parts.push(t('folder missing'));
  else if (row.status) parts.push(changedLabel(row.status));
  const ab = row.isMain ? undefined : aheadBehindLabel(row);
  if (ab && (row.ahead || row.behind)) parts.push(ab);
  if (row.spec && row.spec.total) parts.push(progressLabel(row.spec));
  if (o.pr) parts.push(prLabel(o.pr));
  if (row.locked) parts.push(t('locked'));

  const name = `**${escapeMarkdown(row.name)}**`;
  const tip: string[] = [row.isMain ? t('{0} (main checkout)', name) : name, ''];
  const fact = (k: string, v: string) => tip.push(`- ${k}: ${v}`);
  if (o.current) tip.push(`- ${t('Open in this window')}`);
  if (life)
    fact(
      t('Now'),
      life.state === 'failed' ? t('failed: {0}', escapeMarkdown(life.reason ?? '')) : nowWords()[life.state],
    );
  fact(t('Branch'), row.branch ? codeSpan(row.branch) : t('detached HEAD'));
  if (!row.isMain && row.base)
    fact(t('Base'), row.baseMissing ? t('{0} (missing)', codeSpan(row.base)) : codeSpan(row.base));
  fact(t('Folder'), codeSpan(row.path));
  if (row.status) {
    const s = row.status;
    fact(
      t('Changes'),
      s.changed
        ? t('{0} ({1} staged, {2} unstaged, {3} untracked)', s.changed, s.staged, s.unstaged, s.untracked)
        : t('none'),
    );
  }
  if (ab) fact(t('Against the base'), ab);
  if (row.spec) fact(t('Spec'), progressLabel(row.spec));
  if (o.pr) {
    // The address comes from GitHub: linked only when it is a plain https URL.
    const label = escapeMarkdown(prLabel(o.pr));
    const link = /^https:\/\/[^\s()<>]+$/.test(o.pr.url) ? `[${label}](${o.pr.url})` : label;
    fact(t('Pull request'), `${link}: ${escapeMarkdown(o.pr.title)}`);
  }
  if (row.locked) fact(t('Locked'), escapeMarkdown(row.locked));
  if (row.prunable) fact(t('Prunable'), escapeMarkdown(row.prunable));

  let icon: SpacePresentation['icon'];
  if (life?.state === 'failed') icon = { id: 'error', color: 'list.errorForeground' };
  else if (life) icon = { id: 'loading~spin' };
  else if (row.prunable) icon = { id: 'warning', color: 'list.warningForeground' };
  else if (row.isMain) icon = { id: 'home' };
  else if (o.current) icon = { id: 'folder-opened' };
  else icon = { id: 'git-branch' };

  return { label: row.name, description: parts.filter(Boolean).join(' · '), tooltip: tip.join('\n'), icon };
}
