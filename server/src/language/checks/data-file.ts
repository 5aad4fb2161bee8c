// data-file: exactly one `data` statement whose file exists, is readable and has a header row.

import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check } from './context.ts';

export const dataFile: Check = ({ scope, data, file, syntaxErrors }) => {
  const out: Diagnostic[] = [];
  const [first, ...rest] = scope.dataStmts;
  if (!first) {
    if (syntaxErrors) return out;
    out.push(
      diag(
        'error',
        Codes.dataFile,
        { start: 0, end: Math.min(file.span.end, 1) },
        'No `data "file.csv"` statement: link the dataset the likelihood is about (a CSV or TSV with a header row, or a Parquet file, relative to this file).',
      ),
    );
    return out;
  }
  for (const extra of rest)
    out.push(
      diag(
        'error',
        Codes.dataFile,
        extra.span,
        'Only one `data` statement is allowed per model; remove this one or merge the files.',
      ),
    );
  if (first.path === undefined) return out;
  if (!/\.(csv|tsv|parquet|duckdb|ddb)$/i.test(first.path))
    out.push(
      diag(
        'error',
        Codes.dataFile,
        first.pathSpan,
        `\`${first.path}\` is not a data file MLE Studio reads, so it was not read: link a CSV or TSV with a header row, a Parquet file, or a table of a DuckDB database (\`data "db.duckdb" table "NAME"\`).`,
      ),
    );
  else if (data && !data.ok) {
    // A missing table is underlined on its `table "…"` clause, everything else on the path.
    const span = first.table && /\btable\b/.test(data.error) ? first.table.span : first.pathSpan;
    out.push(diag('error', Codes.dataFile, span, `Cannot use data file "${first.path}": ${data.error}.`));
  }
  return out;
};
