// non-numeric: a text column is a factor, usable only as an index or a two-level Bernoulli outcome; not in arithmetic.

import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import { rowRef, type Check } from './context.ts';
import { factorOf } from '../../data/factors.ts';
import { factorUses, levelList } from '../factor-uses.ts';

export const nonNumeric: Check = ({ data, facts, scope, file }) => {
  if (!data?.ok) return [];
  const out: Diagnostic[] = [];
  const uses = factorUses(file);
  const seen = new Set<string>();
  for (const occ of scope.occurrences) {
    const col = occ.symbol?.column;
    if (!col || !col.firstNonNumeric || occ.isDeclaration) continue;
    if (uses.indexPositions.has(occ.span.start)) continue;
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
    out.push(
      diag(
        'error',
        Codes.nonNumeric,
        occ.span,
        `\`${col.name}\` is a factor${levels}: use it as an index, e.g. \`b[${col.name}]\` with \`param b[${col.name}] ref\`, not in arithmetic. ${textNote}`,
        { column: col.name, row },
      ),
    );
  }
  return out;
};
