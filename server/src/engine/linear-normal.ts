// The Normal linear model solved by QR (as R's lm): exact coefficients and (XᵀX)⁻¹ without forming XᵀX.

import type { EngineModel, Term } from './model.ts';
import { compileSlots } from './slots.ts';
import { evalSlot, makeScratch } from './kernels.ts';
import { leastSquaresQR } from './linalg/householder-qr.ts';

export interface LinearNormalSolution {
  /** Natural-scale estimates of all parameters (σ̂² = RSS/n, the MLE). */
  readonly theta: Float64Array;
  /** Covariance on the natural scale: σ̂²(XᵀX)⁻¹ for the coefficients, σ̂²/(2n) for σ, zero between them. */
  readonly cov: number[][];
  readonly sigmaIndex: number;
  /** Maximised log-likelihood −(n/2)(log(2πσ̂²) + 1), the information (inverse of cov) and the score's norm. */
  readonly logLik: number;
  readonly info: Float64Array;
  readonly gradNorm: number;
}

/**
 * Applies when the model is one Normal term on data, with a mean linear in the coefficients and σ a parameter
 * bounded below by 0 (or a constant), and no priors. Returns undefined otherwise, or when the design is rank
 * deficient (the general path then reports the singular direction).
 */
export function solveLinearNormal(model: EngineModel, terms: readonly Term[]): LinearNormalSolution | undefined {
  if (terms.length !== 1 || model.priors.length) return undefined;
  const t = terms[0];
  const P = model.params.length;
  if (t.dist.name !== 'Normal') return undefined;
  const [meanNode, sdNode] = t.args;
  if (sdNode.op !== 'param') return undefined;
  const s = sdNode.index;
  const sp = model.params[s];
  if (sp.lower !== 0 || sp.upper !== undefined) return undefined;
  const n = model.n;
  const C = Math.max(1, Math.min(1024, n));
  const { slots, of } = compileSlots([meanNode, t.y], n, C);
  const mean = of.get(meanNode)!;
  const ySlot = of.get(t.y)!;
  // The left side must be data (a column, or a let of columns such as log(Volume)).
  if (ySlot.m > 0) return undefined;
  if (!mean.linear || mean.deps.includes(s) || mean.m + 1 !== P || n <= mean.m) return undefined;
  // At θ = 0 the mean is its offset, and its derivative columns are the design matrix.
  const theta0 = new Float64Array(P);
  const cols = Array.from({ length: mean.m }, () => new Float64Array(n));
  const y = ySlot.fixed!.length === n ? Float64Array.from(ySlot.fixed!) : new Float64Array(n).fill(ySlot.fixed![0]);
  const sc = makeScratch(C);
  const valueOf = (sl: (typeof slots)[number], start: number, len: number): Float64Array =>
    sl.m > 0 ? sl.val : sl.fixed!.length === 1 ? new Float64Array(len).fill(sl.fixed![0]) : sl.fixed!.subarray(start, start + len);
  for (let start = 0; start < n; start += C) {
    const len = Math.min(C, n - start);
    for (const sl of slots) evalSlot(sl, theta0, start, len, 1, valueOf, sc);
    const off = valueOf(mean, start, len);
    for (let i = 0; i < len; i++) y[start + i] -= off[i];
    for (let p = 0; p < mean.m; p++) cols[p].set(mean.d.subarray(p * C, p * C + len), start);
  }
  const ls = leastSquaresQR(cols, y);
  if (ls.dependent.length || !ls.xtxInv) return undefined;
  const theta = new Float64Array(P);
  mean.deps.forEach((j, p) => { theta[j] = ls.coef[p]; });
  const sigma2 = ls.rss / n;
  theta[s] = Math.sqrt(sigma2);
  const cov = Array.from({ length: P }, () => new Array<number>(P).fill(0));
  mean.deps.forEach((i, a) => mean.deps.forEach((j, b) => { cov[i][j] = sigma2 * ls.xtxInv![a * mean.m + b]; }));
  cov[s][s] = sigma2 / (2 * n);
  // Information: σ̂⁻²XᵀX for the coefficients (the inverse of σ̂²(XᵀX)⁻¹), 2n/σ̂² for σ.
  const info = new Float64Array(P * P);
  const inv = invertSymmetric(ls.xtxInv, mean.m);
  mean.deps.forEach((i, a) => mean.deps.forEach((j, b) => { info[i * P + j] = inv[a * mean.m + b] / sigma2; }));
  info[s * P + s] = (2 * n) / sigma2;
  // Score Xᵀr/σ̂² (σ's is zero at σ̂): one pass, so the reported gradient norm is measured, not assumed.
  let g2 = 0;
  for (let q = 0; q < mean.m; q++) {
    let acc = 0;
    const col = cols[q];
    for (let i = 0; i < n; i++) {
      let r = y[i];
      for (let k = 0; k < mean.m; k++) r -= cols[k][i] * ls.coef[k];
      acc += col[i] * r;
    }
    g2 += (acc / sigma2) ** 2;
  }
  const logLik = sigma2 > 0 ? -0.5 * n * (Math.log(2 * Math.PI * sigma2) + 1) : Infinity;
  return { theta, cov, sigmaIndex: s, logLik, info, gradNorm: Math.sqrt(g2) };
}

/** Inverse of a small symmetric positive-definite matrix by Gauss–Jordan (p ≤ a few dozen). */
function invertSymmetric(A: Float64Array, p: number): Float64Array {
  const M = Float64Array.from(A);
  const I = new Float64Array(p * p);
  for (let i = 0; i < p; i++) I[i * p + i] = 1;
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(M[r * p + c]) > Math.abs(M[piv * p + c])) piv = r;
    for (let k = 0; k < p; k++) { [M[c * p + k], M[piv * p + k]] = [M[piv * p + k], M[c * p + k]]; [I[c * p + k], I[piv * p + k]] = [I[piv * p + k], I[c * p + k]]; }
    const d = M[c * p + c];
    for (let k = 0; k < p; k++) { M[c * p + k] /= d; I[c * p + k] /= d; }
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = M[r * p + c];
      if (f === 0) continue;
      for (let k = 0; k < p; k++) { M[r * p + k] -= f * M[c * p + k]; I[r * p + k] -= f * I[c * p + k]; }
    }
  }
  return I;
}
