// shadowed-name: a column, parameter or `let` named like a built-in constant or function is allowed, with a warning.

import { CONSTANTS, FUNCTIONS } from '../builtins.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { SymbolInfo } from '../analysis-types.ts';
import type { Check } from './context.ts';

/** What the declaration hides, and what the name now means; undefined when it hides nothing. */
function shadowed(s: SymbolInfo): string | undefined {
  const what =
    s.kind === 'column'
      ? 'data column'
      : s.kind === 'let'
        ? '`let`'
        : s.kind === 'derive'
          ? 'derived quantity'
          : 'parameter';
  if (s.name in CONSTANTS)
    return `\`${s.name}\` is a ${what} here, so \`${s.name}\` in this model means it, not the constant ${s.name} = ${CONSTANTS[s.name]}. Rename it if you meant the constant.`;
  if (FUNCTIONS.some((f) => f.name === s.name))
    return `\`${s.name}\` is a ${what} with the name of a function: \`${s.name}(…)\` still calls the function, \`${s.name}\` alone is the ${what}. A different name would read more clearly.`;
  return undefined;
}

export const shadowedName: Check = ({ scope }) => {
  const out: Diagnostic[] = [];
  for (const s of scope.symbols.values()) {
    const message = shadowed(s);
    if (!message) continue;
    // A column is declared by the CSV header: warn where the model uses it (an unused column hides nothing).
    const at = s.decl?.span ?? scope.occurrences.find((o) => o.symbol === s)?.span;
    if (at) out.push(diag('warning', Codes.shadowedName, at, message, { name: s.name }));
  }
  return out;
};
