// Block-arrowhead symmetric matrices (a diagonal block of factor levels + a dense shared block): solve, inverse, extremes.

import { cholesky, cholSolve } from '../optimize/cholesky.ts';

/**
 * A split of the indices 0..P−1 of a symmetric matrix A into `diag`, whose entries between each other are all zero
 * (A_DD is diagonal: the levels of one factor, each touching its own rows), and `shared`, the rest (the intercept,
 * slopes, σ). A = [[Δ, B], [Bᵀ, C]] after permuting D first.
 */
export interface Arrow {
  readonly diag: Int32Array;
  readonly shared: Int32Array;
}

/** Below this many parameters the dense path is as fast and the structure is not looked for. */
export const ARROW_MIN_P = 48;

/**
 * Greedy split by the zero pattern (exact zeros, O(P²)): indices are taken into D in order of increasing
 * off-diagonal count when none of their neighbours is in D yet. Undefined when it would not pay: P below
 * ARROW_MIN_P, or the shared block larger than a third of P (then d·s² is no longer far below P³/3).
 */
export function arrowStructure(A: Float64Array, P: number): Arrow | undefined {
  if (P < ARROW_MIN_P) return undefined;
  const degree = new Int32Array(P);
  for (let i = 0; i < P; i++) {
    let c = 0;
    for (let j = 0; j < P; j++) if (j !== i && A[i * P + j] !== 0) c++;
    degree[i] = c;
  }
  const order = Array.from({ length: P }, (_, i) => i).sort((a, b) => degree[a] - degree[b] || a - b);
  const inD = new Uint8Array(P);
  let d = 0;
  for (const i of order) {
    // A row with more neighbours than a third of P is shared (it would keep most others out of D).
    if (degree[i] > P / 3 + 1) continue;
    let free = true;
    for (let j = 0; j < P && free; j++) if (j !== i && inD[j] && A[i * P + j] !== 0) free = false;
    if (free) {
      inD[i] = 1;
      d++;
    }
  }
  const s = P - d;
  if (3 * s > P) return undefined;
  const diag = new Int32Array(d);
  const shared = new Int32Array(s);
  for (let i = 0, a = 0, b = 0; i < P; i++)
    if (inD[i]) diag[a++] = i;
    else shared[b++] = i;
  return { diag, shared };
}

/** A factorisation of an arrowhead matrix: Δ, B (d×s row-major), the Schur complement's Cholesky factor. */
export interface ArrowFactor {
  readonly arrow: Arrow;
  readonly delta: Float64Array;
  readonly B: Float64Array;
  /** Cholesky factor of S = C − Bᵀ Δ⁻¹ B (s×s row-major, lower). */
  readonly L: Float64Array;
}

/**
 * Factors A + shift·(|diag A| + floor) the way Newton's Marquardt step does (shift 0: A itself): Δ > 0 and the
 * Schur complement positive definite, which holds exactly when A is (so it fails where dense Cholesky fails).
 */
export function arrowFactor(A: Float64Array, P: number, arrow: Arrow, shift = 0, floor = 0): ArrowFactor | undefined {
  const { diag, shared } = arrow;
  const d = diag.length;
  const s = shared.length;
  const bump = (i: number): number => A[i * P + i] + (shift > 0 ? shift * (Math.abs(A[i * P + i]) + floor) : 0);
  const delta = new Float64Array(d);
  const B = new Float64Array(d * s);
  const S = new Float64Array(s * s);
  for (let k = 0; k < s; k++)
    for (let l = 0; l < s; l++) S[k * s + l] = k === l ? bump(shared[k]) : A[shared[k] * P + shared[l]];
  for (let a = 0; a < d; a++) {
    const i = diag[a];
    const di = bump(i);
    if (!(di > 0) || !Number.isFinite(di)) return undefined;
    delta[a] = di;
    const row = a * s;
    for (let k = 0; k < s; k++) B[row + k] = A[i * P + shared[k]];
    // S −= b bᵀ / δ (upper triangle, mirrored below).
    for (let k = 0; k < s; k++) {
      const bk = B[row + k] / di;
      if (bk === 0) continue;
      for (let l = k; l < s; l++) S[k * s + l] -= bk * B[row + l];
    }
  }
  for (let k = 0; k < s; k++) for (let l = 0; l < k; l++) S[k * s + l] = S[l * s + k];
  const L = new Float64Array(s * s);
  if (s > 0 && !cholesky(S, s, 0, L)) return undefined;
  return { arrow, delta, B, L };
}

/** Solves A x = b with a factorisation (b and x of length P; x may not alias b). */
export function arrowSolve(f: ArrowFactor, b: Float64Array, x: Float64Array): void {
  const { arrow, delta, B, L } = f;
  const { diag, shared } = arrow;
  const d = diag.length;
  const s = shared.length;
  const r = new Float64Array(s);
  for (let k = 0; k < s; k++) r[k] = b[shared[k]];
  for (let a = 0; a < d; a++) {
    const t = b[diag[a]] / delta[a];
    if (t !== 0) for (let k = 0; k < s; k++) r[k] -= B[a * s + k] * t;
  }
  const xs = new Float64Array(s);
  if (s > 0) cholSolve(L, s, r, xs);
  for (let k = 0; k < s; k++) x[shared[k]] = xs[k];
  for (let a = 0; a < d; a++) {
    let t = b[diag[a]];
    for (let k = 0; k < s; k++) t -= B[a * s + k] * xs[k];
    x[diag[a]] = t / delta[a];
  }
}

/**
 * The full inverse (P×P row-major) by the block formula: S⁻¹ for the shared block, −Δ⁻¹ B S⁻¹ across, and
 * Δ⁻¹ + Δ⁻¹ B S⁻¹ Bᵀ Δ⁻¹ for the level block: O(d²·s) instead of O(P³).
 */
export function arrowInverse(f: ArrowFactor, P: number): Float64Array {
  const { arrow, delta, B, L } = f;
  const { diag, shared } = arrow;
  const d = diag.length;
  const s = shared.length;
  const Sinv = new Float64Array(s * s);
  const e = new Float64Array(s);
  const col = new Float64Array(s);
  for (let k = 0; k < s; k++) {
    e.fill(0);
    e[k] = 1;
    cholSolve(L, s, e, col);
    for (let l = 0; l < s; l++) Sinv[l * s + k] = col[l];
  }
  // Z = Δ⁻¹ B S⁻¹ (d×s).
  const Z = new Float64Array(d * s);
  for (let a = 0; a < d; a++)
    for (let k = 0; k < s; k++) {
      let t = 0;
      for (let l = 0; l < s; l++) t += B[a * s + l] * Sinv[l * s + k];
      Z[a * s + k] = t / delta[a];
    }
  const out = new Float64Array(P * P);
  for (let k = 0; k < s; k++) for (let l = 0; l < s; l++) out[shared[k] * P + shared[l]] = Sinv[k * s + l];
  for (let a = 0; a < d; a++) {
    const i = diag[a];
    for (let k = 0; k < s; k++) {
      out[i * P + shared[k]] = -Z[a * s + k];
      out[shared[k] * P + i] = -Z[a * s + k];
    }
    // (Δ⁻¹ B S⁻¹ Bᵀ Δ⁻¹)_ac = Z_a · B_c / δ_c.
    for (let c = a; c < d; c++) {
      let t = 0;
      for (let k = 0; k < s; k++) t += Z[a * s + k] * B[c * s + k];
      t /= delta[c];
      if (c === a) t += 1 / delta[a];
      out[i * P + diag[c]] = t;
      out[diag[c] * P + i] = t;
    }
  }
  return out;
}

/**
 * Number of eigenvalues of A below λ, by Sylvester's law through the block LDLᵀ: the negative entries of Δ − λ plus
 * the negative pivots of the Schur complement C − λ − Bᵀ(Δ − λ)⁻¹B (Haynsworth inertia additivity).
 */
function countBelow(A: Float64Array, P: number, arrow: Arrow, lambda: number, S: Float64Array): number {
  const { diag, shared } = arrow;
  const d = diag.length;
  const s = shared.length;
  let count = 0;
  for (let k = 0; k < s; k++)
    for (let l = 0; l < s; l++) S[k * s + l] = A[shared[k] * P + shared[l]] - (k === l ? lambda : 0);
  for (let a = 0; a < d; a++) {
    const i = diag[a];
    let di = A[i * P + i] - lambda;
    // Exactly on a pole: nudge (the count is then that of a neighbouring λ, as rounding would give anyway).
    if (di === 0) di = -1e-300;
    if (di < 0) count++;
    for (let k = 0; k < s; k++) {
      const bk = A[i * P + shared[k]] / di;
      if (bk === 0) continue;
      for (let l = k; l < s; l++) S[k * s + l] -= bk * A[i * P + shared[l]];
    }
  }
  // LDLᵀ without pivoting on the upper triangle.
  for (let k = 0; k < s; k++) {
    const p = S[k * s + k];
    if (p < 0) count++;
    if (p === 0) continue;
    for (let l = k + 1; l < s; l++) {
      const f = S[k * s + l] / p;
      if (f === 0) continue;
      for (let m = l; m < s; m++) S[l * s + m] -= f * S[k * s + m];
    }
  }
  return count;
}

/** The smallest and largest eigenvalue of an arrowhead matrix, by bisection on the inertia (to rounding). */
export function arrowExtremeEigen(A: Float64Array, P: number, arrow: Arrow): { min: number; max: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < P; i++) {
    let r = 0;
    for (let j = 0; j < P; j++) if (j !== i) r += Math.abs(A[i * P + j]);
    lo = Math.min(lo, A[i * P + i] - r);
    hi = Math.max(hi, A[i * P + i] + r);
  }
  const S = new Float64Array(arrow.shared.length ** 2);
  // λ_k is the point where countBelow passes k − 1 → k; bisect until the interval stops shrinking.
  const bisect = (k: number): number => {
    let a = lo;
    let b = hi;
    for (let it = 0; it < 200; it++) {
      const m = 0.5 * (a + b);
      if (m <= a || m >= b) break;
      if (countBelow(A, P, arrow, m, S) >= k) b = m;
      else a = m;
    }
    return 0.5 * (a + b);
  };
  return { min: bisect(1), max: bisect(P) };
}

/**
 * Solves A x = b for a symmetric positive definite A (P×P row-major): through the arrowhead blocks when A has that
 * structure (O(P² + d·s²)), else by dense Cholesky into the scratch L (P²). False when A is not positive definite.
 */
export function spdSolve(A: Float64Array, P: number, b: Float64Array, x: Float64Array, L: Float64Array): boolean {
  const arrow = arrowStructure(A, P);
  if (arrow) {
    const f = arrowFactor(A, P, arrow);
    if (!f) return false;
    arrowSolve(f, b, x);
    return true;
  }
  if (!cholesky(A, P, 0, L)) return false;
  cholSolve(L, P, b, x);
  return true;
}
