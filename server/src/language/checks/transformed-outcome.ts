// transformed-outcome (info): `log(time) ~ …` models log(time); its logLik/AIC are not those of `time` without the Jacobian.

import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check } from './context.ts';
import { jacobianRequested, transformedColumn } from '../outcome-jacobian.ts';

export const transformedOutcome: Check = ({ file, scope, text, data }) => {
  if (!data?.ok) return [];
  const out: Diagnostic[] = [];
  const added = jacobianRequested(file);
  for (const st of file.statements) {
    if (st.kind !== 'likelihood') continue;
    const t = transformedColumn(scope, st.lhs);
    if (!t) continue;
    const g = text.slice(t.expr.span.start, t.expr.span.end);
    const y = t.column;
    const isLog = t.expr.kind === 'call' && t.expr.callee.name === 'log' && t.expr.args[0]?.value.kind === 'name';
    const jac = isLog ? `- log(${y})` : `log|d(${g})/d${y}|`;
    const message = added
      ? `\`${g}\` is a transformation of \`${y}\`: \`fit jacobian = true\` adds ${jac} per row (the Jacobian), so logLik, AIC and BIC are those of \`${y}\` itself and comparable with models of \`${y}\`.`
      : `\`${g}\` is a transformation of \`${y}\`: this is the likelihood of the transformed values, so its logLik, AIC and BIC are not comparable with models of \`${y}\` itself. Adding ${jac} per row (the Jacobian) would make them comparable: \`fit jacobian = true\` does that.`;
    out.push(diag('info', Codes.transformedOutcome, st.lhs.span, message, { column: y, jacobian: added }));
  }
  return out;
};
