// Label switching: the K! relabellings of a mixture's components are the same optimum. Without inits the components
// are ordered by their mean (in the data, from the responsibilities); with inits, the labelling closest to them wins.

import type { ParamSpec } from '../model.ts';
import { eStep, emBuffers, setWeights, weightsOf, type EmProblem } from '../optimize/em-mixture.ts';
import { permutations } from './mixture-starts.ts';

/** Components of one family whose arguments are all their own parameters, so any relabelling is a valid estimate. */
export function exchangeable(pr: EmProblem): boolean {
  return pr.comps.every((c) => c.separable && c.impl.name === pr.comps[0].impl.name);
}

/** The parameters a relabelling touches: the weights and every component argument. */
export function mixtureParams(pr: EmProblem): number[] {
  return [...pr.weights, ...pr.comps.flatMap((c) => c.args.flatMap((a) => ('param' in a ? [a.param] : [])))];
}

/** theta with new component k taking old component perm[k]'s arguments and weight. */
export function relabel(pr: EmProblem, theta: Float64Array, perm: readonly number[]): Float64Array {
  const out = Float64Array.from(theta);
  const w = weightsOf(pr, theta);
  setWeights(
    pr,
    out,
    perm.map((k) => w[k]),
  );
  pr.comps.forEach((c, k) =>
    c.args.forEach((a, i) => {
      const from = pr.comps[perm[k]].args[i];
      if ('param' in a && 'param' in from) out[a.param] = theta[from.param];
    }),
  );
  return out;
}

/** Component means in the data, Σ r_ic y_i / Σ r_ic, at theta. */
function componentMeans(pr: EmProblem, theta: Float64Array): number[] {
  const b = emBuffers(pr);
  eStep(pr, theta, b);
  return b.r.map((r) => {
    let s = 0,
      sy = 0;
    for (let i = 0; i < r.length; i++) {
      s += r[i];
      sy += r[i] * pr.y[i];
    }
    return s > 0 ? sy / s : Infinity;
  });
}

/**
 * The documented labelling of an optimum: if the user gave an init to any mixture parameter, the relabelling whose
 * free-scale values are nearest those inits; otherwise components by increasing mean. Unchanged unless exchangeable.
 */
export function canonicalLabels(pr: EmProblem, theta: Float64Array, params: readonly ParamSpec[]): Float64Array {
  if (!exchangeable(pr)) return theta;
  const K = pr.comps.length;
  const given = mixtureParams(pr).filter((j) => params[j].init !== undefined);
  if (!given.length) {
    const mean = componentMeans(pr, theta);
    const perm = Array.from({ length: K }, (_, k) => k).sort((a, b) => mean[a] - mean[b]);
    return relabel(pr, theta, perm);
  }
  let best = theta;
  let bestD = Infinity;
  for (const perm of permutations(K)) {
    const t = relabel(pr, theta, perm);
    let d = 0;
    for (const j of given) d += (pr.tr[j].toFree(t[j]) - pr.tr[j].toFree(params[j].init!)) ** 2;
    if (d < bestD) [best, bestD] = [t, d];
  }
  return best;
}
