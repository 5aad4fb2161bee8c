// The data viewer's refresh when its file changes on disk: which version a window is from, and where to scroll back to.
import type { DataRowsResponse } from '../../server/src/protocol.ts';
import { firstRowAt } from './data-blocks.ts';

/**
 * Whether window `w` comes from the version of the file on show (its size and modification time as the server read
 * it), an older one or a newer one. Without stamps (an older server) it is taken as the same: only the file watcher
 * refreshes then.
 */
export function versionOf(shown: DataRowsResponse, w: DataRowsResponse): 'same' | 'older' | 'newer' {
  const a = shown.stamp;
  const b = w.stamp;
  if (!a || !b || (a.size === b.size && a.mtimeMs === b.mtimeMs)) return 'same';
  // An answer to a request sent before the last reload is older: dropped, not a reason to reload again.
  return b.mtimeMs < a.mtimeMs ? 'older' : 'newer';
}

/**
 * The row to show first after a reload: the same row number as before (the rows above it rarely move when a file is
 * appended to or edited in place), clamped so the last screen is full when the file got shorter.
 */
export function keptFirstRow(first: number, visible: number, total: number): number {
  return Math.max(0, Math.min(first, total - visible));
}

/**
 * The scroll offset that shows `row` first: the inverse of firstRowAt (linear in the offset, so it also holds when the
 * spacer's height was capped), rounded up so that firstRowAt gives `row` back.
 */
export function scrollTopFor(row: number, room: number, visible: number, total: number): number {
  const span = Math.max(0, total - visible);
  if (room <= 0 || span === 0) return 0;
  let top = Math.ceil(((row - 0.5) / span) * room);
  while (top < room && firstRowAt(top, room, visible, total) < row) top++;
  return Math.max(0, Math.min(room, top));
}

/**
 * The summary's note after a reload, with the time it happened (so a second change is visibly a new reload), why,
 * and how the row count changed.
 */
export function reloadNote(at: Date, total: number, before: number, onDisk: boolean): string {
  const time = at.toTimeString().slice(0, 8);
  const diff = total - before;
  const change = diff === 0 ? '' : ` (${diff > 0 ? '+' : '−'}${Math.abs(diff).toLocaleString()} rows)`;
  return `reloaded at ${time}${onDisk ? ': the file changed on disk' : ''}${change}`;
}
