// Which data rows the likelihood uses: those with no missing value in any used column.

import type { DataTable } from '../../data/table.ts';
import { factorOf, isFactorColumn } from '../../data/factors.ts';

export function usedRows(table: DataTable, usedColumns: readonly string[]): { mask: Uint8Array; count: number } {
  const mask = new Uint8Array(table.rows).fill(1);
  let dropped = false;
  for (const name of usedColumns) {
    const col = table.byName.get(name);
    if (!col) continue;
    // A text column is a factor: its missing cells are those with no level.
    if (isFactorColumn(col)) {
      const codes = factorOf(col, false)!.codes;
      for (let i = 0; i < codes.length; i++)
        if (codes[i] < 0) {
          mask[i] = 0;
          dropped = true;
        }
      continue;
    }
    // A non-numeric column without kept text is an error of its own; its cells are not "missing".
    if (col.nonNumeric > 0) continue;
    // Every loader counts each NaN cell of a numeric column as missing (summarize's input): a column without one
    // needs no scan of its million values (on a busy machine such a scan costs ~4 ns a value in memory traffic).
    if (col.missing === 0) continue;
    dropped = true;
    const v = col.values;
    for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) mask[i] = 0;
  }
  if (!dropped) return { mask, count: table.rows };
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i];
  return { mask, count };
}
