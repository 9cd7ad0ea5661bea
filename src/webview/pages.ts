// Windowing of a long chat. Entries live in pages: the host sends the last page when a chat
// opens and the page before on each scroll to the top, and entries added later fill pages of
// their own. Only pages near the viewport have elements: a page more than two screens away is
// parked (its elements dropped, an empty box of its last height keeps everything else in place)
// and rendered again from its entries when it comes back within two screens. Scrolling through
// a 10,000-message chat therefore keeps a few pages of DOM, never 10,000 entries. A page holding
// the focus or an answer that is streaming is never parked, and neither is a page whose height
// is not known yet.
import type { EntryView } from '../core/chat/model';
import { h } from './dom';

/** Entries per page for entries added after the chat opened (host pages hold up to 40). */
const PAGE_ENTRIES = 40;
/** Pages within this distance of the viewport (in viewport heights) keep their elements. */
const NEAR = '200% 0px';

interface Page {
  el: HTMLElement;
  entries: EntryView[];
  parked: boolean;
}

export class Pages {
  readonly root: HTMLElement;
  private pages: Page[] = [];
  private readonly pageOf = new Map<string, Page>();
  private readonly byEl = new WeakMap<Element, Page>();
  /** Elements of the entries whose page is rendered. */
  private readonly els = new Map<string, HTMLElement>();
  private readonly io: IntersectionObserver;

  /**
   * `render` builds an entry's element; `keep` says an element must stay (it holds the focus or
   * a streaming answer).
   */
  constructor(
    scroller: HTMLElement,
    private readonly render: (e: EntryView) => HTMLElement,
    private readonly keep: (pageEl: HTMLElement) => boolean,
  ) {
    this.root = h('div', { class: 'entries' });
    this.io = new IntersectionObserver((records) => this.seen(records), { root: scroller, rootMargin: NEAR });
  }

  /** Entries held (rendered or parked). */
  get count(): number {
    let n = 0;
    for (const p of this.pages) n += p.entries.length;
    return n;
  }

  /** Pages whose elements are in the DOM. */
  get rendered(): number {
    return this.pages.filter((p) => !p.parked).length;
  }

  get firstId(): string | undefined {
    return this.pages[0]?.entries[0]?.id;
  }

  element(id: string): HTMLElement | undefined {
    return this.els.get(id);
  }

  reset(entries: EntryView[]): void {
    this.io.disconnect();
    this.pages = [];
    this.pageOf.clear();
    this.els.clear();
    this.root.replaceChildren();
    if (entries.length) this.add(entries, false);
  }

  /** An older page, above everything. */
  prepend(entries: EntryView[]): void {
    if (entries.length) this.add(entries, true);
  }

  /** Adds an entry at the end, or replaces the one with the same id; returns its element. */
  upsert(e: EntryView): HTMLElement {
    const page = this.pageOf.get(e.id);
    if (page) {
      if (page.parked) this.unpark(page);
      page.entries[page.entries.findIndex((x) => x.id === e.id)] = e;
      const el = this.render(e);
      this.els.get(e.id)?.replaceWith(el);
      this.els.set(e.id, el);
      return el;
    }
    const last = this.pages[this.pages.length - 1];
    if (!last || last.parked || last.entries.length >= PAGE_ENTRIES) return this.els.get(this.add([e], false)[0])!;
    last.entries.push(e);
    this.pageOf.set(e.id, last);
    const el = this.render(e);
    this.els.set(e.id, el);
    last.el.append(el);
    return el;
  }

  remove(id: string): void {
    const page = this.pageOf.get(id);
    if (!page) return;
    this.pageOf.delete(id);
    page.entries = page.entries.filter((x) => x.id !== id);
    this.els.get(id)?.remove();
    this.els.delete(id);
    if (page.entries.length) return;
    // An empty page goes: `.entries:empty` shows the new-chat hint.
    this.io.unobserve(page.el);
    page.el.remove();
    this.pages = this.pages.filter((p) => p !== page);
  }

  private add(entries: EntryView[], atStart: boolean): string[] {
    const page: Page = { el: h('div', { class: 'page' }), entries: [...entries], parked: false };
    this.byEl.set(page.el, page);
    for (const e of entries) this.pageOf.set(e.id, page);
    this.fill(page);
    if (atStart) {
      this.pages.unshift(page);
      this.root.prepend(page.el);
    } else {
      this.pages.push(page);
      this.root.append(page.el);
    }
    this.io.observe(page.el);
    return entries.map((e) => e.id);
  }

  private fill(page: Page): void {
    const els = page.entries.map((e) => {
      const el = this.render(e);
      this.els.set(e.id, el);
      return el;
    });
    page.el.replaceChildren(...els);
  }

  private seen(records: IntersectionObserverEntry[]): void {
    for (const r of records) {
      const page = this.byEl.get(r.target);
      if (!page || !page.el.isConnected) continue;
      if (r.isIntersecting && page.parked) this.unpark(page);
      else if (!r.isIntersecting && !page.parked && r.boundingClientRect.height > 0 && !this.keep(page.el))
        this.park(page, r.boundingClientRect.height);
    }
  }

  private park(page: Page, height: number): void {
    // Set through the CSSOM (the panel's CSP allows no style attribute in markup).
    page.el.style.height = `${height}px`;
    page.el.classList.add('parked');
    for (const e of page.entries) this.els.delete(e.id);
    page.el.replaceChildren();
    page.parked = true;
  }

  private unpark(page: Page): void {
    page.parked = false;
    this.fill(page);
    page.el.style.height = '';
    page.el.classList.remove('parked');
  }
}
