// EM for a K-component mixture of any families: log-sum-exp E step, closed-form or inner-Newton M step, with a stop
// on a degenerate component (an empty one, or a scale collapsing onto a point).

import { makeOut, type DistImpl, type DistOut } from '../distributions/types.ts';
import type { Transform } from '../eval/transforms.ts';
import { mStep } from './em-m-step.ts';

/** A component argument: a parameter (by index) or a fixed value. */
export type EmArg = { readonly param: number } | { readonly value: number };

export interface EmComponent {
  readonly impl: DistImpl;
  readonly args: readonly EmArg[];
  /** Whether its arguments are parameters of its own (so a closed-form weighted MLE can update them alone). */
  readonly separable: boolean;
  /** Index (among its arguments) of a scale that can shrink to 0 on a point, when the family has one. */
  readonly scaleArg?: number;
}

export interface EmProblem {
  readonly y: Float64Array;
  readonly comps: readonly EmComponent[];
  /**
   * Parameter indices of the weights: w1…w(K−1), the last weight being 1 − their sum; or, when `logRatio`, of
   * u2…uK with w = softmax(0, u2, …, uK) (a `simplex` vector's log-ratios against its first element).
   */
  readonly weights: readonly number[];
  readonly logRatio?: boolean;
  /** Per parameter: the transform to the free scale and the bounds (the M step stays inside them). */
  readonly tr: readonly Transform[];
  readonly bounds: readonly { readonly lower?: number; readonly upper?: number }[];
  /** A scale for y (its standard deviation, or 1): a component scale below 1e-6 of it has collapsed. */
  readonly spread: number;
}

/** Buffers for one problem: per component its argument columns, densities and responsibilities. */
export interface EmBuffers {
  readonly x: Float64Array[][];
  readonly out: DistOut[];
  readonly r: Float64Array[];
  /** Data-only constants per component (e.g. −log y! for Poisson), computed once. */
  readonly k: (Float64Array | undefined)[];
}

export function emBuffers(pr: EmProblem): EmBuffers {
  const n = pr.y.length;
  const x = pr.comps.map((c) => [pr.y, ...c.args.map(() => new Float64Array(n))]);
  const out = pr.comps.map((c) => makeOut(c.impl.nargs + 1, n));
  const r = pr.comps.map(() => new Float64Array(n));
  const k = pr.comps.map(({ impl }) => {
    const dc = impl.dataConstant;
    if (!dc || dc.args.some((a) => a !== 0)) return undefined;
    return Float64Array.from(pr.y, (v) => dc.f([v]));
  });
  return { x, out, r, k };
}

export const weightsOf = (pr: EmProblem, theta: Float64Array): number[] => {
  if (pr.logRatio) {
    // softmax(0, u) with the largest exponent factored out, so no overflow.
    const u = [0, ...pr.weights.map((j) => theta[j])];
    const m = Math.max(...u);
    const e = u.map((x) => Math.exp(x - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  }
  const w = pr.weights.map((j) => theta[j]);
  return [...w, 1 - w.reduce((a, b) => a + b, 0)];
};

/** Writes the K weights w (summing to 1) into theta, in the problem's parameterisation. */
export function setWeights(pr: EmProblem, theta: Float64Array, w: readonly number[]): void {
  if (pr.logRatio) pr.weights.forEach((j, k) => (theta[j] = Math.log(w[k + 1] / w[0])));
  else pr.weights.forEach((j, k) => (theta[j] = w[k]));
}

/** Component c's log-densities at theta into b.out[c] (derivatives too when order = 2). */
export function componentLogpdf(pr: EmProblem, theta: Float64Array, b: EmBuffers, c: number, order: 0 | 2): void {
  const xs = b.x[c];
  pr.comps[c].args.forEach((a, i) => xs[i + 1].fill('param' in a ? theta[a.param] : a.value));
  pr.comps[c].impl.logpdf(pr.y.length, xs, order, b.out[c], b.k[c]);
}

/** E step: responsibilities into b.r; returns the log-likelihood (−∞ or NaN where theta is invalid). */
export function eStep(pr: EmProblem, theta: Float64Array, b: EmBuffers): number {
  const K = pr.comps.length;
  const w = weightsOf(pr, theta);
  if (w.some((v) => !(v > 0 && v < 1))) return -Infinity;
  const lw = w.map(Math.log);
  for (let c = 0; c < K; c++) componentLogpdf(pr, theta, b, c, 0);
  const lps = b.out.map((o) => o.lp);
  const rs = b.r;
  const n = pr.y.length;
  let ll = 0;
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let c = 0; c < K; c++) {
      const a = lw[c] + lps[c][i];
      if (a > m || a !== a) m = a;
    }
    if (!(m > -Infinity) || !Number.isFinite(m)) return m === Infinity ? NaN : -Infinity;
    let s = 0;
    for (let c = 0; c < K; c++) s += Math.exp(lw[c] + lps[c][i] - m);
    // exp(a_c − l) rather than e_c / Σe: the same rounding as ever (boundary fits are decided by the last bits).
    const l = m + Math.log(s);
    for (let c = 0; c < K; c++) rs[c][i] = Math.exp(lw[c] + lps[c][i] - l);
    ll += l;
  }
  return ll;
}

/** Why theta is degenerate (a component with no data, or a scale collapsed onto a point), or undefined. */
export function collapsed(pr: EmProblem, theta: Float64Array): string | undefined {
  const n = pr.y.length;
  const w = weightsOf(pr, theta);
  for (let c = 0; c < w.length; c++) {
    if (!(w[c] * n >= 1e-6)) return `component ${c + 1} has no data (weight ${w[c].toPrecision(3)})`;
    const s = pr.comps[c].scaleArg;
    if (s === undefined) continue;
    const a = pr.comps[c].args[s];
    const v = 'param' in a ? theta[a.param] : a.value;
    if (!(v > 1e-6 * pr.spread)) return `component ${c + 1} collapsed onto a point (scale ${v.toPrecision(3)})`;
  }
  return undefined;
}

export interface EmRun {
  readonly theta: Float64Array;
  readonly logLik: number;
  readonly iterations: number;
  /** Set when EM stopped on a degenerate component. */
  readonly degenerate?: string;
}

/**
 * EM from responsibilities already in b.r (a hard split, say) or, when `fromTheta`, from theta itself. Stops when
 * the log-likelihood rises by less than tol·(1 + |ℓ|) per iteration (EM only approaches the optimum linearly: Newton
 * finishes), at maxiter, or on a degenerate component.
 */
export function emRun(
  pr: EmProblem,
  theta0: Float64Array,
  b: EmBuffers,
  fromTheta: boolean,
  opts: { readonly maxiter: number; readonly tol: number },
): EmRun {
  const theta = Float64Array.from(theta0);
  let ll = -Infinity;
  if (fromTheta) {
    ll = eStep(pr, theta, b);
    if (!Number.isFinite(ll)) return { theta, logLik: ll, iterations: 0, degenerate: 'the start has zero likelihood' };
  }
  for (let it = 1; it <= opts.maxiter; it++) {
    mStep(pr, theta, b);
    const why = collapsed(pr, theta);
    if (why) return { theta, logLik: NaN, iterations: it, degenerate: why };
    const next = eStep(pr, theta, b);
    if (!Number.isFinite(next))
      return { theta, logLik: next, iterations: it, degenerate: 'the likelihood degenerated' };
    const done = next - ll <= opts.tol * (1 + Math.abs(next));
    ll = next;
    if (done) return { theta, logLik: ll, iterations: it };
  }
  return { theta, logLik: ll, iterations: opts.maxiter };
}
