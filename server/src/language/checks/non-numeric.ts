// non-numeric: a column used in arithmetic must hold numbers; names the first bad row and its text, and the likely cause.

import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Column, DataFormat } from '../../data/table.ts';
import { rowRef, type Check } from './context.ts';

/** Spellings other tools write for a missing value: never a category, so never an indicator-column hint. */
const MISSING_LIKE = /^(null|n\/?a|na|nan|none|missing|-+|\?|#n\/a|nil|\.+|—)$/i;

const quoteList = (xs: readonly string[]): string => xs.map((l) => `"${l}"`).join(', ');

/** What to do about the column's non-numeric texts: a missing-value marker, a decimal mark, or a category. */
function hint(col: Column, format: DataFormat | undefined, dataPath: string): string {
  const { text } = col.firstNonNumeric!;
  const levels = col.levels ?? [text];
  const markers = levels.filter((l) => MISSING_LIKE.test(l));
  if (markers.length) {
    const na = [...new Set([...(format?.na ?? []), ...markers])];
    return ` ${quoteList(markers)} look${markers.length === 1 ? 's' : ''} like a missing-value marker: list it in the data statement, \`data "${dataPath}" na ${quoteList(na)}\`.`;
  }
  if (format?.decimalComma && /^[+-]?\d*\.\d+/.test(text))
    return ` The file is read with decimal commas (it is semicolon-separated), so "${text}" is not a number there: write ${text.replace('.', ',')}.`;
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(text))
    return ` "${text}" looks like a number with thousands separators: write it without them (${text.replace(/,/g, '')}).`;
  if (levels.length <= 6)
    return ` Its values include ${quoteList(levels)}: make a 0/1 indicator column for a category.`;
  return '';
}

export const nonNumeric: Check = ({ data, facts, scope }) => {
  if (!data?.ok) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const dataPath = scope.dataStmts[0]?.path ?? data.path;
  for (const occ of scope.occurrences) {
    const col = occ.symbol?.column;
    if (!col || !col.firstNonNumeric || seen.has(col.name) || !facts.usedColumns.includes(col.name)) continue;
    seen.add(col.name);
    const { row, text } = col.firstNonNumeric;
    out.push(
      diag(
        'error',
        Codes.nonNumeric,
        occ.span,
        `Column \`${col.name}\` is not numeric: ${col.nonNumeric} cell${col.nonNumeric === 1 ? '' : 's'} cannot be read as numbers, the first at ${rowRef(row)}: "${text}".${hint(col, data.table.format, dataPath)}`,
        { column: col.name, row },
      ),
    );
  }
  return out;
};
