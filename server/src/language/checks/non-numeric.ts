// non-numeric: a column used in arithmetic must hold numbers; names the first bad row and its text.

import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import { rowRef, type Check } from './context.ts';

export const nonNumeric: Check = ({ data, facts, scope, file }) => {
  if (!data?.ok) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const occ of scope.occurrences) {
    const col = occ.symbol?.column;
    if (!col || !col.firstNonNumeric || seen.has(col.name) || !facts.usedColumns.includes(col.name)) continue;
    seen.add(col.name);
    const { row, text } = col.firstNonNumeric;
    const levels =
      col.levels && col.levels.length <= 6
        ? ` Its values include ${col.levels.map((l) => `"${l}"`).join(', ')}: make a 0/1 indicator column for a category.`
        : '';
    out.push(
      diag(
        'error',
        Codes.nonNumeric,
        occ.span,
        `Column \`${col.name}\` is not numeric: ${col.nonNumeric} cell${col.nonNumeric === 1 ? '' : 's'} cannot be read as numbers, the first at ${rowRef(row)}: "${text}".${levels}`,
        { column: col.name, row },
      ),
    );
  }
  void file;
  return out;
};
