// duplicate-name: parameters, lets, derived quantities and columns share one namespace.

import { diag, Codes } from '../diagnostics.ts';
import type { Check } from './context.ts';

export const duplicateName: Check = ({ scope }) =>
  scope.duplicates.map(({ ident, previous }) => {
    const what =
      previous.kind === 'column'
        ? 'a column of the data'
        : `a ${previous.kind === 'param' ? 'parameter' : previous.kind === 'let' ? '`let`' : 'derived quantity'} declared earlier`;
    return diag(
      'error',
      Codes.duplicateName,
      ident.span,
      `\`${ident.name}\` is already ${what}: names of parameters, lets, derived quantities and columns must differ. Rename this one.`,
      { name: ident.name },
    );
  });
