// How a space row reads in the Spaces view: a label, one short description in a fixed order
// (what runs now, branch and base, changes, ahead/behind, spec progress, pull request) and a
// Markdown tooltip with the same facts spelled out. Pure, so the wording is unit-tested.
import { codeSpan, escapeMarkdown } from '../github/present';
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

const LIFECYCLE_WORDS: Record<LifecycleState, string> = {
  creating: 'creating…',
  switching: 'switching…',
  removing: 'removing…',
  failed: 'failed',
};

export function prLabel(pr: LinkedPr): string {
  if (pr.state === 'merged' || pr.state === 'closed') return `PR #${pr.number} ${pr.state}`;
  const words = [pr.isDraft ? 'draft' : 'open'];
  if (pr.checks === 'failing') words.push('checks failing');
  if (pr.reviewDecision === 'approved') words.push('approved');
  else if (pr.reviewDecision === 'changes_requested') words.push('changes requested');
  return `PR #${pr.number} ${words.join(', ')}`;
}

export function aheadBehindLabel(row: Pick<SpaceRow, 'ahead' | 'behind'>): string | undefined {
  if (row.ahead === undefined || row.behind === undefined) return undefined;
  const parts: string[] = [];
  if (row.ahead) parts.push(`ahead ${row.ahead}`);
  if (row.behind) parts.push(`behind ${row.behind}`);
  return parts.length ? parts.join(', ') : 'up to date';
}

export function presentSpace(
  row: SpaceRow,
  o: { lifecycle?: Lifecycle; pr?: LinkedPr; current?: boolean } = {},
): SpacePresentation {
  const parts: string[] = [];
  const life = o.lifecycle;
  if (life) parts.push(life.state === 'failed' && life.reason ? `failed: ${life.reason}` : LIFECYCLE_WORDS[life.state]);
  if (row.isMain) parts.push(`main checkout${row.branch ? ` · ${row.branch}` : ''}`);
  else parts.push(row.detached ? 'detached HEAD' : (row.branch ?? ''));
  if (!row.isMain && row.base) parts.push(row.baseMissing ? `base ${row.base} missing` : `from ${row.base}`);
  if (row.prunable) parts.push('folder missing');
  else if (row.status) parts.push(changedLabel(row.status));
  const ab = row.isMain ? undefined : aheadBehindLabel(row);
  if (ab && ab !== 'up to date') parts.push(ab);
  if (row.spec && row.spec.total) parts.push(progressLabel(row.spec));
  if (o.pr) parts.push(prLabel(o.pr));
  if (row.locked) parts.push('locked');

  const tip: string[] = [`**${escapeMarkdown(row.name)}**${row.isMain ? ' (main checkout)' : ''}`, ''];
  const fact = (k: string, v: string) => tip.push(`- ${k}: ${v}`);
  if (o.current) tip.push('- Open in this window');
  if (life) fact('Now', life.state === 'failed' ? `failed: ${escapeMarkdown(life.reason ?? '')}` : life.state);
  fact('Branch', row.branch ? codeSpan(row.branch) : 'detached HEAD');
  if (!row.isMain && row.base) fact('Base', `${codeSpan(row.base)}${row.baseMissing ? ' (missing)' : ''}`);
  fact('Folder', codeSpan(row.path));
  if (row.status) {
    const s = row.status;
    fact(
      'Changes',
      s.changed ? `${s.changed} (${s.staged} staged, ${s.unstaged} unstaged, ${s.untracked} untracked)` : 'none',
    );
  }
  if (ab) fact('Against the base', ab);
  if (row.spec) fact('Spec', progressLabel(row.spec));
  if (o.pr) {
    // The address comes from GitHub: linked only when it is a plain https URL.
    const label = escapeMarkdown(prLabel(o.pr));
    const link = /^https:\/\/[^\s()<>]+$/.test(o.pr.url) ? `[${label}](${o.pr.url})` : label;
    fact('Pull request', `${link}: ${escapeMarkdown(o.pr.title)}`);
  }
  if (row.locked) fact('Locked', escapeMarkdown(row.locked));
  if (row.prunable) fact('Prunable', escapeMarkdown(row.prunable));

  let icon: SpacePresentation['icon'];
  if (life?.state === 'failed') icon = { id: 'error', color: 'list.errorForeground' };
  else if (life) icon = { id: 'loading~spin' };
  else if (row.prunable) icon = { id: 'warning', color: 'list.warningForeground' };
  else if (row.isMain) icon = { id: 'home' };
  else if (o.current) icon = { id: 'folder-opened' };
  else icon = { id: 'git-branch' };

  return { label: row.name, description: parts.filter(Boolean).join(' · '), tooltip: tip.join('\n'), icon };
}
