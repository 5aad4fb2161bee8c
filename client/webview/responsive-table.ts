// Narrow panels: the columns of a results table that do not fit move into a detail row under each row (always shown,
// label and value), instead of a horizontal scrollbar; numbers are never clipped or cut.
import { h } from './dom.ts';
import { MISSING } from './format.ts';

/** A column group that may leave the row (`col` as in its cells' data-col) and its measured width in px. */
export interface ColumnWidth {
  readonly col: string;
  readonly width: number;
}

/**
 * Pure, for unit tests: the column groups that move to the detail row. `natural` is the row's width with every column
 * in it, `available` the container's; `groups` come least important first; `shrink` is how much the name column can
 * give by wrapping (down to its min-width) before a number leaves the row. The fewest groups that make the row fit
 * go, in that order; if even all of them are not enough, all go.
 */
export function collapsedColumns(
  natural: number,
  available: number,
  groups: readonly ColumnWidth[],
  shrink = 0,
): string[] {
  const out: string[] = [];
  let width = natural - shrink;
  for (const g of groups) {
    // Half a pixel of slack: measured widths are fractional, the container's clientWidth an integer.
    if (width <= available + 0.5) break;
    out.push(g.col);
    width -= g.width;
  }
  return out;
}

/**
 * Marks `table` as responsive: `order` lists its collapsible column groups, least important first (their cells carry
 * data-col). Each body row gets a `tr.detail` under it with one item per group, label and a copy of the cells (two
 * cells, an interval's ends, read "[low, high]"); a group with nothing but "—" is left out. The copies carry no
 * data-value, so readers of the table (export, tests) see each number once, in its row.
 */
export function makeResponsive(table: HTMLTableElement, order: readonly string[]): HTMLTableElement {
  table.dataset.collapseOrder = order.join(' ');
  const cols = new Set(order);
  const head = Array.from(table.tHead?.rows[0]?.cells ?? []);
  const label = (col: string): string => {
    const th = head.find((c) => c.dataset.col === col);
    return th?.dataset.detailLabel ?? th?.textContent ?? '';
  };
  for (const tr of Array.from(table.tBodies[0]?.rows ?? [])) {
    const cells = Array.from(tr.cells);
    const groups = [...new Set(cells.map((c) => c.dataset.col ?? ''))].filter((g) => cols.has(g));
    const items = groups.flatMap((g) => {
      const members = cells.filter((c) => c.dataset.col === g);
      if (members.every((c) => c.children.length === 0 && (c.textContent ?? '').trim() === MISSING)) return [];
      // The number font, and a correlation's strength shading, go with the copy; the cell's other classes do not (they
      // name its column, which readers of the table query).
      const keep = Array.from(members[0].classList).filter(
        (c) => c === 'num' || c.startsWith('corr-') || c === 'diagonal',
      );
      const num = keep.map((c) => ` ${c}`).join('');
      const title = members.map((c) => c.title).filter(Boolean);
      const value = h('span', { class: `detail-value${num}`, title: title.join(', ') || undefined });
      // Each cell's copy is one unbreakable part ("[low," and "high]"): a very narrow panel wraps between them.
      members.forEach((c, k) => {
        const part = h('span', { class: 'detail-part' }, members.length > 1 && k === 0 ? '[' : null);
        part.append(...Array.from(c.childNodes).map((n) => n.cloneNode(true)));
        if (members.length > 1) part.append(k === members.length - 1 ? ']' : ',');
        value.append(part);
      });
      return [
        h(
          'span',
          { class: 'detail-item', 'data-col': g, hidden: '' },
          h('span', { class: 'detail-label' }, label(g)),
          value,
        ),
      ];
    });
    if (items.length === 0) continue;
    const detail = h(
      'tr',
      { class: 'detail', hidden: '' },
      h('td', { colspan: cells.length }, h('div', { class: 'detail-items' }, ...items)),
    );
    if (tr.dataset.param !== undefined) detail.dataset.detailFor = tr.dataset.param;
    tr.after(detail);
  }
  return table;
}

/** Collapses (or restores) the columns of one responsive table for `available` px of width. */
export function fitTable(table: HTMLTableElement, available: number): void {
  const order = (table.dataset.collapseOrder ?? '').split(' ').filter(Boolean);
  if (order.length === 0 || available <= 0) return;
  const movable = Array.from(table.querySelectorAll<HTMLElement>('tr:not(.detail) > [data-col]'));
  // Measure with every column in the row (styles.css: min-content, numbers and names unbroken, headings wrapped).
  table.dataset.layout = 'measure';
  for (const c of movable) c.hidden = false;
  const head = Array.from(table.tHead?.rows[0]?.cells ?? []);
  const widthOf = (col?: string): number =>
    head
      .filter((c) => col === undefined || c.dataset.col === col)
      .reduce((a, c) => a + c.getBoundingClientRect().width, 0);
  const groups = order.map((col) => ({ col, width: widthOf(col) }));
  const natural = widthOf();
  const collapsed = new Set(collapsedColumns(natural, available, groups, nameShrink(table)));
  const left = natural - groups.reduce((a, g) => a + (collapsed.has(g.col) ? g.width : 0), 0);
  // The row fits only with its names wrapped: let them break anywhere (styles.css), not only between words.
  table.toggleAttribute('data-squeeze-names', left > available + 0.5);
  for (const c of movable) c.hidden = collapsed.has(c.dataset.col ?? '');
  for (const item of Array.from(table.querySelectorAll<HTMLElement>('tr.detail .detail-item')))
    item.hidden = !collapsed.has(item.dataset.col ?? '');
  for (const tr of Array.from(table.querySelectorAll<HTMLElement>('tr.detail'))) tr.hidden = collapsed.size === 0;
  table.dataset.layout = collapsed.size === 0 ? 'row' : 'detail';
  table.dataset.collapsed = [...collapsed].join(' ');
}

/** Characters a row name keeps on a line when it wraps to let the numbers stay in the row. */
const NAME_MIN_CH = 12;

/** How far the widest row name can narrow by wrapping, down to NAME_MIN_CH characters of its (monospace) font. */
function nameShrink(table: HTMLTableElement): number {
  let most = 0;
  for (const th of Array.from(table.querySelectorAll<HTMLElement>('tbody th.name'))) {
    const cs = getComputedStyle(th);
    const content = th.getBoundingClientRect().width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    // A monospace digit is about 0.6 em wide (the CSS ch unit).
    most = Math.max(most, content - NAME_MIN_CH * 0.6 * parseFloat(cs.fontSize));
  }
  return most;
}

let observer: ResizeObserver | undefined;
let lastWidth = -1;

/** Fits every responsive table in `root` now, and again whenever the panel's width changes (not its height). */
export function fitTables(root: HTMLElement): void {
  const all = (): void => {
    for (const t of Array.from(root.querySelectorAll<HTMLTableElement>('table[data-collapse-order]')))
      fitTable(t, t.parentElement?.clientWidth ?? 0);
  };
  all();
  if (observer || typeof ResizeObserver === 'undefined') return;
  lastWidth = root.clientWidth;
  observer = new ResizeObserver(() => {
    // The detail rows change the height only: refitting on that would measure the same width again.
    if (root.clientWidth === lastWidth) return;
    lastWidth = root.clientWidth;
    all();
  });
  observer.observe(root);
}
