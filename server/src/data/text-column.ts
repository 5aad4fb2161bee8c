// A column from its cells' text (a CSV column papaparse split, or a string column DuckDB read): numbers where the text
// is one, a factor (the cells kept) where some cell is not.

import { DEFAULT_READER, parseCell, type CellReader } from './cell.ts';
import { summarize } from './column-summary.ts';
import type { Column } from './table.ts';

/** `cells[i]` is row i's raw text (undefined or null: an empty cell, i.e. missing). */
export function columnFromCells(
  name: string,
  cells: ArrayLike<string | null | undefined>,
  reader: CellReader = DEFAULT_READER,
): Column {
  const n = cells.length;
  const values = new Float64Array(n);
  let missing = 0;
  let nonNumeric = 0;
  let firstNonNumeric: Column['firstNonNumeric'];
  const levels = new Set<string>();
  for (let i = 0; i < n; i++) {
    const raw = cells[i] ?? '';
    const v = parseCell(raw, reader);
    if (v === undefined) {
      nonNumeric++;
      values[i] = NaN;
      if (!firstNonNumeric) firstNonNumeric = { row: i + 1, text: raw.trim() };
      if (levels.size < 20) levels.add(raw.trim());
      continue;
    }
    values[i] = v;
    if (Number.isNaN(v)) missing++;
  }
  const column = summarize(name, values, missing, nonNumeric, firstNonNumeric, levels);
  if (!nonNumeric) return column;
  const text: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) text[i] = (cells[i] ?? '').trim();
  return { ...column, cells: text };
}
