// Minimises smooth(x) + Σⱼ wⱼ|xⱼ − mⱼ| by orthant-wise Newton steps, so coordinates that belong at mⱼ land on it exactly.

import { cholesky, cholSolve } from '../optimize/cholesky.ts';

/** The smooth part's value with its gradient and Hessian (order 2), NaN where not finite. */
export type SmoothFn = (x: Float64Array, order: 0 | 2, g: Float64Array, H: Float64Array) => number;

/** The L1 part: weight wⱼ > 0 (1/scale) and kink mⱼ per coordinate (w = 0 elsewhere), with a closed box [lo, hi]. */
export interface L1Part {
  readonly w: Float64Array;
  readonly m: Float64Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

export interface ProxResult {
  readonly x: Float64Array;
  /** smooth + L1 at x. */
  readonly F: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly reason: string;
}

/**
 * The pseudo-gradient: the smooth gradient plus wⱼ·sign(xⱼ − mⱼ); at xⱼ = mⱼ the one-sided derivative that descends,
 * or 0 when |gⱼ| ≤ wⱼ (mⱼ is optimal in that coordinate, which stays fixed). orient[j] is the orthant (±1, 0 fixed).
 */
export function pseudoGradient(x: Float64Array, g: Float64Array, l1: L1Part, pg: Float64Array, orient: Int8Array) {
  for (let j = 0; j < x.length; j++) {
    const w = l1.w[j];
    if (w === 0) {
      pg[j] = g[j];
      orient[j] = 1;
    } else if (x[j] !== l1.m[j]) {
      orient[j] = x[j] > l1.m[j] ? 1 : -1;
      pg[j] = g[j] + w * orient[j];
    } else if (g[j] + w < 0) {
      orient[j] = 1;
      pg[j] = g[j] + w;
    } else if (g[j] - w > 0) {
      orient[j] = -1;
      pg[j] = g[j] - w;
    } else {
      orient[j] = 0;
      pg[j] = 0;
    }
  }
}

const l1Value = (x: Float64Array, l1: L1Part): number => {
  let s = 0;
  for (let j = 0; j < x.length; j++) if (l1.w[j] > 0) s += l1.w[j] * Math.abs(x[j] - l1.m[j]);
  return s;
};

export function proxNewton(f: SmoothFn, l1: L1Part, x0: Float64Array, maxiter: number): ProxResult {
  const P = x0.length;
  let x = Float64Array.from(x0);
  const g = new Float64Array(P);
  const H = new Float64Array(P * P);
  const pg = new Float64Array(P);
  const orient = new Int8Array(P);
  let F = f(x, 2, g, H) + l1Value(x, l1);
  if (!Number.isFinite(F)) return { x, F, iterations: 0, converged: false, reason: 'not finite at the start' };
  for (let it = 1; it <= maxiter; it++) {
    pseudoGradient(x, g, l1, pg, orient);
    const free = Array.from({ length: P }, (_, j) => j).filter((j) => orient[j] !== 0);
    const d = newtonDirection(H, pg, free, P);
    let decrement = 0;
    for (const j of free) decrement -= d[j] * pg[j];
    // Newton decrement (predicted decrease, log-likelihood units) at rounding level: the active set's problem is solved.
    if (decrement <= 1e-22 * Math.max(1, Math.abs(F)))
      return { x, F, iterations: it, converged: true, reason: 'Newton decrement at rounding level' };
    // The Newton step within the current orthant; if its projection does not descend, the orthant-wise step (a
    // penalised coordinate moves only against its pseudo-gradient), and last the scaled pseudo-gradient itself.
    let hmax = 1;
    for (let j = 0; j < P; j++) hmax = Math.max(hmax, Math.abs(H[j * P + j]));
    const step =
      lineSearch(f, l1, x, F, d, pg, orient) ??
      lineSearch(f, l1, x, F, owlRule(d, pg, l1), pg, orient) ??
      lineSearch(
        f,
        l1,
        x,
        F,
        pg.map((v) => -v / hmax),
        pg,
        orient,
      );
    if (!step) {
      const tiny = decrement <= 1e-10 * Math.max(1, Math.abs(F));
      return {
        x,
        F,
        iterations: it,
        converged: tiny,
        reason: tiny ? 'converged at rounding level' : 'line search failed',
      };
    }
    const moved = step.some((v, j) => Math.abs(v - x[j]) > 1e-15 * (1 + Math.abs(x[j])));
    const samePattern = step.every((v, j) => l1.w[j] === 0 || (v === l1.m[j]) === (x[j] === l1.m[j]));
    x = Float64Array.from(step);
    F = f(x, 2, g, H) + l1Value(x, l1);
    // Newton converges quadratically: after a step from a decrement of 1e-12 the next would be at rounding level.
    if (!moved || (samePattern && decrement <= 1e-12 * Math.max(1, Math.abs(F))))
      return { x, F, iterations: it, converged: true, reason: 'Newton decrement at rounding level' };
  }
  return { x, F, iterations: maxiter, converged: false, reason: `stopped after maxiter = ${maxiter} iterations` };
}

/** Zeroes the components of d that would move a penalised coordinate along its pseudo-gradient. */
function owlRule(d: Float64Array, pg: Float64Array, l1: L1Part): Float64Array {
  return d.map((v, j) => (l1.w[j] > 0 && v * pg[j] > 0 ? 0 : v));
}

/**
 * Backtracking from t = 1 along d; a coordinate that crosses its kink stops on it (becomes exactly mⱼ), and the box
 * clips. Armijo on the pseudo-gradient; the accepted point, or undefined when no t > 1e-14 descends.
 */
function lineSearch(
  f: SmoothFn,
  l1: L1Part,
  x: Float64Array,
  F: number,
  d: Float64Array,
  pg: Float64Array,
  orient: Int8Array,
): Float64Array | undefined {
  const P = x.length;
  const xn = new Float64Array(P);
  const g = new Float64Array(P);
  const H = new Float64Array(0);
  for (let t = 1; t > 1e-14; t /= 2) {
    let lin = 0;
    for (let j = 0; j < P; j++) {
      let v = x[j] + t * d[j];
      if (l1.w[j] > 0 && orient[j] !== 0 && (v - l1.m[j]) * orient[j] < 0) v = l1.m[j];
      xn[j] = Math.min(l1.hi[j], Math.max(l1.lo[j], v));
      lin += pg[j] * (xn[j] - x[j]);
    }
    const Fn = f(xn, 0, g, H) + l1Value(xn, l1);
    if (Number.isFinite(Fn) && Fn <= F + 1e-4 * lin + 1e-15 * Math.abs(F)) return xn;
  }
  return undefined;
}

/** d_F = −(H_FF + λI)⁻¹ pg_F, with the smallest λ (0 first) that makes the block positive definite. */
function newtonDirection(H: Float64Array, pg: Float64Array, free: number[], P: number): Float64Array {
  const k = free.length;
  const d = new Float64Array(P);
  if (!k) return d;
  const A = new Float64Array(k * k);
  let maxDiag = 0;
  free.forEach((i, a) =>
    free.forEach((j, b) => {
      A[a * k + b] = H[i * P + j];
      if (a === b) maxDiag = Math.max(maxDiag, Math.abs(H[i * P + j]));
    }),
  );
  const L = new Float64Array(k * k);
  const rhs = Float64Array.from(free, (j) => -pg[j]);
  const z = new Float64Array(k);
  for (let shift = 0; ; shift = shift ? shift * 10 : 1e-10 * Math.max(maxDiag, 1)) {
    if (cholesky(A, k, shift, L)) {
      cholSolve(L, k, rhs, z);
      free.forEach((j, a) => {
        d[j] = z[a];
      });
      return d;
    }
    // A non-finite Hessian (data at 1e200 overflows it) makes every shift fail and 1e-10·∞ never grows: stop too.
    if (!Number.isFinite(shift) || shift > 1e10 * Math.max(maxDiag, 1)) {
      // Gradient step as a last resort.
      free.forEach((j) => {
        d[j] = -pg[j] / Math.max(maxDiag, 1);
      });
      return d;
    }
  }
}
