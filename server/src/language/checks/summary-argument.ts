// invalid-argument (summaries): mean/sd/min/max/median are computed once from the data, so their argument may not involve a parameter.

import { clauseExprs, walkExpr, type Expr } from '../ast.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check } from './context.ts';
import { isSummary } from '../lower-calls.ts';

export const summaryArgument: Check = ({ file, facts }) => {
  const out: Diagnostic[] = [];
  const visit = (e: Expr | undefined): void => {
    if (!e) return;
    walkExpr(e, (x) => {
      if (x.kind !== 'call' || !isSummary(x.callee.name) || x.args.length !== 1) return;
      const params = [...facts.deps(x.args[0].value).params];
      if (params.length)
        out.push(
          diag(
            'error',
            Codes.invalidArgument,
            x.args[0].value.span,
            `\`${x.callee.name}(…)\` is computed once from the data, so its argument cannot depend on ${params.map((p) => `\`${p}\``).join(', ')}.`,
          ),
        );
    });
  };
  for (const st of file.statements) {
    if (st.kind === 'let' || st.kind === 'derive') visit(st.value);
    else if (st.kind === 'likelihood') {
      visit(st.lhs);
      st.dist?.args.forEach((a) => visit(a.value));
      clauseExprs(st).forEach(visit);
    } else if (st.kind === 'prior') st.dist?.args.forEach((a) => visit(a.value));
  }
  return out;
};
