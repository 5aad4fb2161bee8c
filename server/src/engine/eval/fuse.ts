// Rewrites link-wrapped arguments to fused densities (Bernoulli(logistic(η)) → BernoulliLogit(η)) for tail accuracy and speed.

import type { Term } from '../model.ts';

const rules: Record<string, { arg: number; fn: string; to: string }> = {
  Bernoulli: { arg: 0, fn: 'logistic', to: 'BernoulliLogit' },
  Binomial: { arg: 1, fn: 'logistic', to: 'BinomialLogit' },
  Poisson: { arg: 0, fn: 'exp', to: 'PoissonLog' },
};

export function fuseTerm(t: Term): Term {
  const r = rules[t.dist.name];
  const a = r && t.args[r.arg];
  if (!r || !a || a.op !== 'call' || a.fn !== r.fn) return t;
  const args = t.args.slice();
  args[r.arg] = a.a;
  return { ...t, dist: { name: r.to }, args };
}
