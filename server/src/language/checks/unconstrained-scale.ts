// unconstrained-scale: a positive (or probability) argument receives a parameter that has no matching constraint.

import type { Expr, LetStmt, ParamStmt } from '../ast.ts';
import { distribution } from '../builtins.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Scope } from '../scope.ts';
import type { Check } from './context.ts';
import { distributionUses } from './distribution-calls.ts';

/** The parameter an argument is, directly or through `let x = param`. */
function directParam(e: Expr, scope: Scope, depth = 0): string | undefined {
  if (e.kind !== 'name' || depth > 20) return undefined;
  const s = scope.symbols.get(e.name);
  if (s?.kind === 'param') return s.name;
  if (s?.kind === 'let') {
    const v = (s.stmt as LetStmt).value;
    return v ? directParam(v, scope, depth + 1) : undefined;
  }
  return undefined;
}

export const unconstrainedScale: Check = ({ file, scope }) => {
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const { call } of distributionUses(file)) {
    const info = distribution(call.name.name);
    if (!info || info.args.length !== call.args.length) continue;
    call.args.forEach((a, i) => {
      const argInfo = a.name ? info.args.find((x) => x.name === a.name!.name) : info.args[i];
      if (!argInfo || (argInfo.domain !== 'positive' && argInfo.domain !== 'probability')) return;
      const p = directParam(a.value, scope);
      if (!p || reported.has(p)) return;
      const s = scope.symbols.get(p)!;
      if (scope.vectors.get(p)?.simplex) return; // a simplex is positive and sums to 1 by construction
      const c = (s.stmt as ParamStmt).constraint;
      const ok =
        argInfo.domain === 'positive'
          ? c && ((c.kind === 'lower' && c.lo >= 0) || (c.kind === 'interval' && c.lo >= 0))
          : c && c.kind === 'interval' && c.lo >= 0 && c.hi <= 1;
      if (ok) return;
      reported.add(p);
      const fix = argInfo.domain === 'positive' ? '> 0' : 'in (0, 1)';
      out.push(
        diag(
          'warning',
          Codes.unconstrainedScale,
          s.decl!.span,
          `\`${p}\` is the ${argInfo.name} of ${info.name}, which must be ${argInfo.domain === 'positive' ? 'positive' : 'a probability in (0, 1)'}, but the parameter is unconstrained: declare \`param ${p} ${fix}\` so the optimizer stays in the valid region.`,
          { name: p, fix },
        ),
      );
    });
  }
  return out;
};
