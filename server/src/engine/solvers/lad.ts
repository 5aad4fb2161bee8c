// Least absolute deviations, min Σ|y − Xβ|, solved exactly: a weighted median (one column) or simplex edge descent.

import { leastSquaresQR } from '../linalg/householder-qr.ts';
import { invertDense } from './dense-lu.ts';
import { cholesky, cholSolve } from '../optimize/cholesky.ts';
import { weightedMedian } from './weighted-median.ts';

export interface L1Fit {
  readonly coef: Float64Array;
  /** Σ|rᵢ| at coef. */
  readonly sad: number;
  /**
   * The subgradient certificate: the largest |dₖ| − 1 over the basis rows (dual values dₖ ∈ [−1, 1] with
   * Σ sign(rᵢ) xᵢ + Σ_B dₖ xₖ = 0 prove optimality), so ≤ ~1e-12 at an optimum.
   */
  readonly kkt: number;
  readonly optimal: boolean;
  /** A dual value at ±1: the objective is flat along an edge, so other β are optimal too. */
  readonly nonunique: boolean;
  /** Several coefficients: the other end of a flat edge from coef, another optimal β. */
  readonly alternative?: Float64Array;
  /** One coefficient: the whole optimal interval (coef is its midpoint, as R's median). */
  readonly interval?: readonly [number, number];
  readonly pivots: number;
}

const MAX_PIVOTS = 5000;
/** Dual values within this of ±1 count as ±1 (they are sums of ±xᵢᵀz, exact up to rounding). */
const DUAL_TOL = 1e-9;

/**
 * Undefined when the columns are linearly dependent (the general path then names the direction). Ties in the data
 * make degenerate vertices (more than p zero residuals), where edge descent can stall; the descent therefore runs on
 * y plus a tiny deterministic perturbation (non-degenerate), and the final basis is re-solved and certified on y.
 */
export function leastAbsoluteDeviations(cols: readonly Float64Array[], y: Float64Array): L1Fit | undefined {
  const p = cols.length;
  if (p === 1) return oneColumn(cols[0], y);
  const n = y.length;
  const start = irlsStart(cols, y);
  if (!start) return undefined;
  const basis0 = initialBasis(cols, y, start);
  if (!basis0) return undefined;
  let typical = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let j = 0; j < p; j++) f += cols[j][i] * start[j];
    typical += Math.abs(y[i] - f) / n;
  }
  let last: L1Fit | undefined;
  for (const eps of [1e-7, 1e-10, 0]) {
    // Golden-ratio offsets in (−½, ½): distinct for every row, the same on every run.
    const yv = eps ? Float64Array.from(y, (v, i) => v + eps * typical * (((i * 0.6180339887498949) % 1) - 0.5)) : y;
    const d = descend(cols, yv, basis0);
    if (!d) continue;
    last = certify(cols, y, yv, d.basis, d.pivots);
    if (last?.optimal) return last;
  }
  return last;
}

/** Edge descent from a basis until no edge descends; the final basis and the pivots taken. */
function descend(
  cols: readonly Float64Array[],
  y: Float64Array,
  start: number[],
): { basis: number[]; pivots: number } | undefined {
  const p = cols.length;
  const n = y.length;
  let basis = start;
  const r = new Float64Array(n);
  const a = new Float64Array(n);
  const visited = new Set<string>();
  for (let pivots = 0; pivots <= MAX_PIVOTS; pivots++) {
    const Binv = basisInverse(cols, basis);
    if (!Binv) return undefined;
    const beta = solveBasis(Binv, y, basis);
    const zeros = residuals(cols, y, beta, basis, r);
    const { gk, hk } = edgeSlopes(cols, r, Binv, zeros, basis);
    let best = -1;
    let worst = -Infinity;
    for (let k = 0; k < p; k++) {
      const descent = Math.abs(gk[k]) - 1 - hk[k];
      if (descent > DUAL_TOL && (best < 0 || descent > Math.abs(gk[best]) - 1 - hk[best])) best = k;
      worst = Math.max(worst, Math.abs(gk[k]) - 1);
    }
    if (best < 0) {
      // No descending edge. At a degenerate vertex another basis (same β) may have one, as in the simplex method.
      const next = worst > DUAL_TOL ? swapDegenerate(basis, gk, zeros, cols, Binv, p, visited) : undefined;
      if (!next) return { basis, pivots };
      basis = next;
      continue;
    }
    const sigma = gk[best] > 0 ? 1 : -1;
    const entering = lineSearch(cols, r, Binv, p, best, sigma, basis[best], a);
    if (entering < 0) return undefined;
    basis = basis.slice();
    basis[best] = entering;
  }
  return undefined;
}

/**
 * β from the basis rows of y, and the subgradient certificate: dual values d = −X_B⁻ᵀ Σ sᵢxᵢ over the other rows,
 * sᵢ = sign(rᵢ) (a zero residual takes the sign it has under the perturbed yv, any value in [−1, 1] being allowed);
 * optimal when every |dₖ| ≤ 1. A flat edge (zero directional derivative) names another optimal β.
 */
function certify(
  cols: readonly Float64Array[],
  y: Float64Array,
  yv: Float64Array,
  basis: number[],
  pivots: number,
): L1Fit | undefined {
  const p = cols.length;
  const n = y.length;
  const Binv = basisInverse(cols, basis);
  if (!Binv) return undefined;
  const beta = solveBasis(Binv, y, basis);
  const r = new Float64Array(n);
  const rv = new Float64Array(n);
  const zeros = residuals(cols, y, beta, basis, r);
  residuals(cols, yv, solveBasis(Binv, yv, basis), basis, rv);
  let sad = 0;
  for (let i = 0; i < n; i++) sad += Math.abs(r[i]);
  const signed = Float64Array.from(r);
  for (const i of zeros) signed[i] = Math.sign(rv[i]);
  const { gk } = edgeSlopes(cols, signed, Binv, [], basis);
  let kkt = -Infinity;
  for (let k = 0; k < p; k++) kkt = Math.max(kkt, Math.abs(gk[k]) - 1);
  // Flat edge k: 1 − σ·(slope over nonzero residuals) + (bend from zero residuals on it) = 0 for σ = ±1.
  const plain = edgeSlopes(cols, r, Binv, zeros, basis);
  const flatK = plain.gk.findIndex((v, k) => 1 - Math.abs(v) + plain.hk[k] <= DUAL_TOL);
  const a = new Float64Array(n);
  const alternative =
    kkt <= DUAL_TOL && flatK >= 0
      ? walkFlatEdge(cols, r, Binv, p, flatK, Math.sign(plain.gk[flatK]), beta, a)
      : undefined;
  return { coef: beta, sad, kkt, optimal: kkt <= DUAL_TOL, nonunique: !!alternative, alternative, pivots };
}

function basisInverse(cols: readonly Float64Array[], basis: readonly number[]): Float64Array | undefined {
  const p = cols.length;
  const XB = new Float64Array(p * p);
  basis.forEach((i, k) => cols.forEach((c, j) => (XB[k * p + j] = c[i])));
  return invertDense(XB, p);
}

/** β = X_B⁻¹ y_B: the basis rows' residuals are zero; zₖ (column k of X_B⁻¹) moves along edge k. */
function solveBasis(Binv: Float64Array, y: Float64Array, basis: readonly number[]): Float64Array {
  const p = basis.length;
  const beta = new Float64Array(p);
  for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) beta[j] += Binv[j * p + k] * y[basis[k]];
  return beta;
}

/** Residuals into r (exactly 0 on the basis); returns the other rows whose residual is 0 to rounding. */
function residuals(
  cols: readonly Float64Array[],
  y: Float64Array,
  beta: Float64Array,
  basis: readonly number[],
  r: Float64Array,
): number[] {
  const inB = new Set(basis);
  let scale = 0;
  for (let i = 0; i < y.length; i++) {
    let f = 0;
    for (let j = 0; j < cols.length; j++) f += cols[j][i] * beta[j];
    r[i] = inB.has(i) ? 0 : y[i] - f;
    scale = Math.max(scale, Math.abs(y[i]), Math.abs(f));
  }
  const zeros: number[] = [];
  for (let i = 0; i < y.length; i++) if (!inB.has(i) && Math.abs(r[i]) <= 1e-13 * scale) zeros.push(i);
  for (const i of zeros) r[i] = 0;
  return zeros;
}

/**
 * Edge k (basis row k leaves): gₖ = (Σ sign(rᵢ) xᵢ)ᵀzₖ over the nonzero residuals and hₖ = Σ|xᵢᵀzₖ| over the listed
 * zero-residual rows; the directional derivative along ±zₖ is 1 ∓ gₖ + hₖ.
 */
function edgeSlopes(
  cols: readonly Float64Array[],
  r: Float64Array,
  Binv: Float64Array,
  zeros: readonly number[],
  basis: readonly number[],
): { gk: Float64Array; hk: Float64Array } {
  const p = cols.length;
  const inB = new Set(basis);
  const g = new Float64Array(p);
  for (let i = 0; i < r.length; i++) {
    if (inB.has(i) || r[i] === 0) continue;
    const sg = r[i] > 0 ? 1 : -1;
    for (let j = 0; j < p; j++) g[j] += sg * cols[j][i];
  }
  const gk = new Float64Array(p);
  const hk = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    for (let j = 0; j < p; j++) gk[k] += g[j] * Binv[j * p + k];
    for (const i of zeros) {
      let s = 0;
      for (let j = 0; j < p; j++) s += cols[j][i] * Binv[j * p + k];
      hk[k] += Math.abs(s);
    }
  }
  return { gk, hk };
}

/** aᵢ = σ xᵢᵀzₖ for every row. */
function edgeRates(
  cols: readonly Float64Array[],
  Binv: Float64Array,
  p: number,
  k: number,
  sigma: number,
  a: Float64Array,
) {
  a.fill(0);
  for (let j = 0; j < p; j++) {
    const z = sigma * Binv[j * p + k];
    if (z === 0) continue;
    const c = cols[j];
    for (let i = 0; i < a.length; i++) a[i] += c[i] * z;
  }
}

/**
 * Exact minimum of the convex piecewise-linear Σ|rᵢ − t aᵢ| over t ≥ 0 along edge k: walk the positive breakpoints
 * tᵢ = rᵢ/aᵢ in order; the slope rises by 2|aᵢ| at each; the row whose breakpoint turns it non-negative enters.
 */
function lineSearch(
  cols: readonly Float64Array[],
  r: Float64Array,
  Binv: Float64Array,
  p: number,
  k: number,
  sigma: number,
  leaving: number,
  a: Float64Array,
): number {
  edgeRates(cols, Binv, p, k, sigma, a);
  let slope = 0;
  const bps: number[] = [];
  for (let i = 0; i < r.length; i++) {
    if (a[i] === 0) continue;
    if (r[i] === 0) slope += Math.abs(a[i]);
    else {
      slope -= Math.sign(r[i]) * a[i];
      if (r[i] / a[i] > 0 && i !== leaving) bps.push(i);
    }
  }
  bps.sort((i, j) => r[i] / a[i] - r[j] / a[j]);
  for (const i of bps) {
    slope += 2 * Math.abs(a[i]);
    if (slope >= 0) return i;
  }
  return -1;
}

/** From an optimal vertex along a zero-slope edge to its first breakpoint: another optimal β (undefined if none). */
function walkFlatEdge(
  cols: readonly Float64Array[],
  r: Float64Array,
  Binv: Float64Array,
  p: number,
  k: number,
  sigma: number,
  beta: Float64Array,
  a: Float64Array,
): Float64Array | undefined {
  edgeRates(cols, Binv, p, k, sigma, a);
  let t = Infinity;
  for (let i = 0; i < r.length; i++) if (a[i] !== 0 && r[i] !== 0 && r[i] / a[i] > 0) t = Math.min(t, r[i] / a[i]);
  if (!Number.isFinite(t)) return undefined;
  return Float64Array.from(beta, (b, j) => b + t * sigma * Binv[j * p + k]);
}

/** Another basis at the same degenerate vertex: a zero-residual row replaces a basis row whose dual exceeds 1. */
function swapDegenerate(
  basis: number[],
  gk: Float64Array,
  zeros: readonly number[],
  cols: readonly Float64Array[],
  Binv: Float64Array,
  p: number,
  visited: Set<string>,
): number[] | undefined {
  visited.add([...basis].sort((x, y) => x - y).join(','));
  for (let k = 0; k < p; k++) {
    if (Math.abs(gk[k]) - 1 <= DUAL_TOL) continue;
    for (const i of zeros) {
      let s = 0;
      for (let j = 0; j < p; j++) s += cols[j][i] * Binv[j * p + k];
      if (Math.abs(s) < 1e-9) continue;
      const next = basis.slice();
      next[k] = i;
      const key = [...next].sort((x, y) => x - y).join(',');
      if (!visited.has(key)) return next;
    }
  }
  return undefined;
}

/**
 * A few IRLS steps (weights 1/|r|, weighted normal equations: one pass per step) bring β near the L1 optimum, so the
 * simplex needs few pivots; the start need not be accurate, the simplex finishes exactly.
 */
function irlsStart(cols: readonly Float64Array[], y: Float64Array): Float64Array | undefined {
  const n = y.length;
  const p = cols.length;
  const ls = leastSquaresQR(cols, y);
  if (ls.dependent.length) return undefined;
  let beta = ls.coef;
  const r = new Float64Array(n);
  const G = new Float64Array(p * p);
  const b = new Float64Array(p);
  const L = new Float64Array(p * p);
  const next = new Float64Array(p);
  for (let it = 0; it < 12; it++) {
    let mad = 0;
    for (let i = 0; i < n; i++) {
      let f = 0;
      for (let j = 0; j < p; j++) f += cols[j][i] * beta[j];
      r[i] = y[i] - f;
      mad += Math.abs(r[i]);
    }
    const floor = Math.max((1e-6 * mad) / n, Number.MIN_VALUE);
    G.fill(0);
    b.fill(0);
    for (let i = 0; i < n; i++) {
      const w = 1 / Math.max(Math.abs(r[i]), floor);
      for (let j = 0; j < p; j++) {
        const wx = w * cols[j][i];
        b[j] += wx * y[i];
        for (let k = 0; k <= j; k++) G[j * p + k] += wx * cols[k][i];
      }
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) G[k * p + j] = G[j * p + k];
    if (!cholesky(G, p, 0, L)) break;
    cholSolve(L, p, b, next);
    if (!next.every(Number.isFinite)) break;
    beta = Float64Array.from(next);
  }
  return beta;
}

/** The p rows with the smallest residuals at β0 whose covariate rows are linearly independent (Gram–Schmidt). */
function initialBasis(cols: readonly Float64Array[], y: Float64Array, beta0: Float64Array): number[] | undefined {
  const n = y.length;
  const p = cols.length;
  const res = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let j = 0; j < p; j++) f += cols[j][i] * beta0[j];
    res[i] = Math.abs(y[i] - f);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => res[i] - res[j]);
  const Q: Float64Array[] = [];
  const basis: number[] = [];
  for (const i of order) {
    const v = Float64Array.from(cols, (c) => c[i]);
    const norm0 = Math.hypot(...v);
    if (norm0 === 0) continue;
    for (const q of Q) {
      let d = 0;
      for (let j = 0; j < p; j++) d += q[j] * v[j];
      for (let j = 0; j < p; j++) v[j] -= d * q[j];
    }
    const norm = Math.hypot(...v);
    if (norm <= 1e-8 * norm0) continue;
    Q.push(v.map((x) => x / norm));
    basis.push(i);
    if (basis.length === p) return basis;
  }
  return undefined;
}

/** One coefficient: β = weighted median of yᵢ/xᵢ with weights |xᵢ|; the midpoint when a whole interval is optimal. */
function oneColumn(x: Float64Array, y: Float64Array): L1Fit | undefined {
  const wm = weightedMedian(x, y);
  if (!wm) return undefined;
  const coef = Float64Array.of((wm.lo + wm.hi) / 2);
  let sad = 0;
  for (let i = 0; i < y.length; i++) sad += Math.abs(y[i] - x[i] * coef[0]);
  return {
    coef,
    sad,
    kkt: wm.kkt,
    optimal: wm.kkt <= DUAL_TOL,
    nonunique: wm.hi > wm.lo,
    interval: [wm.lo, wm.hi],
    pivots: 0,
  };
}
