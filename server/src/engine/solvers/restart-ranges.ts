// Where restarts are drawn from: a location parameter spreads over the outcome's own scale (mean ± 2 sd).

import type { EngineModel } from '../model.ts';
import type { RestartRange } from './multistart.ts';

/**
 * An unconstrained parameter that is a bare argument of a distribution (its location, e.g. a mixture component's mean)
 * restarts uniformly over mean ± 2 sd of that term's outcome: perturbing a start of 0 by ±1 never reaches data centred
 * at 70. Other parameters keep the multiplicative perturbation of multistart.ts.
 */
export function restartRanges(model: EngineModel): RestartRange[] {
  const ranges: RestartRange[] = model.params.map(() => undefined);
  for (const t of model.terms) {
    if (t.y.op !== 'data') continue;
    const y = t.y.values;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i];
    const mean = s / y.length;
    let v = 0;
    for (let i = 0; i < y.length; i++) v += (y[i] - mean) ** 2;
    const sd = Math.sqrt(v / Math.max(1, y.length - 1));
    if (!Number.isFinite(mean) || !(sd > 0)) continue;
    for (const a of t.args) {
      if (a.op !== 'param') continue;
      const p = model.params[a.index];
      if (p.lower === undefined && p.upper === undefined) ranges[a.index] ??= [mean, 2 * sd];
    }
  }
  return ranges;
}
