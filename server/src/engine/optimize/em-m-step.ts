// EM's M step: weights as mean responsibilities; each component's arguments by its closed-form weighted MLE where
// it has one, else by a few Newton steps on Q(θ) = Σ_c Σ_i r_ic log f_c(y_i; θ_c) using the family's own partials.

import { tri } from '../distributions/types.ts';
import { cholesky, cholSolve } from './cholesky.ts';
import { componentLogpdf, setWeights, type EmBuffers, type EmProblem } from './em-mixture.ts';

/**
 * Closed-form weighted MLEs (arguments in the distribution's order) for the families that have one. These move into
 * the distribution descriptors (`weightedMle`) once those exist; a descriptor's own method is preferred.
 */
const CLOSED_FORMS: Record<string, (y: Float64Array, w: Float64Array) => number[] | undefined> = {
  Normal(y, w) {
    let sw = 0,
      sy = 0;
    for (let i = 0; i < y.length; i++) {
      sw += w[i];
      sy += w[i] * y[i];
    }
    const mu = sy / sw;
    let ss = 0;
    for (let i = 0; i < y.length; i++) ss += w[i] * (y[i] - mu) ** 2;
    return [mu, Math.sqrt(ss / sw)];
  },
  Poisson(y, w) {
    let sw = 0,
      sy = 0;
    for (let i = 0; i < y.length; i++) {
      sw += w[i];
      sy += w[i] * y[i];
    }
    return [sy / sw];
  },
  Exponential(y, w) {
    let sw = 0,
      sy = 0;
    for (let i = 0; i < y.length; i++) {
      sw += w[i];
      sy += w[i] * y[i];
    }
    return [sw / sy];
  },
};

type WeightedMle = (y: Float64Array, w: Float64Array) => number[] | undefined;

/** The weighted MLE of a family: its descriptor's `weightedMle` when it has one, else the closed forms above. */
export function weightedMleOf(impl: { readonly name: string }): WeightedMle | undefined {
  const own = (impl as { weightedMle?: WeightedMle }).weightedMle;
  return own ? own.bind(impl) : CLOSED_FORMS[impl.name];
}

const inside = (pr: EmProblem, j: number, v: number): boolean => {
  const { lower, upper } = pr.bounds[j];
  return Number.isFinite(v) && (lower === undefined || v > lower) && (upper === undefined || v < upper);
};

/** One M step in place on theta, from the responsibilities in b.r. */
export function mStep(pr: EmProblem, theta: Float64Array, b: EmBuffers): void {
  const n = pr.y.length;
  const w = pr.comps.map((_, c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += b.r[c][i];
    return s / n;
  });
  setWeights(pr, theta, w);
  const rest: number[] = [];
  pr.comps.forEach((comp, c) => {
    const mle = comp.separable ? weightedMleOf(comp.impl)?.(pr.y, b.r[c]) : undefined;
    const ok =
      mle?.length === comp.args.length && comp.args.every((a, i) => 'param' in a && inside(pr, a.param, mle[i]));
    if (!ok) return rest.push(c);
    comp.args.forEach((a, i) => {
      if ('param' in a) theta[a.param] = mle![i];
    });
  });
  if (rest.length) innerNewton(pr, theta, b, rest, 5);
}

/** Q and its gradient and Hessian over `params` (natural scale) for the components in `block`. */
function evalQ(pr: EmProblem, theta: Float64Array, b: EmBuffers, block: number[], params: number[], order: 0 | 2) {
  const m = params.length;
  const g = new Float64Array(m);
  const H = new Float64Array(m * m);
  let q = 0;
  for (const c of block) {
    componentLogpdf(pr, theta, b, c, order);
    const { lp, d1, d2 } = b.out[c];
    const r = b.r[c];
    const args = pr.comps[c].args;
    const na = args.length + 1;
    const at = args.map((a) => ('param' in a ? params.indexOf(a.param) : -1));
    for (let i = 0; i < pr.y.length; i++) {
      if (r[i] === 0) continue;
      q += r[i] * lp[i];
      if (order === 0) continue;
      for (let p = 0; p < args.length; p++) {
        if (at[p] < 0) continue;
        g[at[p]] += r[i] * d1[p + 1][i];
        for (let s = 0; s < args.length; s++)
          if (at[s] >= 0) H[at[p] * m + at[s]] += r[i] * d2[tri(p + 1, s + 1, na)][i];
      }
    }
  }
  return { q: Number.isNaN(q) ? -Infinity : q, g, H };
}

/**
 * A few damped Newton steps on the free scale that never decrease Q (a generalised EM step is all EM needs to keep
 * the likelihood rising).
 */
export function innerNewton(pr: EmProblem, theta: Float64Array, b: EmBuffers, block: number[], steps: number): void {
  const params = [...new Set(block.flatMap((c) => pr.comps[c].args.flatMap((a) => ('param' in a ? [a.param] : []))))];
  const m = params.length;
  if (m === 0) return;
  const A = new Float64Array(m * m);
  const L = new Float64Array(m * m);
  const step = new Float64Array(m);
  const gu = new Float64Array(m);
  const keep = Float64Array.from(params, (j) => theta[j]);
  for (let it = 0; it < steps; it++) {
    const { q, g, H } = evalQ(pr, theta, b, block, params, 2);
    if (!Number.isFinite(q)) return;
    // Free scale u: ∂Q/∂u = g·θ', −∂²Q/∂u² = −H θ'θ' − g θ'' (the second-order term only on the diagonal).
    const u = params.map((j) => pr.tr[j].toFree(theta[j]));
    for (let a = 0; a < m; a++) {
      const da = pr.tr[params[a]].d1(u[a]);
      gu[a] = g[a] * da;
      for (let c = 0; c < m; c++) A[a * m + c] = -H[a * m + c] * da * pr.tr[params[c]].d1(u[c]);
      A[a * m + a] -= g[a] * pr.tr[params[a]].d2(u[a]);
    }
    let shift = 0;
    while (!cholesky(A, m, shift, L) && shift < 1e12) shift = shift === 0 ? 1e-8 * (1 + Math.abs(A[0])) : shift * 10;
    cholSolve(L, m, gu, step);
    let t = 1;
    let accepted = false;
    for (let k = 0; k < 30 && !accepted; k++, t *= 0.5) {
      params.forEach((j, a) => (theta[j] = pr.tr[j].toNatural(u[a] + t * step[a])));
      const next = evalQ(pr, theta, b, block, params, 0).q;
      if (next >= q) accepted = true;
    }
    if (!accepted) {
      params.forEach((j, a) => (theta[j] = pr.tr[j].toNatural(u[a])));
      return;
    }
    let move = 0;
    for (let a = 0; a < m; a++) move = Math.max(move, Math.abs(t * step[a]));
    if (move < 1e-10) break;
  }
  if (params.some((j) => !Number.isFinite(theta[j]))) params.forEach((j, a) => (theta[j] = keep[a]));
}
