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
    const v = col.values;
    // A read-only scan first: most columns have no missing cell, and then the mask needs no writes.
    let first = 0;
    while (first < v.length && v[first] === v[first]) first++;
    if (first === v.length) continue;
    dropped = true;
    for (let i = first; i < v.length; i++) if (v[i] !== v[i]) mask[i] = 0;
  }
  if (!dropped) return { mask, count: table.rows };
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i];
  return { mask, count };
}
