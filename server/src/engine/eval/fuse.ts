// Rewrites link-wrapped arguments to fused densities (Bernoulli(logistic(η)) → BernoulliLogit(η)) for tail accuracy and speed.

import type { Term } from '../model.ts';
import { FUSED_FORMS } from '../distributions/index.ts';

/** The rules come from the fused forms themselves: each names the family, the argument and the link it absorbs. */
export function fuseTerm(t: Term): Term {
  for (const f of FUSED_FORMS) {
    const { family, arg, link } = f.fuses;
    const a = t.args[arg];
    if (t.dist.name !== family || !a || a.op !== 'call' || a.fn !== link) continue;
    const args = t.args.slice();
    args[arg] = a.a;
    return { ...t, dist: { name: f.name }, args };
  }
  return t;
}
