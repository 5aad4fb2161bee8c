// Families whose MLE is known exactly from the data: Uniform (the sample extremes) and Laplace (a sample median).

import type { FitJson } from '../../server/src/protocol.ts';
import type { Columns, SimCase } from './sim-case.ts';

/** Relative slack on an exact MLE: rounding, not an optimiser's tolerance (the MLE is a data value). */
const EXACT = 1e-9;

const sorted = (y: Float64Array): Float64Array => Float64Array.from(y).sort();

/**
 * Uniform: the likelihood (upper − lower)^−n is maximal at lower = min y, upper = max y, and the MLE is n-consistent
 * (n·(min y − lower)/(upper − lower) ~ Exp(1)): SEs mean nothing, so the result must say `non-regular`, and each end
 * must equal the sample extreme and lie within 15·range/n of the truth on the inside (P(miss) = e^−15 each).
 */
function uniformProblems(c: SimCase, y: Float64Array, est: number[], codes: ReadonlySet<string>): string[] {
  const s = sorted(y);
  const [min, max] = [s[0], s[s.length - 1]];
  const range = max - min;
  const [lo, hi] = c.params;
  const out: string[] = [];
  if (!codes.has('non-regular')) out.push('Uniform fitted without a non-regular warning');
  if (Math.abs(est[0] - min) > EXACT * range) out.push(`${lo.name} = ${est[0]}, but the MLE is min(y) = ${min}`);
  if (Math.abs(est[1] - max) > EXACT * range) out.push(`${hi.name} = ${est[1]}, but the MLE is max(y) = ${max}`);
  const slack = (15 * (hi.truth - lo.truth)) / y.length;
  if (!(est[0] >= lo.truth - EXACT && est[0] <= lo.truth + slack))
    out.push(`${lo.name} = ${est[0]} is not within [truth, truth + 15·range/n] = [${lo.truth}, ${lo.truth + slack}]`);
  if (!(est[1] <= hi.truth + EXACT && est[1] >= hi.truth - slack))
    out.push(`${hi.name} = ${est[1]} is not within [truth − 15·range/n, truth] = [${hi.truth - slack}, ${hi.truth}]`);
  return out;
}

/**
 * Laplace: Σ|y − mu| is piecewise linear in mu, so the MLE of mu is any median (at most half the data strictly on
 * either side; unique for odd n) and then b = mean |y − mu|. Newton's curvature in mu is 0, so closeness in logLik
 * alone would not show that an optimiser found it.
 */
function laplaceProblems(c: SimCase, y: Float64Array, est: number[]): string[] {
  const s = sorted(y);
  const n = s.length;
  const [mu, b] = est;
  const eps = EXACT * (s[n - 1] - s[0]);
  let below = 0;
  let above = 0;
  let abs = 0;
  for (const v of s) {
    if (v < mu - eps) below++;
    if (v > mu + eps) above++;
    abs += Math.abs(v - mu);
  }
  const out: string[] = [];
  if (below > n / 2 || above > n / 2)
    out.push(`${c.params[0].name} = ${mu} is not a median: ${below} data below it, ${above} above (n = ${n})`);
  if (Math.abs(b - abs / n) > 1e-6 * b) out.push(`${c.params[1].name} = ${b}, but mean |y − mu| = ${abs / n}`);
  return out;
}

/** Violations of the exact MLE where the case's family has one (empty otherwise). */
export function exactMleProblems(c: SimCase, cols: Columns, r: FitJson, codes: ReadonlySet<string>): string[] {
  const est = c.params.map((p) => r.parameters.find((q) => q.name === p.name)?.estimate ?? NaN);
  if (c.expectation === 'non-regular') return uniformProblems(c, cols.y, est, codes);
  if (c.expectation === 'non-smooth') return laplaceProblems(c, cols.y, est);
  return [];
}
