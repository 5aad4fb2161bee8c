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
  return { theta, cov, sigmaIndex: s };
}
