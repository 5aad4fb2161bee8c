// missing-rows: reports how many rows are dropped for missing values in the columns the model uses.

import { diag, Codes } from '../diagnostics.ts';
import type { Check } from './context.ts';

export const missingRows: Check = ({ data, rows, facts, scope }) => {
  if (!data?.ok || !rows) return [];
  const dropped = data.table.rows - rows.count;
  if (dropped === 0) return [];
  let first = 0;
  while (first < rows.mask.length && rows.mask[first]) first++;
  const perColumn = facts.usedColumns
    .map((c) => ({ c, m: data.table.byName.get(c)?.missing ?? 0 }))
    .filter((x) => x.m > 0)
    .map((x) => `${x.c}: ${x.m}`);
  const span = scope.dataStmts[0]?.span ?? { start: 0, end: 0 };
  return [
    diag(
      'info',
      Codes.missingRows,
      span,
      `${dropped} of ${data.table.rows} rows are dropped for missing values in the columns the model uses (${perColumn.join(', ')}); the first is row ${first + 1}. ${rows.count} rows are used.`,
      { dropped, used: rows.count, firstRow: first + 1 },
    ),
  ];
};
