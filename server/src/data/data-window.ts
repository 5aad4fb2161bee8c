// A window of a loaded table as text rows, with column header summaries and the rows a model drops: what the data viewer shows.

import type { DataColumnSummary, DataRowsResponse } from '../protocol.ts';
import { factorOf, isFactorColumn } from './factors.ts';
import type { Column, DataTable } from './table.ts';

/** Levels listed per factor header; a column with more counts the rest (an ID column must not flood the message). */
const MAX_LEVELS = 50;

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** A column's header summary, from the summaries computed at load (numbers) or its factor (levels, counts). */
function summaryOf(col: Column, used: boolean): DataColumnSummary {
  if (isFactorColumn(col)) {
    const f = factorOf(col, false)!;
    let missing = 0;
    for (let i = 0; i < f.codes.length; i++) if (f.codes[i] < 0) missing++;
    const levels = f.levels.slice(0, MAX_LEVELS).map((level, i) => ({ level, count: f.counts[i] }));
    const other = f.levels.length - levels.length;
    return {
      name: col.name,
      type: 'factor',
      n: f.codes.length - missing,
      missing,
      levels,
      ...(other > 0 ? { otherLevels: other } : {}),
      used,
    };
  }
  return {
    name: col.name,
    type: 'numeric',
    n: col.values.length - col.missing - col.nonNumeric,
    missing: col.missing,
    min: finite(col.min),
    mean: finite(col.mean),
    max: finite(col.max),
    used,
  };
}

/** Summaries depend only on the table (and the used columns, cheap to mark): computed once per loaded table. */
const summaries = new WeakMap<DataTable, readonly DataColumnSummary[]>();

export function columnSummaries(table: DataTable, usedColumns: readonly string[]): DataColumnSummary[] {
  let s = summaries.get(table);
  if (!s) summaries.set(table, (s = table.columns.map((c) => summaryOf(c, false))));
  const used = new Set(usedColumns);
  return s.map((c) => (used.has(c.name) ? { ...c, used: true } : c));
}

/** A cell as text: the file's own text for a factor, the number for a numeric column; null when missing. */
function cellText(col: Column, i: number): string | null {
  if (col.cells) {
    const t = col.cells[i];
    return isFactorColumn(col) && factorOf(col, false)!.codes[i] < 0 ? null : t;
  }
  const v = col.values[i];
  return v === v ? String(v) : null;
}

/**
 * Rows [start, start + count) of `table` (clamped to the table), each as text cells. `usedMask[i]` is 0 for a row the
 * model drops; without a mask no row is dropped.
 */
export function dataWindow(
  table: DataTable,
  path: string,
  start: number,
  count: number,
  usedColumns: readonly string[],
  usedMask: Uint8Array | undefined,
  usedCount: number | undefined,
): DataRowsResponse {
  const total = table.rows;
  const from = Math.max(0, Math.min(Math.floor(start) || 0, total));
  const to = Math.min(total, from + Math.max(0, Math.floor(count) || 0));
  const rows: (string | null)[][] = [];
  const dropped: number[] = [];
  for (let i = from; i < to; i++) {
    rows.push(table.columns.map((c) => cellText(c, i)));
    if (usedMask && !usedMask[i]) dropped.push(i);
  }
  return {
    path,
    columns: columnSummaries(table, usedColumns),
    start: from,
    rows,
    total,
    dropped,
    droppedTotal: usedMask ? total - (usedCount ?? 0) : 0,
  };
}
