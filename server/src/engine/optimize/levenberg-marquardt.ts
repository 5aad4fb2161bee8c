// Levenberg–Marquardt for least squares with steps from a QR of the Jacobian itself (as MINPACK), never JᵀJ.

import { leastSquaresQR } from '../linalg/householder-qr.ts';
import type { OptimizeResult } from './types.ts';

/** Fills r (residuals, length n) and, when J is given, J's columns (p arrays of length n); false if not finite. */
export type Residuals = (beta: Float64Array, r: Float64Array, J?: Float64Array[]) => boolean;

export function levenbergMarquardt(res: Residuals, beta0: Float64Array, n: number, maxiter: number): OptimizeResult {
  const p = beta0.length;
  const beta = Float64Array.from(beta0);
  const r = new Float64Array(n);
  const J = Array.from({ length: p }, () => new Float64Array(n));
  const trialR = new Float64Array(n);
  const trial = new Float64Array(p);
  const aug = Array.from({ length: p }, () => new Float64Array(n + p));
  const rhs = new Float64Array(n + p);
  const sumsq = (v: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i] * v[i];
    return s;
  };
  if (!res(beta, r, J))
    return {
      u: beta,
      f: NaN,
      iterations: 0,
      converged: false,
      reason: 'the model is not finite at the starting values',
    };
  let S = sumsq(r);
  // Marquardt's scaling: D = column norms of J, kept at their running maximum (Moré's choice in MINPACK).
  const D = new Float64Array(p);
  let lambda = 1e-3;
  let nu = 2;
  for (let it = 1; it <= maxiter; it++) {
    for (let j = 0; j < p; j++) D[j] = Math.max(D[j], Math.sqrt(sumsq(J[j])), 1e-300);
    // Gradient test: Jᵀr ≈ 0 relative to ‖J_j‖·‖r‖ (the cosine MINPACK calls gtol).
    let gmax = 0;
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += J[j][i] * r[i];
      gmax = Math.max(gmax, Math.abs(s) / (Math.sqrt(sumsq(J[j])) * Math.sqrt(S) + 1e-300));
    }
    if (S === 0 || gmax < 1e-14)
      return { u: beta, f: S / 2, iterations: it, converged: true, reason: 'gradient orthogonal to the residuals' };
    // Step: min ‖J δ − (−r)‖² + λ‖D δ‖², as the least-squares problem [J; √λ·D] δ = [−r; 0].
    const sl = Math.sqrt(lambda);
    for (let j = 0; j < p; j++) {
      aug[j].set(J[j]);
      aug[j].fill(0, n);
      aug[j][n + j] = sl * D[j];
    }
    for (let i = 0; i < n; i++) rhs[i] = -r[i];
    rhs.fill(0, n);
    const ls = leastSquaresQR(aug, rhs, 1e-300, false);
    const delta = ls.coef;
    if (!delta.every(Number.isFinite)) {
      lambda *= nu;
      nu *= 2;
      continue;
    }
    for (let j = 0; j < p; j++) trial[j] = beta[j] + delta[j];
    const ok = res(trial, trialR);
    const Snew = ok ? sumsq(trialR) : Infinity;
    // Predicted reduction of the linear model: ‖r‖² − ‖r + Jδ‖².
    let pred = 0;
    for (let i = 0; i < n; i++) {
      let jd = 0;
      for (let j = 0; j < p; j++) jd += J[j][i] * delta[j];
      pred += r[i] * r[i] - (r[i] + jd) ** 2;
    }
    const rho = pred > 0 && Number.isFinite(Snew) ? (S - Snew) / pred : -1;
    let stepRel = 0;
    for (let j = 0; j < p; j++) stepRel = Math.max(stepRel, Math.abs(delta[j]) / (Math.abs(beta[j]) + 1e-30));
    if (rho > 0) {
      const before = S;
      beta.set(trial);
      res(beta, r, J);
      S = sumsq(r);
      lambda *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
      nu = 2;
      // Relative reduction and step both at rounding level: converged (MINPACK's ftol and xtol).
      if (before - S <= 1e-15 * before && stepRel < 1e-10)
        return {
          u: beta,
          f: S / 2,
          iterations: it,
          converged: true,
          reason: 'no further reduction at machine precision',
        };
      if (stepRel < 1e-14)
        return {
          u: beta,
          f: S / 2,
          iterations: it,
          converged: true,
          reason: 'steps below machine precision of the parameters',
        };
    } else {
      // The linear model itself predicts no gain beyond rounding: this is the minimum (MINPACK's ftol test).
      if (pred >= 0 && pred <= 1e-13 * S)
        return {
          u: beta,
          f: S / 2,
          iterations: it,
          converged: true,
          reason: 'predicted reduction at machine precision',
        };
      if (stepRel < 1e-14 && lambda < 1e-6)
        return {
          u: beta,
          f: S / 2,
          iterations: it,
          converged: true,
          reason: 'steps below machine precision of the parameters',
        };
      lambda *= nu;
      nu *= 2;
      if (lambda > 1e30)
        return {
          u: beta,
          f: S / 2,
          iterations: it,
          converged: false,
          reason: 'Levenberg–Marquardt could not reduce the sum of squares',
        };
    }
  }
  return {
    u: beta,
    f: S / 2,
    iterations: maxiter,
    converged: false,
    reason: `stopped after maxiter = ${maxiter} iterations`,
  };
}
