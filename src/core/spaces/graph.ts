// Ahead/behind of many (head, base) pairs from ONE `git rev-list --parents` walk: every commit
// reachable from the tips but not from their common merge base is listed with its parents, and
// the counts are set differences over that small graph. A commit reachable from both sides is
// either in the graph (counted on both, so it cancels) or below the merge base (on neither).

export interface Pair {
  head: string;
  base: string;
}

/** Parses `git rev-list --parents` output into commit → parents. */
export function parseParents(text: string): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [c, ...ps] = line.split(' ');
    g.set(c!, ps);
  }
  return g;
}

function reach(g: Map<string, string[]>, tip: string, memo: Map<string, Set<string>>): Set<string> {
  const hit = memo.get(tip);
  if (hit) return hit;
  const seen = new Set<string>();
  const stack = [tip];
  while (stack.length) {
    const c = stack.pop()!;
    if (seen.has(c) || !g.has(c)) continue;
    seen.add(c);
    for (const p of g.get(c)!) stack.push(p);
  }
  memo.set(tip, seen);
  return seen;
}

export function aheadBehind(g: Map<string, string[]>, pairs: readonly Pair[]): { ahead: number; behind: number }[] {
  const memo = new Map<string, Set<string>>();
  return pairs.map(({ head, base }) => {
    const h = reach(g, head, memo);
    const b = reach(g, base, memo);
    let ahead = 0;
    let behind = 0;
    for (const c of h) if (!b.has(c)) ahead++;
    for (const c of b) if (!h.has(c)) behind++;
    return { ahead, behind };
  });
}
