// Column summaries (range, mean, integrality, small sets of distinct values) computed once from a column's values.

import type { Column } from './table.ts';
import type { ColumnStats } from './body-scan.ts';

export function summarize(
  name: string,
  values: Float64Array,
  missing: number,
  nonNumeric: number,
  firstNonNumeric: Column['firstNonNumeric'],
  levels: Set<string>,
  stats?: ColumnStats,
): Column {
  const n = values.length;
  let integer = true;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  // The CSV scan tallies these as it writes the rows: the same numbers without another sweep over the column.
  if (stats) ({ integer, min, max, sum, count } = stats);
  else
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== v) continue;
      if (integer && v !== Math.trunc(v)) integer = false;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      count++;
    }
  let distinct: number[] | undefined;
  if (integer && count > 0 && max - min <= 64) {
    // A small range (0/1 outcomes, counts, codes): flags per value, no hashing of every row.
    const seen = new Uint8Array(max - min + 1);
    for (let i = 0; i < n; i++) if (values[i] === values[i]) seen[values[i] - min] = 1;
    const found: number[] = [];
    seen.forEach((f, k) => f && found.push(min + k));
    if (found.length <= 12) distinct = found;
  } else if (integer && count > 0 && max - min <= 1e6) {
    const set = new Set<number>();
    for (let i = 0; i < n && set.size <= 12; i++) if (values[i] === values[i]) set.add(values[i]);
    if (set.size <= 12) distinct = [...set].sort((a, b) => a - b);
  }
  return {
    name,
    values,
    missing,
    nonNumeric,
    firstNonNumeric,
    integer: integer && count > 0,
    min: count ? min : NaN,
    max: count ? max : NaN,
    mean: count ? sum / count : NaN,
    distinct,
    levels: nonNumeric ? [...levels] : undefined,
  };
}
