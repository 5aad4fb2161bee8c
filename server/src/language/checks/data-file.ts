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
        'No `data "file.csv"` statement: link the dataset the likelihood is about (a CSV or TSV with a header row, relative to this file).',
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
  if (!/\.(csv|tsv)$/i.test(first.path))
    out.push(
      diag(
        'error',
        Codes.dataFile,
        first.pathSpan,
        `\`${first.path}\` is neither .csv nor .tsv, so it was not read; v1 reads comma- or tab-separated files with a header row.`,
      ),
    );
  else if (data && !data.ok)
    out.push(diag('error', Codes.dataFile, first.pathSpan, `Cannot use data file "${first.path}": ${data.error}.`));
  return out;
};
