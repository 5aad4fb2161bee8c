// Levenberg–Marquardt for least squares with steps from a QR of the Jacobian itself (as MINPACK): J = QR once per
// Jacobian, then each damping λ solves the small (2p × p) problem [R; √λ·D] δ = [−Qᵀr; 0]. Where the caller can sum
// JᵀJ and Jᵀr in one fused pass (no J stored, no QR over n rows) and JᵀJ is well conditioned, R is its Cholesky factor
// instead: the same small problem, a third of the passes over the data. An ill-conditioned JᵀJ goes back to the QR.

import { leastSquaresQR } from '../linalg/householder-qr.ts';
import { gramFactor } from './gram-factor.ts';
import type { OptimizeResult } from './types.ts';

/** Fills r (residuals, length n) and, when J is given, J's columns (p arrays of length n); false if not finite. */
export type Residuals = (beta: Float64Array, r: Float64Array, J?: Float64Array[]) => boolean;

/**
 * Fills out (length 1 + p + p(p+1)/2) with ‖r‖², then Jᵀr, then the packed upper triangle of JᵀJ (a ≤ b, row by row)
 * at beta; false if a residual is not finite.
 */
export type GramSums = (beta: Float64Array, out: Float64Array) => boolean;

/**
 * Fewer rows than this keep MINPACK's path throughout: the QR over n rows is then cheap, and near an ill-conditioned
 * optimum the two paths end on different points of the flat valley (NIST Misra1b and Lanczos3 lost 1–3 digits on the
 * Gram path while others gained; with the QR alone they reproduce the accuracy report).
 */
const GRAM_MIN_ROWS = 2000;

/**
 * Householder QR of the columns of A, in place (A is overwritten: the caller refills it with the next Jacobian), and
 * of w (overwritten by Qᵀw): R (p×p, row-major) and the first p entries of Qᵀw.
 * ‖Jδ + r‖² = ‖Rδ + (Qᵀr)₁‖² + ‖(Qᵀr)₂‖², so the damped steps need only R and (Qᵀr)₁.
 */
function factor(A: Float64Array[], w: Float64Array, R: Float64Array, qv: Float64Array): void {
  const p = A.length;
  const n = w.length;
  R.fill(0);
  for (let k = 0; k < p; k++) {
    const a = A[k];
    let norm = 0;
    for (let i = k; i < n; i++) norm += a[i] * a[i];
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = a[k] > 0 ? -norm : norm;
    a[k] -= alpha;
    let vv = 0;
    for (let i = k; i < n; i++) vv += a[i] * a[i];
    for (let j = k + 1; j < p; j++) reflect(a, vv, k, A[j]);
    reflect(a, vv, k, w);
    R[k * p + k] = alpha;
    for (let j = k + 1; j < p; j++) R[k * p + j] = A[j][k];
  }
  for (let k = 0; k < p; k++) qv[k] = w[k];
}

/** c ← (I − 2vvᵀ/(vᵀv)) c over rows k… (v stored in a[k…]). */
function reflect(v: Float64Array, vv: number, k: number, c: Float64Array): void {
  const n = c.length;
  let s = 0;
  for (let i = k; i < n; i++) s += v[i] * c[i];
  const f = (2 * s) / vv;
  for (let i = k; i < n; i++) c[i] -= f * v[i];
}

export function levenbergMarquardt(
  res: Residuals,
  beta0: Float64Array,
  n: number,
  maxiter: number,
  gram?: GramSums,
): OptimizeResult {
  const p = beta0.length;
  const beta = Float64Array.from(beta0);
  // The current point's residuals and Jacobian, and the trial's: a trial is evaluated with its Jacobian, so an accepted
  // step swaps the two instead of evaluating the same point again (steps are mostly accepted). In the Gram mode the
  // sums stand in for both (the n-row buffers are allocated only if the QR is ever needed).
  let r = new Float64Array(0);
  let J: Float64Array[] = [];
  let trialR = r;
  let trialJ = J;
  let w = r;
  const rows = (): void => {
    if (r.length === n) return;
    r = new Float64Array(n);
    J = Array.from({ length: p }, () => new Float64Array(n));
    trialR = new Float64Array(n);
    trialJ = Array.from({ length: p }, () => new Float64Array(n));
    w = new Float64Array(n);
  };
  const K = 1 + p + (p * (p + 1)) / 2;
  let sums = new Float64Array(K);
  let trialSums = new Float64Array(K);
  const work = new Float64Array(p);
  let useGram = gram !== undefined && n >= GRAM_MIN_ROWS;
  const trial = new Float64Array(p);
  // The big QR works in place on J and w (J is refilled before its next use); the small damped problem's space.
  const R = new Float64Array(p * p);
  const qr = new Float64Array(p);
  const aug = Array.from({ length: p }, () => new Float64Array(2 * p));
  const rhs = new Float64Array(2 * p);
  const Rd = new Float64Array(p);
  const sumsq = (v: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i] * v[i];
    return s;
  };
  const colNorm = new Float64Array(p);
  /** After a new Jacobian: its column norms, and R with (Qᵀ(−r))₁ (J is consumed). */
  const refactor = (Jc: Float64Array[], rc: Float64Array): void => {
    for (let j = 0; j < p; j++) colNorm[j] = Math.sqrt(sumsq(Jc[j]));
    for (let i = 0; i < n; i++) w[i] = -rc[i];
    factor(Jc, w, R, qr);
  };
  /** Evaluates the point (sums, or residuals and Jacobian) into the trial slots; false if not finite. */
  const evaluate = (at: Float64Array): boolean => (useGram ? gram!(at, trialSums) : res(at, trialR, trialJ));
  /** The trial becomes the current point: ‖r‖², and R, q, column norms (the Gram's, or the QR's once it is needed). */
  const accept = (): number => {
    if (useGram) {
      [sums, trialSums] = [trialSums, sums];
      if (gramFactor(sums, p, R, qr, colNorm, work)) return sums[0];
      // Too ill-conditioned for the normal equations: this and every later point by the QR of J itself.
      return toQr();
    } else {
      [r, trialR] = [trialR, r];
      [J, trialJ] = [trialJ, J];
    }
    const S = sumsq(r);
    refactor(J, r);
    return S;
  };
  /** Leaves the Gram mode for good: the current point's residuals and Jacobian, their QR; ‖r‖² (NaN if not finite). */
  function toQr(): number {
    useGram = false;
    rows();
    if (!res(beta, r, J)) return NaN;
    const S = sumsq(r);
    refactor(J, r);
    return S;
  }
  if (!useGram) rows();
  const S0 = evaluate(beta) ? accept() : NaN;
  if (!Number.isFinite(S0))
    return {
      u: beta,
      f: NaN,
      iterations: 0,
      converged: false,
      reason: 'the model is not finite at the starting values',
    };
  let S = S0;
  // Marquardt's scaling: D = column norms of J, kept at their running maximum (Moré's choice in MINPACK).
  const D = new Float64Array(p);
  let lambda = 1e-3;
  let nu = 2;
  for (let it = 1; it <= maxiter; it++) {
    for (let j = 0; j < p; j++) D[j] = Math.max(D[j], colNorm[j], 1e-300);
    // Gradient test: Jᵀr ≈ 0 relative to ‖J_j‖·‖r‖ (the cosine MINPACK calls gtol); Jᵀ(−r) = Rᵀ(Qᵀ(−r))₁.
    let gmax = 0;
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += R[k * p + j] * qr[k];
      gmax = Math.max(gmax, Math.abs(s) / (colNorm[j] * Math.sqrt(S) + 1e-300));
    }
    if (S === 0 || gmax < 1e-14)
      return { u: beta, f: S / 2, iterations: it, converged: true, reason: 'gradient orthogonal to the residuals' };
    // Step: min ‖J δ − (−r)‖² + λ‖D δ‖² = min ‖[R; √λ·D] δ − [(Qᵀ(−r))₁; 0]‖² + const.
    const sl = Math.sqrt(lambda);
    for (let j = 0; j < p; j++) {
      const col = aug[j];
      col.fill(0);
      for (let k = 0; k <= j; k++) col[k] = R[k * p + j];
      col[p + j] = sl * D[j];
    }
    rhs.fill(0);
    rhs.set(qr);
    const ls = leastSquaresQR(aug, rhs, 1e-300, false);
    const delta = ls.coef;
    if (!delta.every(Number.isFinite)) {
      lambda *= nu;
      nu *= 2;
      continue;
    }
    for (let j = 0; j < p; j++) trial[j] = beta[j] + delta[j];
    const ok = evaluate(trial);
    const Snew = ok ? (useGram ? trialSums[0] : sumsq(trialR)) : Infinity;
    // Predicted reduction of the linear model: ‖r‖² − ‖r + Jδ‖² = ‖q‖² − ‖q − Rδ‖², q = (Qᵀ(−r))₁.
    let pred = 0;
    for (let k = 0; k < p; k++) {
      let s = 0;
      for (let j = k; j < p; j++) s += R[k * p + j] * delta[j];
      Rd[k] = s;
      pred += qr[k] * qr[k] - (qr[k] - s) ** 2;
    }
    const rho = pred > 0 && Number.isFinite(Snew) ? (S - Snew) / pred : -1;
    let stepRel = 0;
    for (let j = 0; j < p; j++) stepRel = Math.max(stepRel, Math.abs(delta[j]) / (Math.abs(beta[j]) + 1e-30));
    if (rho > 0) {
      const before = S;
      beta.set(trial);
      S = accept();
      if (!Number.isFinite(S))
        return { u: beta, f: NaN, iterations: it, converged: false, reason: 'the model is not finite at a step' };
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
