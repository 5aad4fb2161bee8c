// non-regular (conditions): a comparison or ifelse condition that depends on a parameter makes the likelihood a step function of it.

import { walkExpr, type Expr } from '../ast.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check } from './context.ts';

export const nonRegularCondition: Check = ({ file, facts, text }) => {
  const out: Diagnostic[] = [];
  const seen = new Set<number>();
  const visit = (e: Expr | undefined): void => {
    if (!e) return;
    walkExpr(e, (x) => {
      const cond =
        x.kind === 'binary' && ['<', '<=', '>', '>=', '==', '!='].includes(x.op)
          ? x
          : x.kind === 'call' && x.callee.name === 'ifelse' && x.args.length === 3
            ? x.args[0].value
            : undefined;
      if (!cond || seen.has(cond.span.start)) return;
      const params = [...facts.deps(cond).params];
      if (params.length === 0) return;
      seen.add(cond.span.start);
      out.push(
        diag(
          'warning',
          Codes.nonRegular,
          cond.span,
          `The condition \`${text.slice(cond.span.start, cond.span.end)}\` depends on ${params.map((p) => `\`${p}\``).join(', ')}: the likelihood jumps as ${params.length === 1 ? 'it crosses' : 'they cross'} the data (a change point), so it is outside the regularity conditions: derivatives treat the condition as constant, and standard errors and Wald intervals of ${params.length === 1 ? 'that parameter' : 'those parameters'} are not valid. Profile the likelihood over a grid instead.`,
          { params },
        ),
      );
    });
  };
  for (const st of file.statements) {
    if (st.kind === 'let') visit(st.value);
    else if (st.kind === 'likelihood') st.dist?.args.forEach((a) => visit(a.value));
  }
  return out;
};
