// What a mixture fit must say about itself: degenerate components (no data, a scale collapsed onto a point, two
// components that coincide) as warnings, and how the optimum was found (starts, distinct maxima, unboundedness).

import type { DistinctOptimum } from './multistart.ts';
import type { FitWarning } from '../fit-types.ts';
import { eStep, emBuffers, weightsOf, type EmProblem } from '../optimize/em-mixture.ts';

const fmt = (x: number): string => String(Number(x.toPrecision(4)));

function componentText(pr: EmProblem, c: number, names: readonly string[]): string {
  const args = pr.comps[c].args.map((a) => ('param' in a ? names[a.param] : fmt(a.value)));
  return `component ${c + 1} (${pr.comps[c].impl.name}(${args.join(', ')}))`;
}

/** Component c's parameters: its weight's (every weight parameter for the one whose weight is implied) and its own. */
const weightParams = (pr: EmProblem, c: number): number[] => {
  const own = pr.logRatio ? c - 1 : c;
  return own >= 0 && own < pr.weights.length ? [pr.weights[own]] : [...pr.weights];
};

const paramsOf = (pr: EmProblem, c: number): number[] => [
  ...weightParams(pr, c),
  ...pr.comps[c].args.flatMap((a) => ('param' in a ? [a.param] : [])),
];

/** The value of component c's argument i at theta. */
const argValue = (pr: EmProblem, theta: Float64Array, c: number, i: number): number => {
  const a = pr.comps[c].args[i];
  return 'param' in a ? theta[a.param] : a.value;
};

/** Rows component c owns (responsibility > 1/2): their distinct values, to say whether a collapse sits on ties. */
function ownedValues(pr: EmProblem, theta: Float64Array, c: number): { rows: number; values: Set<number> } {
  const b = emBuffers(pr);
  eStep(pr, theta, b);
  const values = new Set<number>();
  let rows = 0;
  for (let i = 0; i < pr.y.length; i++)
    if (b.r[c][i] > 0.5) {
      rows++;
      values.add(pr.y[i]);
    }
  return { rows, values };
}

/** Warnings for a degenerate optimum, each naming the component (never a plain converged fit). */
export function degeneracyWarnings(
  pr: EmProblem,
  theta: Float64Array,
  names: readonly string[],
  source: number,
): FitWarning[] {
  const out: FitWarning[] = [];
  const n = pr.y.length;
  const w = weightsOf(pr, theta);
  const K = w.length;
  for (let c = 0; c < K; c++) {
    const what = componentText(pr, c, names);
    if (w[c] * n < 1)
      out.push({
        code: 'boundary',
        message: `The mixture's ${what} has weight ${fmt(w[c])}, less than one observation's worth: the mixture has degenerated to ${K - 1} component${K === 2 ? '' : 's'} on the boundary of the parameter space, so that component's parameters are not determined and the SEs and Wald intervals are not valid. Fit a mixture with fewer components.`,
        params: paramsOf(pr, c),
        source,
      });
    const s = pr.comps[c].scaleArg;
    if (s !== undefined && !(argValue(pr, theta, c, s) > 1e-6 * pr.spread)) {
      const { rows, values } = ownedValues(pr, theta, c);
      const tied =
        values.size === 1 && rows > 1 ? ` on ${rows} tied values y = ${fmt([...values][0])}` : ' onto a point';
      out.push({
        code: 'non-regular',
        message: `The mixture's ${what} has collapsed${tied} (scale ${fmt(argValue(pr, theta, c, s))}): the likelihood is unbounded there, so this is a degenerate spike, not a maximum, and the SEs are not valid. Give inits away from the spike, fix a common scale, or add a prior on the scale.`,
        params: paramsOf(pr, c),
        source,
      });
    }
  }
  for (let a = 0; a < K; a++)
    for (let b = a + 1; b < K; b++) {
      if (pr.comps[a].impl.name !== pr.comps[b].impl.name) continue;
      const same = pr.comps[a].args.every((_, i) => {
        const x = argValue(pr, theta, a, i);
        const y = argValue(pr, theta, b, i);
        return Math.abs(x - y) <= 1e-4 * Math.max(Math.abs(x), Math.abs(y), 1e-3 * pr.spread);
      });
      if (same)
        out.push({
          code: 'non-regular',
          message: `The mixture's ${componentText(pr, a, names)} and ${componentText(pr, b, names)} coincide: the data fit fewer components, the weight between these two is not determined, and the SEs and Wald intervals are not valid. Fit a mixture with fewer components.`,
          params: [...new Set([...paramsOf(pr, a), ...paramsOf(pr, b)])],
          source,
        });
    }
  return out;
}

export interface RunSummary {
  readonly runs: number;
  /** Log-likelihoods of the distinct non-degenerate maxima found, best first, with how many runs reached each. */
  readonly optima: readonly DistinctOptimum[];
  readonly degenerateRuns: number;
  /** What the start list held, e.g. "quantile split, k-means ×3, your inits". */
  readonly labels: string;
  /** How the components are labelled (by mean, or to match inits), when they are exchangeable. */
  readonly labelling?: string;
}

/** The info note: how the optimum was found and, with free scales, that the likelihood is unbounded. */
export function mixtureNote(pr: EmProblem, s: RunSummary, source: number): FitWarning {
  const free = pr.comps.some((c) => c.scaleArg !== undefined);
  const found = s.optima.length
    ? `${s.optima.length} distinct local maxim${s.optima.length === 1 ? 'um' : 'a'} (${s.optima.map((o) => `logLik ${fmt(o.logLik)} × ${o.runs}`).join(', ')})`
    : 'no non-degenerate maximum';
  const spikes = s.degenerateRuns
    ? `; ${s.degenerateRuns} run${s.degenerateRuns === 1 ? '' : 's'} ended in a degenerate component${s.optima.length ? ` and ${s.degenerateRuns === 1 ? 'was' : 'were'} set aside` : ''}`
    : '';
  const unbounded = !free
    ? ''
    : ` The likelihood of a mixture with free scales is unbounded (a component collapsing onto one observation has infinite likelihood): ${s.optima.length ? 'the estimates are the largest non-degenerate local maximum found.' : 'every start ended in such a collapse, so the estimates below are degenerate.'}`;
  return {
    code: 'non-regular',
    severity: 'info',
    message: `Mixture fitted by EM then Newton from ${s.runs} starts (${s.labels}): ${found}${spikes}.${unbounded}${s.labelling ? ` ${s.labelling}` : ''}`,
    params: [],
    source,
  };
}
