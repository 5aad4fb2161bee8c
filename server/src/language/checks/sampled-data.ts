// data-sampled: the data file is over the memory budget, so the checks that read rows ran on its first rows only.

import { diag, Codes, type Code } from '../diagnostics.ts';
import type { Check } from './context.ts';

/**
 * Verdicts about the rows themselves, which the rest of the file may contradict (the first rows of a file sorted by
 * the outcome are constant or separated): on a sample they are left out (analyze.ts). Errors stay: a row that is
 * wrong in the sample is wrong in the file.
 */
export const SAMPLE_ONLY_CODES: ReadonlySet<Code> = new Set<Code>([
  Codes.missingRows,
  Codes.tooFewRows,
  Codes.constantOutcome,
  Codes.separation,
  Codes.collinearity,
  Codes.notIdentifiable,
]);

export const sampledData: Check = ({ data, scope }) => {
  if (!data?.ok || data.sampledFrom === undefined) return [];
  const span = scope.dataStmts[0]?.span ?? { start: 0, end: 0 };
  const n = data.table.rows.toLocaleString('en-US');
  const of = data.sampledFrom.toLocaleString('en-US');
  return [
    diag(
      'info',
      Codes.dataSampled,
      span,
      `The data (${of} rows) are larger than the memory budget, so they were not loaded: the checks that read rows ran on the first ${n} only, and their warnings about those rows (missing values, separation, collinearity, identifiability) are left out, since the other rows may contradict them. A fit sizes the data again (a logistic regression runs inside DuckDB; see \`mle.data.memoryBudget\` / \`--memory-budget\`).`,
      { rows: data.table.rows, of: data.sampledFrom },
    ),
  ];
};
