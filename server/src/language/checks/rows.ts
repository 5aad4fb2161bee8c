// Which data rows the likelihood uses: those with no missing value in any used column.

import type { DataTable } from '../../data/table.ts';

export function usedRows(table: DataTable, usedColumns: readonly string[]): { mask: Uint8Array; count: number } {
  const mask = new Uint8Array(table.rows).fill(1);
  for (const name of usedColumns) {
    const col = table.byName.get(name);
    // A non-numeric column is an error of its own; its cells are not "missing".
    if (!col || col.nonNumeric > 0) continue;
    const v = col.values;
    for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) mask[i] = 0;
  }
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i];
  return { mask, count };
}
