// The Normal linear model solved by QR (as R's lm): exact coefficients and (XᵀX)⁻¹ without forming XᵀX.

import type { EngineModel, Node, Term } from '../model.ts';
import { directDesign } from './linear-design.ts';
import { compileSlots } from '../eval/slots.ts';
import { evalSlot, makeScratch } from '../eval/kernels.ts';
import { leastSquaresQR, type LeastSquares } from '../linalg/householder-qr.ts';
import { crossProducts, normalEquations, type NormalSolution } from './normal-equations.ts';

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
  /** The natural-scale score at the estimate: Xᵀr/σ̂² for the coefficients, (RSS/σ̂² − n)/σ̂ for σ. */
  readonly grad: Float64Array;
  /** Residual sum of squares and residual degrees of freedom n − p (p the coefficients), as lm reports them. */
  readonly rss: number;
  readonly residualDf: number;
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
  const built = buildDesign(meanNode, t.y, n, P);
  if (!built || built.deps.includes(s) || built.deps.length + 1 !== P || n <= built.deps.length) return undefined;
  const { cols, y } = built;
  const mean = { deps: built.deps, m: built.deps.length };
  // Large and well-conditioned (normal-equations.ts: scaled κ₁ ≤ 1e6): the normal equations with one refinement step
  // are as accurate and several times cheaper (three blocked passes over the columns in place, where QR copies the
  // design and sweeps it p times plus four double-double refinement steps). Small designs keep QR, as lm: their
  // solve costs little either way, and they include the NIST StRD problems (n ≤ 82, Longley κ(S) ≈ 1e8, Filip and
  // Wampler far beyond) whose certified digits only QR with refinement reaches.
  const ls: LeastSquares | NormalSolution =
    (n * mean.m * mean.m > 2e7 ? normalEquations(cols, y) : undefined) ?? leastSquaresQR(cols, y);
  if (ls.dependent.length || !ls.xtxInv) return undefined;
  const theta = new Float64Array(P);
  mean.deps.forEach((j, p) => {
    theta[j] = ls.coef[p];
  });
  const sigma2 = ls.rss / n;
  theta[s] = Math.sqrt(sigma2);
  const cov = Array.from({ length: P }, () => new Array<number>(P).fill(0));
  mean.deps.forEach((i, a) =>
    mean.deps.forEach((j, b) => {
      cov[i][j] = sigma2 * ls.xtxInv![a * mean.m + b];
    }),
  );
  cov[s][s] = sigma2 / (2 * n);
  // Information: σ̂⁻²XᵀX for the coefficients, 2n/σ̂² for σ. Formed from the columns, not by inverting
  // σ̂²(XᵀX)⁻¹: on a nearly collinear design that inverse has lost the small eigenvalues the collinearity warning
  // must see (κ² of them), while the cross-products keep them to relative accuracy in the scaled matrix.
  const info = new Float64Array(P * P);
  const xtx = (ls as Partial<NormalSolution>).gram ?? crossProducts(cols);
  mean.deps.forEach((i, a) =>
    mean.deps.forEach((j, b) => {
      info[i * P + j] = xtx[a * mean.m + b] / sigma2;
    }),
  );
  info[s * P + s] = (2 * n) / sigma2;
  // Score Xᵀr/σ̂² (σ's is zero at σ̂): one pass, so the reported gradient norm is measured, not assumed.
  let score = ls.score;
  if (!score) {
    score = new Float64Array(mean.m);
    for (let i = 0; i < n; i++) {
      let r = y[i];
      for (let k = 0; k < mean.m; k++) r -= cols[k][i] * ls.coef[k];
      for (let q = 0; q < mean.m; q++) score[q] += cols[q][i] * r;
    }
  }
  const grad = normalLinearGradient(score, ls.rss, n, theta[s], mean.deps, s, P);
  let g2 = 0;
  for (const j of mean.deps) g2 += grad[j] ** 2;
  const logLik = sigma2 > 0 ? -0.5 * n * (Math.log(2 * Math.PI * sigma2) + 1) : Infinity;
  return {
    theta,
    cov,
    sigmaIndex: s,
    logLik,
    info,
    gradNorm: Math.sqrt(g2),
    grad,
    rss: ls.rss,
    residualDf: n - mean.m,
  };
}

/**
 * The log-likelihood's natural-scale gradient at (β, σ) from the residuals' Xᵀr (`score`, ordered as `deps`) and RSS:
 * ∂ℓ/∂β = Xᵀr/σ², ∂ℓ/∂σ = (RSS/σ² − n)/σ (zero at σ̂² = RSS/n). At the estimate it stands in for a pass of the
 * likelihood program.
 */
export function normalLinearGradient(
  score: Float64Array,
  rss: number,
  n: number,
  sigma: number,
  deps: Int32Array,
  s: number,
  P: number,
): Float64Array {
  const grad = new Float64Array(P);
  const s2 = sigma * sigma;
  deps.forEach((j, q) => {
    grad[j] = score[q] / s2;
  });
  grad[s] = (rss / s2 - n) / sigma;
  return grad;
}

/** Design columns and y − offset: read directly for a sum of param·column terms, else from the AD slots at θ = 0. */
export function buildDesign(
  meanNode: Node,
  yNode: Node,
  n: number,
  P: number,
): { cols: Float64Array[]; y: Float64Array; deps: Int32Array } | undefined {
  const direct = yNode.op === 'data' ? directDesign(meanNode, n) : undefined;
  if (direct) {
    const y = Float64Array.from((yNode as { values: Float64Array }).values);
    if (direct.offset) for (let i = 0; i < n; i++) y[i] -= direct.offset[i];
    return { cols: direct.cols, y, deps: direct.deps };
  }
  const C = Math.max(1, Math.min(1024, n));
  const { slots, of } = compileSlots([meanNode, yNode], n, C);
  const mean = of.get(meanNode)!;
  const ySlot = of.get(yNode)!;
  // The left side must be data (a column, or a let of columns such as log(Volume)), and the mean linear.
  if (ySlot.m > 0 || !mean.linear) return undefined;
  const theta0 = new Float64Array(P);
  const cols = Array.from({ length: mean.m }, () => new Float64Array(n));
  const y = ySlot.fixed!.length === n ? Float64Array.from(ySlot.fixed!) : new Float64Array(n).fill(ySlot.fixed![0]);
  const sc = makeScratch(C);
  const valueOf = (sl: (typeof slots)[number], start: number, len: number): Float64Array =>
    sl.m > 0
      ? sl.val
      : sl.fixed!.length === 1
        ? new Float64Array(len).fill(sl.fixed![0])
        : sl.fixed!.subarray(start, start + len);
  for (let start = 0; start < n; start += C) {
    const len = Math.min(C, n - start);
    for (const sl of slots) evalSlot(sl, theta0, start, len, 1, valueOf, sc);
    const off = valueOf(mean, start, len);
    for (let i = 0; i < len; i++) y[start + i] -= off[i];
    for (let p = 0; p < mean.m; p++) cols[p].set(mean.d.subarray(p * C, p * C + len), start);
  }
  return { cols, y, deps: mean.deps };
}
