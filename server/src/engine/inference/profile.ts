// Profile-likelihood intervals: re-optimise the other parameters along one parameter (or a derived quantity) to the χ² cut.

import { newton } from '../optimize/newton.ts';
import type { Objective } from '../optimize/types.ts';
import { chisqQuantile } from '../eval/special.ts';

export interface ProfileProblem {
  /** −objective on the free scale (minimised), with gradient and Hessian. */
  readonly objective: Objective;
  readonly uHat: Float64Array;
  readonly fHat: number;
  readonly P: number;
  readonly tol: number;
  /**
   * Told every point the search evaluates: free-scale t (for a derived quantity, its value) and the deviance
   * 2(Φ(t) − f̂) (for the profile plots).
   */
  readonly trace?: (t: number, deviance: number) => void;
}

/** The objective with coordinate j held at t, over the remaining P − 1 coordinates. */
function restricted(
  pr: ProfileProblem,
  j: number,
  t: number,
): { fn: Objective; full: (v: Float64Array) => Float64Array } {
  const P = pr.P;
  const u = new Float64Array(P);
  const g = new Float64Array(P);
  const H = new Float64Array(P * P);
  const full = (v: Float64Array): Float64Array => {
    for (let i = 0, k = 0; i < P; i++) u[i] = i === j ? t : v[k++];
    return u;
  };
  const fn: Objective = (v, order, gr, Hr) => {
    const f = pr.objective(full(v), order, g, H);
    if (order >= 1) for (let i = 0, k = 0; i < P; i++) if (i !== j) gr[k++] = g[i];
    if (order === 2) {
      for (let a = 0, ka = 0; a < P; a++) {
        if (a === j) continue;
        for (let b = 0, kb = 0; b < P; b++) if (b !== j) Hr[ka * (P - 1) + kb++] = H[a * P + b];
        ka++;
      }
    }
    return f;
  };
  return { fn, full };
}

/** One end of a parameter's profile interval: the root deviance sqrt(2(Φ(t) − f̂)) reaches the χ² cut. */
export function profileEnd(pr: ProfileProblem, j: number, dir: 1 | -1, seFree: number, target: number): number | null {
  const step0 = Number.isFinite(seFree) && seFree > 0 ? seFree * target : 0.1;
  const start = Float64Array.from(pr.uHat.filter((_, i) => i !== j));
  let warm: Float64Array = start;
  const rAt = (t: number): number => {
    const r = rootDeviance(t);
    if (Number.isFinite(r)) pr.trace?.(t, r * r);
    return r;
  };
  const rootDeviance = (t: number): number => {
    if (pr.P === 1) {
      const f = pr.objective(Float64Array.of(t), 0, new Float64Array(1), new Float64Array(1));
      return Number.isFinite(f) ? Math.sqrt(Math.max(0, 2 * (f - pr.fHat))) : NaN;
    }
    const { fn } = restricted(pr, j, t);
    const res = newton(fn, warm, { maxiter: 100, tol: pr.tol });
    if (!Number.isFinite(res.f)) return NaN;
    warm = res.u;
    return Math.sqrt(Math.max(0, 2 * (res.f - pr.fHat)));
  };
  return crossing(rAt, pr.uHat[j], dir, step0, target);
}

/**
 * Where a root deviance r(t), 0 at t0 and growing along `dir`, reaches `goal`: walk out by doubling steps to bracket
 * it, then Illinois-modified regula falsi (r is nearly linear in t, so this converges fast). A step into a region where
 * r is not finite is halved until it is (a first step from a flat edge may overshoot into a bound). Null when r stops
 * being finite before the cut (the profile never reaches it, e.g. against a bound) or never reaches it.
 */
function crossing(rAt: (t: number) => number, t0: number, dir: 1 | -1, step0: number, goal: number): number | null {
  let r0 = 0;
  let step = Math.max(step0, 1e-8 * Math.max(1, Math.abs(t0)));
  let t1 = t0 + dir * step;
  let r1 = rAt(t1);
  for (let doublings = 0, halvings = 0; !(r1 >= goal);) {
    if (!Number.isFinite(r1)) {
      if (++halvings > 60) return null;
      step /= 2;
    } else {
      if (++doublings > 60) return null;
      t0 = t1;
      r0 = r1;
      step *= 2;
    }
    t1 = t0 + dir * step;
    r1 = rAt(t1);
  }
  let side = 0;
  for (let k = 0; k < 80; k++) {
    const t = t1 - ((r1 - goal) * (t1 - t0)) / (r1 - r0);
    const r = rAt(t);
    if (!Number.isFinite(r)) return null;
    if (Math.abs(r - goal) < 1e-9 || Math.abs(t1 - t0) < 1e-12 * Math.max(1, Math.abs(t))) return t;
    if ((r - goal) * (r1 - goal) < 0) {
      t0 = t1;
      r0 = r1;
      side = 0;
    } else if (side++ > 0) r0 = goal + (r0 - goal) / 2;
    t1 = t;
    r1 = r;
  }
  return t1;
}

export function chi2Cut(level: number): number {
  return Math.sqrt(chisqQuantile(level, 1));
}

/** Profile interval of free coordinate j, returned on the free scale ([null] where the profile never reaches the cut). */
export function profileParameter(
  pr: ProfileProblem,
  j: number,
  seFree: number,
  level: number,
): [number | null, number | null] {
  const c = chi2Cut(level);
  return [profileEnd(pr, j, -1, seFree, c), profileEnd(pr, j, 1, seFree, c)];
}

/**
 * Profile interval of a derived quantity h(u): the values c where min{f(u) : h(u) = c} − f̂ = χ²/2. Each inner problem is
 * solved by Newton on the Lagrangian (the KKT system with h's gradient; its curvature is left out, which slows
 * convergence slightly but not where it ends).
 */
export function profileDerived(
  pr: ProfileProblem,
  h: (u: Float64Array) => { value: number; grad: Float64Array },
  hHat: number,
  seH: number,
  level: number,
): [number | null, number | null] {
  const P = pr.P;
  const c = chi2Cut(level);
  const g = new Float64Array(P);
  const H = new Float64Array(P * P);
  const K = P + 1;
  const A = new Float64Array(K * K);
  const rhs = new Float64Array(K);
  let warm = Float64Array.from(pr.uHat);
  const solveAt = (target: number): number => {
    const u = Float64Array.from(warm);
    for (let it = 0; it < 100; it++) {
      const f = pr.objective(u, 2, g, H);
      if (!Number.isFinite(f)) return NaN;
      const hv = h(u);
      // KKT: [H ∇h; ∇hᵀ 0] [δ; λ] = [−∇f; target − h]. Gaussian elimination with partial pivoting (K is small).
      for (let a = 0; a < P; a++) {
        for (let b = 0; b < P; b++) A[a * K + b] = H[a * P + b];
        A[a * K + P] = hv.grad[a];
        A[P * K + a] = hv.grad[a];
        rhs[a] = -g[a];
      }
      A[P * K + P] = 0;
      rhs[P] = target - hv.value;
      const d = gaussSolve(A, rhs, K);
      if (!d) return NaN;
      let t = 1;
      const trial = new Float64Array(P);
      for (let k = 0; k < 30; k++) {
        for (let a = 0; a < P; a++) trial[a] = u[a] + t * d[a];
        if (Number.isFinite(pr.objective(trial, 0, g, H))) break;
        t /= 2;
      }
      let move = 0;
      for (let a = 0; a < P; a++) {
        move = Math.max(move, Math.abs(trial[a] - u[a]));
        u[a] = trial[a];
      }
      if (move < 1e-10 && Math.abs(h(u).value - target) < 1e-10 * Math.max(1, Math.abs(target))) break;
    }
    warm = u;
    const f = pr.objective(u, 0, g, H);
    return Math.sqrt(Math.max(0, 2 * (f - pr.fHat)));
  };
  const end = (dir: 1 | -1): number | null => {
    warm = Float64Array.from(pr.uHat);
    const step = seH > 0 && Number.isFinite(seH) ? seH * c : Math.max(1e-3, Math.abs(hHat) * 0.1);
    const rAt = (target: number): number => {
      const r = solveAt(target);
      if (Number.isFinite(r)) pr.trace?.(target, r * r);
      return r;
    };
    return crossing(rAt, hHat, dir, step, c);
  };
  return [end(-1), end(1)];
}

function gaussSolve(A: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const M = Float64Array.from(A);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r * n + col]) > Math.abs(M[piv * n + col])) piv = r;
    if (Math.abs(M[piv * n + col]) < 1e-300) return null;
    if (piv !== col) {
      for (let k = 0; k < n; k++) {
        const t = M[col * n + k];
        M[col * n + k] = M[piv * n + k];
        M[piv * n + k] = t;
      }
      const t = x[col];
      x[col] = x[piv];
      x[piv] = t;
    }
    for (let r = col + 1; r < n; r++) {
      const f = M[r * n + col] / M[col * n + col];
      if (f === 0) continue;
      for (let k = col; k < n; k++) M[r * n + k] -= f * M[col * n + k];
      x[r] -= f * x[col];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r];
    for (let k = r + 1; k < n; k++) s -= M[r * n + k] * x[k];
    x[r] = s / M[r * n + r];
  }
  return x;
}
