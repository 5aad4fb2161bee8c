// non-regular: a Uniform whose endpoints are parameters puts the MLE on the edge of the support; asymptotic SEs fail.

import { orderedArgs } from '../lower.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check } from './context.ts';
import { distributionUses } from './distribution-calls.ts';

export const nonRegular: Check = ({ file, facts }) => {
  const out: Diagnostic[] = [];
  for (const { call, context } of distributionUses(file)) {
    if (call.name.name !== 'Uniform' || context === 'prior' || call.args.length !== 2) continue;
    const args = orderedArgs(call);
    const params = [...new Set(args.flatMap((a) => (a ? [...facts.deps(a.value).params] : [])))];
    if (params.length === 0) continue;
    out.push(
      diag(
        'warning',
        Codes.nonRegular,
        call.name.span,
        `Uniform's endpoints depend on ${params.map((p) => `\`${p}\``).join(', ')}: the support moves with the parameters, so the maximum sits at the data's extremes (min and max), the regularity conditions fail and asymptotic standard errors and Wald intervals are not valid.`,
        { params },
      ),
    );
  }
  return out;
};
