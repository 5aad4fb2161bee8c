// unused-parameter: a parameter that no likelihood term or prior reaches does not affect the objective.

import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check } from './context.ts';

export const unusedParameter: Check = ({ scope, facts, brokenNames }) => {
  const out: Diagnostic[] = [];
  for (const { ident } of scope.params) {
    // Used in a statement that does not parse yet: the syntax error is the thing to fix.
    if (facts.objectiveParams.has(ident.name) || brokenNames.has(ident.name)) continue;
    const inDerive = scope.occurrences.some(
      (o) => o.name === ident.name && !o.isDeclaration && o.symbol?.kind === 'param',
    );
    out.push(
      diag(
        'warning',
        Codes.unusedParameter,
        ident.span,
        `Parameter \`${ident.name}\` does not affect the likelihood${inDerive ? ' (it is used only where it cannot change the fit)' : ''}: its estimate would be arbitrary. Use it in a likelihood term or remove it.`,
        { name: ident.name },
      ),
    );
  }
  return out;
};
