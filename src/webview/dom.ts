// Tiny DOM helpers: elements are built with properties and text nodes, never from strings,
// except for Markdown output, which comes from the sanitizing renderer.

import { S, fill } from './strings';

type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c) el.append(c);
  return el;
}

export function icon(name: string): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

export function iconButton(name: string, label: string, attrs: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'icon-button', title: label, 'aria-label': label, ...attrs }, icon(name));
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatSize(chars: number): string {
  const s = S();
  if (chars < 1000) return fill(s.chars, chars);
  if (chars < 1_000_000) return fill(s.kChars, (chars / 1000).toFixed(chars < 10_000 ? 1 : 0));
  return fill(s.mChars, (chars / 1_000_000).toFixed(1));
}
