// non-numeric: a text column is a factor, usable only as an index, a two-level Bernoulli or a Categorical outcome, not in
// arithmetic; texts that are visibly missing-value markers or mis-read numbers get a hint that says so.

import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Column, DataFormat } from '../../data/table.ts';
import { rowRef, type Check } from './context.ts';
import { factorOf } from '../../data/factors.ts';
import { factorUses, levelList } from '../factor-uses.ts';

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
  // Anything else is a category: the factor message says how to use it.
  return '';
}

export const nonNumeric: Check = ({ data, facts, scope, file }) => {
  if (!data?.ok) return [];
  const out: Diagnostic[] = [];
  const uses = factorUses(file);
  const seen = new Set<string>();
  const dataPath = scope.dataStmts[0]?.path ?? data.path;
  for (const occ of scope.occurrences) {
    const col = occ.symbol?.column;
    if (!col || !col.firstNonNumeric || occ.isDeclaration) continue;
    // An index, or a Categorical outcome (its level count is categorical-outcome.ts's business).
    if (uses.indexPositions.has(occ.span.start) || uses.categoricalOutcomes.has(occ.span.start)) continue;
    const factor = factorOf(col, false);
    const { row, text } = col.firstNonNumeric;
    const textNote = `It is read as text because ${col.nonNumeric} cell${col.nonNumeric === 1 ? '' : 's'} cannot be read as numbers, the first at ${rowRef(row)}: "${text}".`;
    if (factor && uses.bernoulliOutcomes.has(occ.span.start)) {
      if (factor.levels.length === 2) continue;
      out.push(
        diag(
          'error',
          Codes.nonNumeric,
          occ.span,
          `\`${col.name}\` is a factor with ${factor.levels.length} level${factor.levels.length === 1 ? '' : 's'} (${levelList(factor.levels)}): a Bernoulli outcome needs exactly two (the first is 0, the second 1). ${textNote}`,
          { column: col.name, row },
        ),
      );
      continue;
    }
    if (seen.has(col.name) || !facts.usedColumns.includes(col.name)) continue;
    seen.add(col.name);
    const levels = factor ? ` (levels ${levelList(factor.levels)})` : '';
    const cause = hint(col, data.table.format, dataPath);
    out.push(
      diag(
        'error',
        Codes.nonNumeric,
        occ.span,
        cause
          ? `Column \`${col.name}\` is not numeric: ${col.nonNumeric} cell${col.nonNumeric === 1 ? '' : 's'} cannot be read as numbers, the first at ${rowRef(row)}: "${text}".${cause}`
          : `\`${col.name}\` is a factor${levels}: use it as an index, e.g. \`b[${col.name}]\` with \`param b[${col.name}] ref\`, not in arithmetic. ${textNote}`,
        { column: col.name, row },
      ),
    );
  }
  return out;
};
