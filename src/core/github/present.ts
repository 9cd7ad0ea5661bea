// How a pull request row looks, with stable API only: one codicon (with a theme colour), a short
// description and a Markdown tooltip. Pure, so the priority rules are unit-tested.
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
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 60) return `${d} days ago`;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Icon priority, most actionable first: conflicts, failing checks, changes requested, draft,
 * pending checks, approved, plain open.
 */
export function presentPullRequest(pr: PullRequestItem, now: number): RowPresentation {
  const status: string[] = [];
  if (pr.isDraft) status.push('draft');
  if (pr.mergeable === 'conflicting') status.push('conflicts');
  if (pr.checks === 'failing') status.push('checks failing');
  else if (pr.checks === 'pending') status.push('checks pending');
  else if (pr.checks === 'passing') status.push('checks passing');
  if (pr.reviewDecision === 'changes_requested') status.push('changes requested');
  else if (pr.reviewDecision === 'approved') status.push('approved');
  else if (pr.reviewDecision === 'review_required') status.push('review required');

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
    `by @${escapeMarkdown(pr.author)}${pr.updatedAt ? ` · updated ${timeAgo(pr.updatedAt, now)}` : ''}`,
    '',
    `${codeSpan(pr.headRefName)} → ${codeSpan(pr.baseRefName)}${pr.isCrossRepository ? ' (from a fork)' : ''}`,
    '',
    `- State: ${pr.isDraft ? 'Draft' : 'Open'}`,
    `- Review: ${{ approved: 'Approved', changes_requested: 'Changes requested', review_required: 'Review required', none: 'No review decision' }[pr.reviewDecision]}`,
    `- Checks: ${{ passing: 'Passing', failing: 'Failing', pending: 'Pending', none: 'None reported' }[pr.checks]}`,
    `- Merge: ${{ mergeable: 'No conflicts', conflicting: 'Conflicts with the base branch', unknown: 'Not computed yet' }[pr.mergeable]}`,
  ];
  return { label: `#${pr.number} ${pr.title}`, description, tooltip: lines.join('\n'), icon, status };
}

/** The category row's description: "3", or "20 of 45" when more can be loaded. */
export function categoryDescription(shown: number, total: number): string {
  return total > shown ? `${shown} of ${total}` : String(shown);
}
