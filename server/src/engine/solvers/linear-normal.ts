// The Normal linear model solved by QR (as R's lm): exact coefficients and (XᵀX)⁻¹ without forming XᵀX.

import type { EngineModel, Node, Term } from '../model.ts';
import { directDesign } from './linear-design.ts';
import { compileSlots } from '../eval/slots.ts';
import { evalSlot, makeScratch } from '../eval/kernels.ts';
import { leastSquaresQR, type LeastSquares } from '../linalg/householder-qr.ts';
import { cholesky, cholSolve } from '../optimize/cholesky.ts';
import { arrowFactor, arrowInverse, arrowSolve, arrowStructure } from '../linalg/arrowhead.ts';

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
  // Large and well-conditioned: the normal equations are as accurate and several times cheaper; else QR (as lm).
  const ls = (n * mean.m * mean.m > 2e7 ? normalEquations(cols, y) : undefined) ?? leastSquaresQR(cols, y);
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
  const xtx = crossProducts(cols);
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
  let g2 = 0;
  for (let q = 0; q < mean.m; q++) g2 += (score[q] / sigma2) ** 2;
  const logLik = sigma2 > 0 ? -0.5 * n * (Math.log(2 * Math.PI * sigma2) + 1) : Infinity;
  return { theta, cov, sigmaIndex: s, logLik, info, gradNorm: Math.sqrt(g2), rss: ls.rss, residualDf: n - mean.m };
}

/** XᵀX (p×p row-major) from the columns, one pass over the rows' nonzeros. */
function crossProducts(cols: readonly Float64Array[]): Float64Array {
  const p = cols.length;
  const n = p ? cols[0].length : 0;
  const G = new Float64Array(p * p);
  const sp = sparseRows(cols, n);
  if (sp) {
    const { ptr, idx, val } = sp;
    for (let i = 0; i < n; i++)
      for (let a = ptr[i]; a < ptr[i + 1]; a++) {
        const j = idx[a];
        const xj = val[a];
        for (let b = a; b < ptr[i + 1]; b++) G[j * p + idx[b]] += xj * val[b];
      }
  } else {
    const row = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) row[j] = cols[j][i];
      for (let j = 0; j < p; j++) {
        const xj = row[j];
        if (xj !== 0) for (let k = j; k < p; k++) G[j * p + k] += xj * row[k];
      }
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) G[j * p + k] = G[k * p + j];
  return G;
}

/**
 * The design's nonzeros by row (compressed sparse rows, columns ascending), read column by column, or undefined when
 * more than half the entries are nonzero (the dense loops are then faster). A factor's
 * indicator columns are zero but for one level per row, so every per-row product below costs O(nonzeros), not
 * O(p): cross-products O(nonzeros²) a row instead of O(p²). Skipping zeros leaves every sum bitwise unchanged.
 */
function sparseRows(
  cols: readonly Float64Array[],
  n: number,
): { ptr: Int32Array; idx: Int32Array; val: Float64Array } | undefined {
  const ptr = new Int32Array(n + 1);
  for (const c of cols) for (let i = 0; i < n; i++) if (c[i] !== 0) ptr[i + 1]++;
  for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
  // A dense design (no factor, or a few levels) is quicker read straight from its columns: building the compressed
  // rows cost 2 s on 1M × 11, where the dense pass takes a tenth of that.
  if (ptr[n] > (n * cols.length) / 2) return undefined;
  const fill = ptr.slice(0, n);
  const idx = new Int32Array(ptr[n]);
  const val = new Float64Array(ptr[n]);
  cols.forEach((c, j) => {
    for (let i = 0; i < n; i++)
      if (c[i] !== 0) {
        idx[fill[i]] = j;
        val[fill[i]++] = c[i];
      }
  });
  return { ptr, idx, val };
}

/**
 * XᵀX and Xᵀy in one pass over the rows, solved by Cholesky of the diagonally scaled matrix, plus one step of
 * refinement. Declines (undefined) when the scaled matrix's condition estimate exceeds 1e6: relative error is about
 * cond·ε, and past that QR keeps more digits.
 */
function normalEquations(cols: readonly Float64Array[], y: Float64Array): LeastSquares | undefined {
  const p = cols.length;
  const n = y.length;
  const G = new Float64Array(p * p);
  const b = new Float64Array(p);
  const sp = sparseRows(cols, n);
  if (sp) {
    const { ptr, idx, val } = sp;
    for (let i = 0; i < n; i++) {
      const yi = y[i];
      for (let a = ptr[i]; a < ptr[i + 1]; a++) {
        const j = idx[a];
        const xj = val[a];
        b[j] += xj * yi;
        for (let q = a; q < ptr[i + 1]; q++) G[j * p + idx[q]] += xj * val[q];
      }
    }
  } else {
    const row = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) row[j] = cols[j][i];
      const yi = y[i];
      for (let j = 0; j < p; j++) {
        const xj = row[j];
        b[j] += xj * yi;
        for (let k = j; k < p; k++) G[j * p + k] += xj * row[k];
      }
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) G[j * p + k] = G[k * p + j];
  const sc = Float64Array.from({ length: p }, (_, j) => (G[j * p + j] > 0 ? 1 / Math.sqrt(G[j * p + j]) : 0));
  if (sc.some((x) => x === 0)) return undefined;
  const S = G.map((v, idx) => v * sc[Math.floor(idx / p)] * sc[idx % p]);
  // A factor's levels make S an arrowhead (level diagonal + numeric block): factored by the Schur complement.
  const arrow = arrowStructure(S, p);
  const fac = arrow ? arrowFactor(S, p, arrow) : undefined;
  if (arrow && !fac) return undefined;
  const L = fac ? new Float64Array(0) : new Float64Array(p * p);
  if (!fac && !cholesky(S, p, 0, L)) return undefined;
  let dmax = 0;
  let dmin = Infinity;
  // The Cholesky factor's diagonal (of the level block, √δ, and of the Schur complement's) estimates the condition.
  const pivots = fac
    ? [
        ...Array.from(fac.delta, Math.sqrt),
        ...Array.from({ length: fac.arrow.shared.length }, (_, k) => fac.L[k * fac.arrow.shared.length + k]),
      ]
    : Array.from({ length: p }, (_, j) => L[j * p + j]);
  for (const x of pivots) {
    dmax = Math.max(dmax, x);
    dmin = Math.min(dmin, x);
  }
  if ((dmax / dmin) ** 2 > 1e6) return undefined;
  const solve = (rhs: Float64Array): Float64Array => {
    const z = new Float64Array(p);
    const scaled = rhs.map((v, j) => v * sc[j]);
    if (fac) arrowSolve(fac, scaled, z);
    else cholSolve(L, p, scaled, z);
    return z.map((v, j) => v * sc[j]);
  };
  const coef = solve(b);
  // One refinement step: the residual's projection Xᵀr, solved again, removes most of the rounding of the first solve.
  const xr = new Float64Array(p);
  residuals(cols, y, sp, coef, xr);
  const delta = solve(xr);
  for (let j = 0; j < p; j++) coef[j] += delta[j];
  // Final residuals: their sum of squares and their projection Xᵀr (the score), in one pass.
  const score = new Float64Array(p);
  const rss = residuals(cols, y, sp, coef, score);
  let xtxInv: Float64Array;
  if (fac) {
    xtxInv = arrowInverse(fac, p);
    for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) xtxInv[j * p + k] *= sc[j] * sc[k];
  } else {
    xtxInv = new Float64Array(p * p);
    const e = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      e.fill(0);
      e[j] = 1;
      solve(e).forEach((v, k) => {
        xtxInv[k * p + j] = v;
      });
    }
  }
  return { coef, rss, xtxInv, dependent: [], score };
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

/** One pass over the residuals r = y − X·coef: adds Xᵀr to `xr` and returns Σr², over the nonzeros or the columns. */
function residuals(
  cols: readonly Float64Array[],
  y: Float64Array,
  sp: ReturnType<typeof sparseRows>,
  coef: Float64Array,
  xr: Float64Array,
): number {
  const n = y.length;
  const p = cols.length;
  let rss = 0;
  if (sp) {
    const { ptr, idx, val } = sp;
    for (let i = 0; i < n; i++) {
      let r = y[i];
      for (let a = ptr[i]; a < ptr[i + 1]; a++) r -= val[a] * coef[idx[a]];
      rss += r * r;
      for (let a = ptr[i]; a < ptr[i + 1]; a++) xr[idx[a]] += val[a] * r;
    }
    return rss;
  }
  for (let i = 0; i < n; i++) {
    let r = y[i];
    for (let j = 0; j < p; j++) r -= cols[j][i] * coef[j];
    rss += r * r;
    for (let j = 0; j < p; j++) xr[j] += cols[j][i] * r;
  }
  return rss;
}
