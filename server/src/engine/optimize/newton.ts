// Damped Newton: Fisher scoring with a Marquardt shift while far away, then exact Newton with backtracking to the end.

import { spdSolve } from '../linalg/arrowhead.ts';
import type { Objective, OptimizeOptions, OptimizeResult } from './types.ts';
import { progressIteration } from './progress.ts';

/** Solves (H + λ·D) δ = −g, D = diag(H) (Marquardt) plus a floor, raising λ until the factorisation succeeds. */
function dampedStep(
  H: Float64Array,
  g: Float64Array,
  n: number,
  lambda: number,
  L: Float64Array,
  step: Float64Array,
  work: Float64Array,
  rhs: Float64Array = new Float64Array(n),
): number {
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(H[i * n + i]));
  let lam = lambda;
  for (let k = 0; k < 60; k++) {
    work.set(H);
    if (lam > 0)
      for (let i = 0; i < n; i++) work[i * n + i] += lam * (Math.abs(H[i * n + i]) + 1e-12 * Math.max(scale, 1));
    for (let i = 0; i < n; i++) rhs[i] = -g[i];
    // Block-arrowhead (factor levels) by the Schur complement, else dense Cholesky.
    if (spdSolve(work, n, rhs, step, L)) return lam;
    lam = lam === 0 ? 1e-8 : lam * 10;
  }
  return NaN;
}

export function newton(fn: Objective, u0: Float64Array, opts: OptimizeOptions): OptimizeResult {
  const n = u0.length;
  const u = Float64Array.from(u0);
  const g = new Float64Array(n);
  const H = new Float64Array(n * n);
  const L = new Float64Array(n * n);
  const work = new Float64Array(n * n);
  const step = new Float64Array(n);
  const trial = new Float64Array(n);
  const gs = new Float64Array(n);
  const hs = new Float64Array(0);
  let scoring = !!opts.scoring;
  const fscale = (v: number): number => (opts.relative ? Math.abs(v) : 1 + Math.abs(v));
  // A step this small relative to u changes nothing representable: the optimizer is done (x-tolerance).
  const tinyStep = (): boolean => {
    let m = 0;
    for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(step[i]) / (Math.abs(u[i]) + 1e-12));
    return m < 1e-11;
  };
  let f = fn(u, 2, g, H, scoring);
  if (!Number.isFinite(f))
    return { u, f, iterations: 0, converged: false, reason: 'the objective is not finite at the starting values' };
  let lambda = scoring ? 1e-3 : 0;
  let nu = 2;
  let polished = false;
  let failures = 0;
  for (let it = 1; it <= opts.maxiter; it++) {
    // f is the minimised −objective; the report is throttled, so this costs a clock read per iteration.
    progressIteration(it, -f);
    // Newton tries the pure step first and damps only after a failed line search; scoring keeps its Marquardt λ.
    const lam = dampedStep(H, g, n, scoring || failures > 0 ? lambda : 0, L, step, work);
    if (!Number.isFinite(lam))
      return {
        u,
        f,
        iterations: it,
        converged: false,
        reason: 'could not find a descent direction (the Hessian is not finite)',
      };
    let dec = 0;
    for (let i = 0; i < n; i++) dec -= g[i] * step[i];
    const small = dec / 2 <= opts.tol * fscale(f);
    if (scoring && dec / 2 <= 1e-6 * fscale(f)) {
      // Close enough: exact Newton from here converges quadratically (scoring only linearly when residuals are large).
      scoring = false;
      lambda = 0;
      f = fn(u, 2, g, H, false);
      continue;
    }
    if (!scoring && lam === 0 && small) {
      // Converged; one more full step polishes the last digits.
      if (polished) return { u, f, iterations: it, converged: true, reason: 'Newton decrement below tolerance' };
      polished = true;
    }
    if (scoring) {
      // Levenberg–Marquardt: accept by the gain ratio ρ = actual / predicted reduction, adapt λ (Nielsen's rule).
      for (let i = 0; i < n; i++) trial[i] = u[i] + step[i];
      const fTry = fn(trial, 0, gs, hs);
      let quad = 0;
      for (let i = 0; i < n; i++) {
        let hi = 0;
        for (let j = 0; j < n; j++) hi += H[i * n + j] * step[j];
        quad += step[i] * hi;
      }
      const predicted = dec - 0.5 * quad;
      const rho = Number.isFinite(fTry) && predicted > 0 ? (f - fTry) / predicted : -1;
      if (rho > 0) {
        u.set(trial);
        f = fn(u, 2, g, H, true);
        lambda = Math.max(lam, 1e-12) * Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
        nu = 2;
        failures = 0;
      } else {
        lambda = Math.max(lam, 1e-8) * nu;
        nu *= 2;
        if (++failures > 60) {
          // Scoring is stuck (the expected information may be a poor model here): hand over to exact Newton.
          scoring = false;
          lambda = 0;
          failures = 0;
          f = fn(u, 2, g, H, false);
        }
      }
      continue;
    }
    let t = 1;
    let fNew = NaN;
    for (let k = 0; k < 40; k++) {
      for (let i = 0; i < n; i++) trial[i] = u[i] + t * step[i];
      fNew = fn(trial, 0, gs, hs);
      if (Number.isFinite(fNew) && fNew <= f - 1e-4 * t * dec) break;
      if (Number.isFinite(fNew) && polished && fNew <= f + 1e-12 * (1 + Math.abs(f))) break;
      t *= 0.5;
      fNew = NaN;
    }
    if (!Number.isFinite(fNew)) {
      if (polished || (small && lam === 0))
        return { u, f, iterations: it, converged: true, reason: 'Newton decrement below tolerance' };
      if (lam === 0 && !scoring && tinyStep())
        return { u, f, iterations: it, converged: true, reason: 'steps below machine precision of the parameters' };
      // No decrease along this direction: damp harder (towards steepest descent) and try again.
      lambda = Math.max(lambda * 10, 1e-4);
      if (++failures > 30)
        return { u, f, iterations: it, converged: false, reason: 'the line search failed to reduce the objective' };
      continue;
    }
    failures = 0;
    // f no longer changes at machine precision and the decrement is small: this is the optimum to rounding.
    // (f can stall while the parameters still move, e.g. ENSO after Gauss–Newton: require a small step as well.)
    let move = 0;
    for (let i = 0; i < n; i++) move = Math.max(move, Math.abs(t * step[i]) / (Math.abs(u[i]) + 1e-12));
    const stalled = Math.abs(f - fNew) <= 1e-14 * Math.abs(f) && dec / 2 <= 1e-5 * fscale(f) && move < 1e-9;
    u.set(trial);
    f = fn(u, 2, g, H, false);
    if (stalled)
      return { u, f, iterations: it, converged: true, reason: 'the objective no longer changes at machine precision' };
    lambda = 0;
    if (polished) {
      const l2 = dampedStep(H, g, n, 0, L, step, work);
      let d2 = 0;
      for (let i = 0; i < n; i++) d2 -= g[i] * step[i];
      if (l2 === 0 && d2 / 2 <= opts.tol * fscale(f))
        return { u, f, iterations: it, converged: true, reason: 'Newton decrement below tolerance' };
      polished = false;
    }
  }
  return {
    u,
    f,
    iterations: opts.maxiter,
    converged: false,
    reason: `stopped after maxiter = ${opts.maxiter} iterations`,
  };
}
