// Windowing inside one answer: its finished blocks are in groups of a few dozen, and a group more
// than two viewport heights from what the user sees is parked (its elements dropped, an empty box
// of its last height in their place) and rendered again from its blocks' sources when it comes
// back within two viewport heights. An answer of 20,000 code blocks keeps the elements of a few
// groups, so style, layout and paint per frame stay the same size however long it grows. A group
// holding the focus is never parked.
import type { StreamBlock } from '../core/chat/stream';
import { h } from './dom';
import { enqueue } from './schedule';

/** Groups within this distance of the viewport (in viewport heights) keep their elements. */
const NEAR = '200% 0px';

let scrollRoot: Element | null = null;
/** The element that scrolls the conversation (the viewport of the windowing). */
export function setScrollRoot(el: Element): void {
  scrollRoot = el;
}

interface Group {
  el: HTMLElement;
  blocks: Array<{ b: StreamBlock; el: HTMLElement }>;
  parked: boolean;
}

export class Groups {
  private readonly byEl = new WeakMap<Element, Group>();
  private io: IntersectionObserver | undefined;
  private current: Group | undefined;

  /** `render` fills a block's element; `again` when it was rendered before (parked, now back). */
  constructor(private readonly render: (el: HTMLElement, b: StreamBlock, again: boolean) => void) {}

  /** Whether new blocks can go into the current group (it exists and is not parked). */
  get open(): boolean {
    return !!this.current && !this.current.parked;
  }

  /** Starts a group with this (empty, connected) element. */
  start(el: HTMLElement): void {
    const g: Group = { el, blocks: [], parked: false };
    this.byEl.set(el, g);
    this.current = g;
    if (!scrollRoot) return;
    this.io ??= new IntersectionObserver((records) => this.seen(records), { root: scrollRoot, rootMargin: NEAR });
    this.io.observe(el);
  }

  /** A block of the current group, rendered as a job. */
  add(b: StreamBlock): void {
    const g = this.current!;
    const el = h('div', { class: 'md-block' });
    g.blocks.push({ b, el });
    g.el.append(el);
    enqueue(() => this.render(el, b, false));
  }

  private seen(records: IntersectionObserverEntry[]): void {
    for (const r of records) {
      const g = this.byEl.get(r.target);
      if (!g || !g.el.isConnected) continue;
      if (r.isIntersecting && g.parked) this.unpark(g);
      else if (
        !r.isIntersecting &&
        !g.parked &&
        r.boundingClientRect.height > 0 &&
        !g.el.contains(document.activeElement)
      )
        this.park(g, r.boundingClientRect.height);
    }
  }

  private park(g: Group, height: number): void {
    // Through the CSSOM: the panel's CSP allows no style attribute in markup.
    g.el.style.height = `${height}px`;
    g.el.replaceChildren();
    g.parked = true;
  }

  private unpark(g: Group): void {
    g.parked = false;
    g.el.style.height = '';
    for (const x of g.blocks) {
      const el = h('div', { class: 'md-block' });
      x.el = el;
      g.el.append(el);
      enqueue(() => this.render(el, x.b, true));
    }
  }
}
