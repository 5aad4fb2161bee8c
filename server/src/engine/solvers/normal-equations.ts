// Least squares by the normal equations with one refinement step, for large well-conditioned designs (else QR).

import type { LeastSquares } from '../linalg/householder-qr.ts';
import { cholesky, cholSolve } from '../optimize/cholesky.ts';
import { arrowFactor, arrowInverse, arrowSolve, arrowStructure } from '../linalg/arrowhead.ts';
import { gramPass, residualPass } from './gram-pass.ts';

/**
 * Largest 1-norm condition number κ₁(S) = ‖S‖₁‖S⁻¹‖₁ of the column-scaled XᵀX (unit diagonal) that is solved here.
 * κ(S) = κ(X)²; the first Cholesky solve is accurate to about κ(S)·ε, the refinement step (Björck's corrected
 * semi-normal equations with the Cholesky factor) contracts that error by another κ(S)·ε, and what remains is the
 * rounding of r = y − Xb seen through S⁻¹: about κ(S)·ε ≤ 1e6 · 1.1e-16 ≈ 1e-10 relative, far below the 1e-8 to
 * which the fits agree with R's lm. Past it QR (R's method) keeps more digits and is used instead.
 */
export const MAX_SCALED_CONDITION = 1e6;

/** The normal equations' solution, with XᵀX (p×p row-major, both triangles) for the information. */
export interface NormalSolution extends LeastSquares {
  readonly gram: Float64Array;
}

/**
 * XᵀX and Xᵀy in one blocked pass over the columns in place, Cholesky of the diagonally scaled matrix, then one
 * refinement step (Björck's corrected semi-normal equations): r = y − Xb, ‖r‖² and Xᵀr in a second pass, δ from the
 * same factor, b += δ; the refined RSS and score Xᵀr follow from that pass in closed form. Undefined when the
 * scaled matrix is not positive definite or κ₁ > MAX_SCALED_CONDITION: the caller then uses Householder QR, which
 * also names the dependent columns of a collinear design; nothing collinear is solved here.
 */
export function normalEquations(cols: readonly Float64Array[], y: Float64Array): NormalSolution | undefined {
  const p = cols.length;
  const n = y.length;
  const sp = sparseRows(cols, n);
  const G = new Float64Array(p * p);
  const b = new Float64Array(p);
  if (sp) sparseGram(sp, n, p, G, y, b);
  else {
    // y as a last column: Xᵀy is the Gram matrix's last column.
    const Gy = new Float64Array((p + 1) * (p + 1));
    gramPass([...cols, y], 0, n, Gy, p + 1);
    for (let j = 0; j < p; j++) {
      for (let k = j; k < p; k++) G[j * p + k] = Gy[j * (p + 1) + k];
      b[j] = Gy[j * (p + 1) + p];
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) G[j * p + k] = G[k * p + j];
  const sc = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    if (!(G[j * p + j] > 0)) return undefined;
    sc[j] = 1 / Math.sqrt(G[j * p + j]);
  }
  const S = G.map((v, idx) => v * sc[Math.floor(idx / p)] * sc[idx % p]);
  // A factor's levels make S an arrowhead (level diagonal + numeric block): factored by the Schur complement.
  const arrow = arrowStructure(S, p);
  const fac = arrow ? arrowFactor(S, p, arrow) : undefined;
  if (arrow && !fac) return undefined;
  const L = fac ? new Float64Array(0) : new Float64Array(p * p);
  if (!fac && !cholesky(S, p, 0, L)) return undefined;
  const z = new Float64Array(p);
  const solve = (rhs: Float64Array): Float64Array => {
    const scaled = rhs.map((v, j) => v * sc[j]);
    if (fac) arrowSolve(fac, scaled, z);
    else cholSolve(L, p, scaled, z);
    return z.map((v, j) => v * sc[j]);
  };
  // S⁻¹ serves the covariance and the condition estimate, before any further pass over the data.
  let Sinv: Float64Array;
  if (fac) Sinv = arrowInverse(fac, p);
  else {
    Sinv = new Float64Array(p * p);
    const e = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      e.fill(0);
      e[j] = 1;
      cholSolve(L, p, e, z);
      for (let k = 0; k < p; k++) Sinv[k * p + j] = z[k];
    }
  }
  if (norm1(S, p) * norm1(Sinv, p) > MAX_SCALED_CONDITION) return undefined;
  const coef = solve(b);
  // One refinement step: the residual's projection Xᵀr, solved again, removes most of the rounding of the first solve.
  const xr = new Float64Array(p);
  const rss0 = sp ? sparseResiduals(sp, y, coef, xr) : residualPass(cols, y, coef, 0, n, xr);
  const delta = solve(xr);
  for (let j = 0; j < p; j++) coef[j] += delta[j];
  // The model is linear, so the refined point's score and RSS follow exactly from that pass, without a third one:
  // Xᵀr(b + δ) = Xᵀr − Gδ and ‖r − Xδ‖² = ‖r‖² − 2δᵀXᵀr + δᵀGδ (the correction is ~κ·ε of ‖r‖², so no cancellation).
  const score = new Float64Array(p);
  let dGd = 0;
  let dXr = 0;
  for (let j = 0; j < p; j++) {
    let gd = 0;
    for (let k = 0; k < p; k++) gd += G[j * p + k] * delta[k];
    score[j] = xr[j] - gd;
    dGd += delta[j] * gd;
    dXr += delta[j] * xr[j];
  }
  const rss = Math.max(0, rss0 - 2 * dXr + dGd);
  const xtxInv = Sinv;
  for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) xtxInv[j * p + k] *= sc[j] * sc[k];
  return { coef, rss, xtxInv, dependent: [], score, gram: G };
}

/** ‖A‖₁: the largest absolute column sum (A p×p, row-major); NaN propagates, so a NaN inverse declines. */
function norm1(A: Float64Array, p: number): number {
  let m = 0;
  for (let k = 0; k < p; k++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += Math.abs(A[j * p + k]);
    if (!(s <= m)) m = s;
  }
  return m;
}

/** XᵀX (p×p row-major, both triangles) from the columns: over the rows' nonzeros for a factor design, else blocked. */
export function crossProducts(cols: readonly Float64Array[]): Float64Array {
  const p = cols.length;
  const n = p ? cols[0].length : 0;
  const G = new Float64Array(p * p);
  const sp = sparseRows(cols, n);
  if (sp) sparseGram(sp, n, p, G);
  else gramPass(cols, 0, n, G, p);
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) G[j * p + k] = G[k * p + j];
  return G;
}

interface SparseRows {
  readonly ptr: Int32Array;
  readonly idx: Int32Array;
  readonly val: Float64Array;
}

/**
 * The design's nonzeros by row (compressed sparse rows, columns ascending), read column by column, or undefined when
 * more than half the entries are nonzero (the dense blocked pass is then faster). A factor's indicator columns are
 * zero but for one level per row, so every per-row product costs O(nonzeros), not O(p): cross-products
 * O(nonzeros²) a row instead of O(p²). Skipping zeros leaves every sum bitwise unchanged.
 */
function sparseRows(cols: readonly Float64Array[], n: number): SparseRows | undefined {
  // The density is decided on an evenly spaced sample of at most 4096 rows: a dense design (no factor, or a few
  // levels) never reads all its entries for it (a full count took ~20 ms on 1M × 11). Either way the sums are the same
  // up to rounding; only the speed depends on the choice.
  const stride = Math.max(1, Math.floor(n / 4096));
  let nnz = 0;
  let seen = 0;
  for (const c of cols)
    for (let i = 0; i < n; i += stride) {
      seen++;
      if (c[i] !== 0) nnz++;
    }
  if (nnz > seen / 2) return undefined;
  const ptr = new Int32Array(n + 1);
  for (const c of cols) for (let i = 0; i < n; i++) if (c[i] !== 0) ptr[i + 1]++;
  for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
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

/** XᵀX's upper triangle into G (and Xᵀy into b when y is given) over the rows' nonzeros. */
function sparseGram(sp: SparseRows, n: number, p: number, G: Float64Array, y?: Float64Array, b?: Float64Array): void {
  const { ptr, idx, val } = sp;
  for (let i = 0; i < n; i++) {
    const yi = y ? y[i] : 0;
    for (let a = ptr[i]; a < ptr[i + 1]; a++) {
      const j = idx[a];
      const xj = val[a];
      if (b) b[j] += xj * yi;
      for (let q = a; q < ptr[i + 1]; q++) G[j * p + idx[q]] += xj * val[q];
    }
  }
}

/** One pass over r = y − X·coef on the nonzeros: adds Xᵀr to `xr` and returns Σr². */
function sparseResiduals(sp: SparseRows, y: Float64Array, coef: Float64Array, xr: Float64Array): number {
  const { ptr, idx, val } = sp;
  let rss = 0;
  for (let i = 0; i < y.length; i++) {
    let r = y[i];
    for (let a = ptr[i]; a < ptr[i + 1]; a++) r -= val[a] * coef[idx[a]];
    rss += r * r;
    for (let a = ptr[i]; a < ptr[i + 1]; a++) xr[idx[a]] += val[a] * r;
  }
  return rss;
}
