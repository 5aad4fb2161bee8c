// Damped Newton: exact Hessian, Levenberg shift when it is not positive definite, backtracking line search.

import { cholesky, cholSolve } from './cholesky.ts';
import type { Objective, OptimizeOptions, OptimizeResult } from './types.ts';

export function newton(fn: Objective, u0: Float64Array, opts: OptimizeOptions): OptimizeResult {
  const n = u0.length;
  const u = Float64Array.from(u0);
  const g = new Float64Array(n);
  const H = new Float64Array(n * n);
  const L = new Float64Array(n * n);
  const step = new Float64Array(n);
  const trial = new Float64Array(n);
  const negG = new Float64Array(n);
  const gScratch = new Float64Array(n);
  const hScratch = new Float64Array(0);
  let f = fn(u, 2, g, H);
  if (!Number.isFinite(f)) return { u, f, iterations: 0, converged: false, reason: 'the objective is not finite at the starting values' };
  let lambda = 0;
  let polished = false;
  for (let it = 1; it <= opts.maxiter; it++) {
    let scale = 0;
    for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(H[i * n + i]));
    for (let i = 0; i < n; i++) negG[i] = -g[i];
    // Try the pure Newton step first; shift only when the Hessian is not positive definite.
    let shift = 0;
    let ok = cholesky(H, n, 0, L);
    if (!ok) {
      shift = Math.max(lambda, 1e-10 * Math.max(scale, 1));
      while (!(ok = cholesky(H, n, shift, L)) && shift < 1e20 * Math.max(scale, 1)) shift *= 10;
      if (!ok) return { u, f, iterations: it, converged: false, reason: 'could not find a descent direction (the Hessian is not finite)' };
    }
    cholSolve(L, n, negG, step);
    let dec = 0;
    for (let i = 0; i < n; i++) dec -= g[i] * step[i];
    if (shift === 0 && dec / 2 <= opts.tol * (1 + Math.abs(f))) {
      // Converged; one more full step (quadratic convergence) polishes the last digits.
      if (polished) return { u, f, iterations: it, converged: true, reason: 'Newton decrement below tolerance' };
      polished = true;
    }
    let t = 1;
    let fNew = NaN;
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < n; i++) trial[i] = u[i] + t * step[i];
      fNew = fn(trial, 0, gScratch, hScratch);
      if (Number.isFinite(fNew) && fNew <= f - 1e-4 * t * dec) break;
      // Within rounding of the optimum a non-decrease is not a failure.
      if (Number.isFinite(fNew) && polished && fNew <= f + 1e-12 * (1 + Math.abs(f))) break;
      t *= 0.5;
      fNew = NaN;
    }
    if (!Number.isFinite(fNew)) {
      if (polished) return { u, f, iterations: it, converged: true, reason: 'Newton decrement below tolerance' };
      lambda = Math.max(10 * lambda, 1e-6 * Math.max(scale, 1));
      if (lambda > 1e16 * Math.max(scale, 1)) return { u, f, iterations: it, converged: false, reason: 'the line search failed to reduce the objective' };
      continue;
    }
    u.set(trial);
    f = fn(u, 2, g, H);
    lambda = shift > 0 ? shift / 10 : 0;
    if (polished && shift === 0) {
      let dec2 = 0;
      if (cholesky(H, n, 0, L)) {
        for (let i = 0; i < n; i++) negG[i] = -g[i];
        cholSolve(L, n, negG, step);
        for (let i = 0; i < n; i++) dec2 -= g[i] * step[i];
        if (dec2 / 2 <= opts.tol * (1 + Math.abs(f))) return { u, f, iterations: it, converged: true, reason: 'Newton decrement below tolerance' };
      }
      polished = false;
    }
  }
  return { u, f, iterations: opts.maxiter, converged: false, reason: `stopped after maxiter = ${opts.maxiter} iterations` };
}
