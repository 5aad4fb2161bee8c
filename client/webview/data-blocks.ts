// The data viewer's row blocks and scroll geometry: which blocks a viewport needs, and scroll offsets for a million rows.

/** Rows per request: one block is one `mle/dataRows` window. */
export const BLOCK = 500;
/** Blocks kept in memory (the nearest to the viewport stay; the farthest are dropped). */
export const KEEP_BLOCKS = 40;
/** Browsers cap an element's height (~33.5M px in Chromium): taller data is scrolled proportionally. */
export const MAX_SCROLL_PX = 15_000_000;

/** The blocks covering rows [first, first + visible) and half a block beyond (fetched before it scrolls into view). */
export function blocksFor(first: number, visible: number, total: number): number[] {
  if (total <= 0) return [];
  const last = Math.min(total - 1, first + visible + BLOCK / 2);
  const out: number[] = [];
  for (let b = Math.floor(Math.max(0, first) / BLOCK); b * BLOCK <= last; b++) out.push(b);
  return out;
}

/** The spacer's height for `total` rows of `rowPx` each, capped. */
export const scrollHeight = (total: number, rowPx: number): number => Math.min(total * rowPx, MAX_SCROLL_PX);

/**
 * The first row on show at scroll offset `top` out of `room` scrollable pixels, `visible` rows fitting the viewport:
 * linear in the offset, so the last row is reached at the bottom even when the height was capped.
 */
export function firstRowAt(top: number, room: number, visible: number, total: number): number {
  if (room <= 0) return 0;
  const frac = Math.min(1, Math.max(0, top / room));
  return Math.round(frac * Math.max(0, total - visible));
}

/** Which cached blocks to drop: the farthest from `centre` beyond KEEP_BLOCKS. */
export function blocksToDrop(cached: readonly number[], centre: number): number[] {
  if (cached.length <= KEEP_BLOCKS) return [];
  return [...cached].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre)).slice(0, cached.length - KEEP_BLOCKS);
}
