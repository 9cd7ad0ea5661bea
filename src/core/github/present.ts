// How a pull request row looks, with stable API only: one codicon (with a theme colour), a short
// description and a Markdown tooltip. Pure, so the priority rules are unit-tested.
import { t } from '../l10n';
import type { PullRequestItem } from './prQuery';

export interface RowPresentation {
  label: string;
  description: string;
  /** Markdown; every value from GitHub is escaped (titles are untrusted). */
  tooltip: string;
  icon: { id: string; color?: string };
  /** Short words for the status, in display order (also used by the description). */
  status: string[];
}

/** Escapes Markdown so a PR title cannot inject links, images or HTML into the tooltip. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/**
 * A Markdown code span for an untrusted value. Backslash escapes do not apply inside code, so
 * the fence is made longer than any backtick run in the value instead.
 */
export function codeSpan(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

export function timeAgo(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '';
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return t('just now');
  const m = Math.round(s / 60);
  if (m < 60) return t('{0} min ago', m);
  const h = Math.round(m / 60);
  if (h < 48) return t('{0} h ago', h);
  const d = Math.round(h / 24);
  if (d < 60) return t('{0} days ago', d);
  return new Date(at).toISOString().slice(0, 10);
}

/**
 * Icon priority, most actionable first: conflicts, failing checks, changes requested, draft,
 * pending checks, approved, plain open.
 */
export function presentPullRequest(pr: PullRequestItem, now: number): RowPresentation {
  const status: string[] = [];
  if (pr.isDraft) status.push(t('draft'));
  if (pr.mergeable === 'conflicting') status.push(t('conflicts'));
  if (pr.checks === 'failing') status.push(t('checks failing'));
  else if (pr.checks === 'pending') status.push(t('checks pending'));
  else if (pr.checks === 'passing') status.push(t('checks passing'));
  if (pr.reviewDecision === 'changes_requested') status.push(t('changes requested'));
  else if (pr.reviewDecision === 'approved') status.push(t('approved'));
  else if (pr.reviewDecision === 'review_required') status.push(t('review required'));

  let icon: RowPresentation['icon'];
  if (pr.mergeable === 'conflicting') icon = { id: 'warning', color: 'list.warningForeground' };
  else if (pr.checks === 'failing') icon = { id: 'error', color: 'testing.iconFailed' };
  else if (pr.reviewDecision === 'changes_requested') icon = { id: 'request-changes', color: 'list.errorForeground' };
  else if (pr.isDraft) icon = { id: 'git-pull-request-draft', color: 'descriptionForeground' };
  else if (pr.checks === 'pending') icon = { id: 'sync', color: 'testing.iconQueued' };
  else if (pr.reviewDecision === 'approved') icon = { id: 'pass', color: 'testing.iconPassed' };
  else icon = { id: 'git-pull-request', color: 'gitDecoration.addedResourceForeground' };

  const description = [`@${pr.author}`, ...status].join(' · ');
  const lines = [
    `**#${pr.number} ${escapeMarkdown(pr.title)}**`,
    '',
    pr.updatedAt
      ? t('by @{0} · updated {1}', escapeMarkdown(pr.author), timeAgo(pr.updatedAt, now))
      : t('by @{0}', escapeMarkdown(pr.author)),
    '',
    pr.isCrossRepository
      ? t('{0} → {1} (from a fork)', codeSpan(pr.headRefName), codeSpan(pr.baseRefName))
      : `${codeSpan(pr.headRefName)} → ${codeSpan(pr.baseRefName)}`,
    '',
    `- ${pr.isDraft ? t('State: Draft') : t('State: Open')}`,
    `- ${reviewFact()[pr.reviewDecision]}`,
    `- ${checksFact()[pr.checks]}`,
    `- ${mergeFact()[pr.mergeable]}`,
  ];
  return { label: `#${pr.number} ${pr.title}`, description, tooltip: lines.join('\n'), icon, status };
}

/** The category row's description: "3", or "20 of 45" when more can be loaded. */
export function categoryDescription(shown: number, total: number): string {
  return total > shown ? t('{0} of {1}', shown, total) : String(shown);
}

// The tooltip's fact lines, one message per value; read where shown (the translator is installed
// at activation).
const reviewFact = (): Record<PullRequestItem['reviewDecision'], string> => ({
  approved: t('Review: Approved'),
  changes_requested: t('Review: Changes requested'),
  review_required: t('Review: Review required'),
  none: t('Review: No review decision'),
});
const checksFact = (): Record<PullRequestItem['checks'], string> => ({
  passing: t('Checks: Passing'),
  failing: t('Checks: Failing'),
  pending: t('Checks: Pending'),
  none: t('Checks: None reported'),
});
const mergeFact = (): Record<PullRequestItem['mergeable'], string> => ({
  mergeable: t('Merge: No conflicts'),
  conflicting: t('Merge: Conflicts with the base branch'),
  unknown: t('Merge: Not computed yet'),
});
