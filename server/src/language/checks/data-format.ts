// data-format: says how the data file was read when that is not what its extension promises (`;` and decimal commas).

import { diag, Codes } from '../diagnostics.ts';
import type { DataFormat } from '../../data/table.ts';
import type { Check } from './context.ts';

const DELIMITER_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const;

function formatNote(path: string, f: DataFormat): string | undefined {
  const expected = /\.tsv$/i.test(path) ? '\t' : ',';
  if (f.decimalComma)
    return 'Read as semicolon-separated values with decimal commas (1,5 is 1.5), the common European CSV; a number written with a decimal point in this file is not read as a number.';
  if (f.delimiter !== expected)
    return `Read as ${DELIMITER_NAMES[f.delimiter]}-separated values (detected from the header), although the file is named ${path}.`;
  return undefined;
}

export const dataFormat: Check = ({ scope, data }) => {
  const first = scope.dataStmts[0];
  if (!first?.path || !data?.ok || !data.table.format) return [];
  const note = formatNote(first.path, data.table.format);
  return note ? [diag('info', Codes.dataFormat, first.pathSpan, note)] : [];
};
