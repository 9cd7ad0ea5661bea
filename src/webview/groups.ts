// Windowing inside one answer: its finished blocks are in groups of a few dozen, and a group more
// than two viewport heights from what the user sees holds only a box of its height: the measured
// one once it has been shown (parked), an estimate from its blocks' lines before that (pending).
// The first groups of an answer are shown at once, so an ordinary answer is all in the page (for
// Tab and Find); past them a group waits until it comes near. Reopening an answer of 20,000 code
// blocks at its end thus renders the last few groups, not all of them from the top, and style,
// layout and paint per frame stay the same size however long an answer grows. A group holding
// the focus is never parked. Heights that change above the viewport (an estimate replaced by the real height) move
// the scroll position by as much, so what the user looks at stays put.
import type { StreamBlock } from '../core/chat/stream';
import { h } from './dom';
import { enqueue } from './schedule';

/** Groups within this distance of the viewport (in viewport heights) keep their elements. */
const NEAR = '200% 0px';
/** Estimate of a block not yet shown: its source lines (a long one wraps) at a line's height, plus margins. */
const LINE_PX = 20;
const WRAP_CHARS = 100;
const BLOCK_PX = 12;
/** Groups of one answer shown without waiting to come near (an ordinary answer has one or two). */
const EAGER_GROUPS = 4;

let scrollRoot: Element | null = null;
/** The element that scrolls the conversation (the viewport of the windowing). */
export function setScrollRoot(el: Element): void {
  scrollRoot = el;
}

interface Block {
  b: StreamBlock;
  /** Its element while the group is shown. */
  el?: HTMLElement;
  /** Rendered once already (a later render is not news for a screen reader). */
  shown: boolean;
}

interface Group {
  el: HTMLElement;
  blocks: Block[];
  state: 'pending' | 'shown' | 'parked';
  /** Estimated height of its blocks (the box's height while pending or rendering). */
  estimate: number;
  /** Blocks placed but not rendered yet. */
  waiting: number;
}

/**
 * Back to the height of the content, leaving no empty `style=""` behind: Chrome writes an inline
 * style back to the attribute lazily, so the attribute is read first, then removed.
 */
function clearHeight(el: HTMLElement): void {
  el.style.removeProperty('height');
  if (el.getAttribute('style') === '') el.removeAttribute('style');
}

function estimate(b: StreamBlock): number {
  let lines = 0;
  for (let from = 0; from < b.src.length;) {
    const end = b.src.indexOf('\n', from);
    const to = end === -1 ? b.src.length : end;
    lines += 1 + Math.floor((to - from) / WRAP_CHARS);
    from = to + 1;
  }
  return lines * LINE_PX + BLOCK_PX;
}

export class Groups {
  private readonly byEl = new WeakMap<Element, Group>();
  private io: IntersectionObserver | undefined;
  private ro: ResizeObserver | undefined;
  private readonly heights = new WeakMap<Element, number>();
  private current: Group | undefined;
  private count = 0;

  /** `render` fills a block's element; `again` when it was rendered before (parked, now back). */
  constructor(private readonly render: (el: HTMLElement, b: StreamBlock, again: boolean) => void) {}

  /** Whether new blocks can go into the current group (it exists and has not been parked). */
  get open(): boolean {
    return !!this.current && this.current.state !== 'parked';
  }

  /** Starts a group with this (empty, connected) element. */
  start(el: HTMLElement): void {
    // Without a viewport to window against (a detached view) every group is shown at once.
    const eager = !scrollRoot || ++this.count <= EAGER_GROUPS;
    const g: Group = { el, blocks: [], state: eager ? 'shown' : 'pending', estimate: 0, waiting: 0 };
    // The browser skips an eager group off screen (content-visibility) until it is parked; a
    // group shown later is near the viewport by then, and its height is watched instead.
    if (eager) el.classList.add('md-skippable');
    this.byEl.set(el, g);
    this.current = g;
    if (!scrollRoot) return;
    this.io ??= new IntersectionObserver((records) => this.seen(records), { root: scrollRoot, rootMargin: NEAR });
    this.io.observe(el);
  }

  /** A block of the current group: rendered as a job when the group is shown, else when it is. */
  add(b: StreamBlock): void {
    const g = this.current!;
    const x: Block = { b, shown: false };
    g.blocks.push(x);
    g.estimate += estimate(b);
    // Through the CSSOM: the panel's CSP allows no style attribute in markup. A shown group with
    // nothing rendered yet keeps the box too until its blocks are: laid out empty at zero height,
    // it would be remembered at that size once skipped (content-visibility) and never parked. A
    // group with rendered blocks has its content's height, and a new block only adds to it.
    // A set height on the box is an estimate or a parked size, never the content's.
    const held = g.el.style.height !== '';
    if (g.state === 'pending' || (g.state === 'shown' && (held || g.blocks.length === 1)))
      g.el.style.height = `${g.estimate}px`;
    if (g.state === 'shown') this.place(g, x);
  }

  private place(g: Group, x: Block): void {
    const el = h('div', { class: 'md-block' });
    x.el = el;
    g.el.append(el);
    g.waiting++;
    enqueue(() => {
      // Parked before its turn came: nothing to render into.
      if (g.state !== 'shown' || x.el !== el) return;
      this.render(el, x.b, x.shown);
      x.shown = true;
      if (--g.waiting === 0) clearHeight(g.el);
    });
  }

  private seen(records: IntersectionObserverEntry[]): void {
    for (const r of records) {
      const g = this.byEl.get(r.target);
      if (!g || !g.el.isConnected) continue;
      if (r.isIntersecting && g.state !== 'shown') this.show(g, r.boundingClientRect.height);
      // Not at zero height: inside an entry skipped by content-visibility a group has no size,
      // and an ordinary answer stays whole in the page (Tab, Find).
      else if (
        !r.isIntersecting &&
        g.state === 'shown' &&
        r.boundingClientRect.height > 0 &&
        !g.el.contains(document.activeElement)
      )
        this.park(g, r.boundingClientRect.height);
    }
  }

  private park(g: Group, height: number): void {
    this.unwatch(g.el);
    g.el.style.height = `${height}px`;
    g.waiting = 0;
    g.el.replaceChildren();
    for (const x of g.blocks) x.el = undefined;
    g.state = 'parked';
    g.el.classList.remove('md-skippable');
  }

  /**
   * `height` is its box's height now (layout is fresh in an intersection observer callback): the
   * group is watched from there until its blocks are rendered and their real height is known.
   */
  private show(g: Group, height: number): void {
    g.state = 'shown';
    this.heights.set(g.el, height);
    this.ro ??= new ResizeObserver((records) => this.resized(records));
    this.ro.observe(g.el);
    for (const x of g.blocks) this.place(g, x);
  }

  /** Only groups being rendered are watched: watching all of them costs every frame. */
  private unwatch(el: Element): void {
    this.ro?.unobserve(el);
    this.heights.delete(el);
  }

  /**
   * A group above the viewport changed height (its estimate became the real height as its
   * blocks were rendered): scroll by as much, so the content in view does not move.
   */
  private resized(records: ResizeObserverEntry[]): void {
    const root = scrollRoot;
    if (!root) return;
    let shift = 0;
    let rootTop: number | undefined;
    for (const r of records) {
      const now = r.borderBoxSize?.[0]?.blockSize ?? r.contentRect.height;
      const before = this.heights.get(r.target);
      this.heights.set(r.target, now);
      // Rendered, and its real height reported: no longer watched.
      const g = this.byEl.get(r.target);
      if (g && g.waiting === 0) this.unwatch(r.target);
      if (before === undefined || before === now) continue;
      rootTop ??= root.getBoundingClientRect().top;
      // Layout is fresh in a resize observer callback: this read costs no extra layout.
      if (r.target.getBoundingClientRect().bottom <= rootTop) shift += now - before;
    }
    if (shift) root.scrollTop += shift;
  }
}
