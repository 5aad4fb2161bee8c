// too-few-rows: fewer used rows than free parameters cannot identify the parameters.

import { diag, Codes } from '../diagnostics.ts';
import type { Check } from './context.ts';

export const tooFewRows: Check = ({ data, rows, scope }) => {
  if (!data?.ok || !rows) return [];
  const k = scope.params.length;
  if (rows.count >= k) return [];
  const span = scope.dataStmts[0]?.span ?? { start: 0, end: 0 };
  return [
    diag(
      'warning',
      Codes.tooFewRows,
      span,
      `Only ${rows.count} row${rows.count === 1 ? '' : 's'} ${rows.count === 1 ? 'is' : 'are'} used but the model has ${k} parameters: at most ${rows.count} can be estimated. Add data or remove parameters.`,
      { rows: rows.count, params: k },
    ),
  ];
};
