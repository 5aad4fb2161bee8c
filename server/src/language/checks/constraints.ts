// invalid-constraint: an interval must have lo < hi, and an `init` must lie inside the parameter's constraint.

import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check } from './context.ts';

export const constraints: Check = ({ file }) => {
  const out: Diagnostic[] = [];
  for (const st of file.statements) {
    if (st.kind !== 'param') continue;
    const c = st.constraint;
    if (c?.kind === 'interval' && !(c.lo < c.hi))
      out.push(
        diag(
          'error',
          Codes.invalidConstraint,
          c.span,
          `The interval (${c.lo}, ${c.hi}) is empty: the lower end must be below the upper end.`,
        ),
      );
    if (!st.init || !c) continue;
    const v = st.init.value;
    const inside = c.kind === 'lower' ? v > c.lo : c.kind === 'upper' ? v < c.hi : v > c.lo && v < c.hi;
    if (!inside) {
      const where = c.kind === 'lower' ? `> ${c.lo}` : c.kind === 'upper' ? `< ${c.hi}` : `in (${c.lo}, ${c.hi})`;
      out.push(
        diag(
          'error',
          Codes.invalidConstraint,
          st.init.span,
          `init ${v} lies outside the constraint ${where}; start strictly inside it.`,
        ),
      );
    }
  }
  return out;
};
