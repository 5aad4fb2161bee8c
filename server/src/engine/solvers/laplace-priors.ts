// Splits a model's priors into Laplace priors with constant arguments (an L1 penalty) and the smooth rest.

import type { EngineModel, Term } from '../model.ts';

export interface L1Prior {
  /** The parameter the prior is on. */
  readonly index: number;
  /** Location m and scale s: log p = −log(2s) − |θ − m|/s. */
  readonly m: number;
  readonly s: number;
}

export interface PriorSplit {
  readonly l1: readonly L1Prior[];
  readonly smooth: readonly Term[];
}

/**
 * Undefined when the model has no Laplace prior; a reason (string) when it has one this split cannot take: a
 * location or scale that is not a constant, a prior on an expression, or two Laplace priors on one parameter.
 */
export function splitLaplacePriors(model: EngineModel): PriorSplit | string | undefined {
  const l1: L1Prior[] = [];
  const smooth: Term[] = [];
  const names = model.params.map((p) => p.name);
  for (const t of model.priors) {
    if (t.dist.name !== 'Laplace') {
      smooth.push(t);
      continue;
    }
    if (t.y.op !== 'param') return 'a Laplace prior is on an expression, not on a parameter';
    const [m, s] = t.args;
    if (m.op !== 'const' || s.op !== 'const' || !(s.value > 0))
      return `the Laplace prior on \`${names[t.y.index]}\` has a location or scale that is not a constant`;
    const index = t.y.index;
    if (l1.some((q) => q.index === index)) return `\`${names[index]}\` has two Laplace priors`;
    l1.push({ index, m: m.value, s: s.value });
  }
  return l1.length ? { l1, smooth } : undefined;
}
