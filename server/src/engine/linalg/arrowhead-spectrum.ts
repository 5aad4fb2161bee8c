// Exact spectra of block-arrowhead problems from a small dense core: the scaled information and the scaled design.

import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { symmetricEigen } from './symmetric-eigen.ts';
import { triangularFactor } from './householder-qr.ts';
import { ARROW_MIN_P, type Arrow } from './arrowhead.ts';

/** Eigen- or singular values (largest first) with their vectors; an empty vector stands for a value exactly 1. */
export interface StructuredSpectrum {
  readonly values: number[];
  readonly vectors: Float64Array[];
}

/**
 * Orthonormal basis of the columns of X (m×k row-major) by Gram–Schmidt, twice (so it stays orthogonal to rounding):
 * X = Q T with Q m×r, T r×k; a column whose remainder is below 1e-13 of its norm adds no basis vector.
 */
function orthoBasis(X: Float64Array, m: number, k: number): { Q: Float64Array[]; T: Float64Array[] } {
  const Q: Float64Array[] = [];
  const T: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    const v = new Float64Array(m);
    for (let i = 0; i < m; i++) v[i] = X[i * k + c];
    let n0 = 0;
    for (let i = 0; i < m; i++) n0 += v[i] * v[i];
    for (let pass = 0; pass < 2; pass++)
      Q.forEach((q, r) => {
        let t = 0;
        for (let i = 0; i < m; i++) t += q[i] * v[i];
        for (let i = 0; i < m; i++) v[i] -= t * q[i];
        T[r][c] += t;
      });
    let nv = 0;
    for (let i = 0; i < m; i++) nv += v[i] * v[i];
    if (!(nv > 1e-26 * n0) || nv === 0) continue;
    const len = Math.sqrt(nv);
    for (let i = 0; i < m; i++) v[i] /= len;
    Q.push(v);
    const row = new Float64Array(k);
    row[c] = len;
    T.push(row);
  }
  return { Q, T };
}

/** Sorts value/vector pairs largest first. */
function sorted(pairs: { value: number; vector: Float64Array }[]): StructuredSpectrum {
  pairs.sort((a, b) => b.value - a.value);
  return { values: pairs.map((p) => p.value), vectors: pairs.map((p) => p.vector) };
}

/**
 * Eigen-decomposition of M = D·A·D (D = diag(A)^(−1/2), 1 where diag ≤ 0) for an arrowhead A. Its level block is
 * the identity, so M − I has rank ≤ 2s and lives in span{(Q_B, 0), (0, I_s)}, Q_B an orthonormal basis of B's
 * columns: M's eigenpairs are those of the (r + s)-square K = [[I, T], [Tᵀ, C]] (B = Q_B T) mapped back, plus
 * d − r eigenvalues 1, plus an eigenvalue 0 (vector e_j) for each all-zero row. `pinv(cut)` is Σ_{λ > cut} v vᵀ / λ
 * (P×P row-major), the dense pseudo-inverse, in O(d²·r). Undefined when a level's diagonal is not positive but its
 * row is not zero (not an information matrix at a maximum: the dense path decides).
 */
export function arrowScaledEigen(
  A: Float64Array,
  P: number,
  arrow: Arrow,
  scale: Float64Array,
): (StructuredSpectrum & { pinv: (cut: number) => Float64Array }) | undefined {
  const { shared } = arrow;
  const s = shared.length;
  const zero: number[] = [];
  const live: number[] = [];
  for (const i of arrow.diag) {
    if (A[i * P + i] > 0) {
      live.push(i);
      continue;
    }
    for (const j of shared) if (A[i * P + j] !== 0) return undefined;
    if (A[i * P + i] !== 0) return undefined;
    zero.push(i);
  }
  const d = live.length;
  const Bs = new Float64Array(d * s);
  live.forEach((i, a) => shared.forEach((j, k) => (Bs[a * s + k] = A[i * P + j] * scale[i] * scale[j])));
  const { Q, T } = orthoBasis(Bs, d, s);
  const r = Q.length;
  const m = r + s;
  const K = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let a = 0; a < r; a++) K[a][a] = 1;
  for (let a = 0; a < r; a++)
    for (let k = 0; k < s; k++) {
      K[a][r + k] = T[a][k];
      K[r + k][a] = T[a][k];
    }
  shared.forEach((i, k) => shared.forEach((j, l) => (K[r + k][r + l] = A[i * P + j] * scale[i] * scale[j])));
  const e = symmetricEigen(K);
  const lam = e.realEigenvalues;
  const Y = e.eigenvectorMatrix;
  const pairs: { value: number; vector: Float64Array }[] = [];
  for (let t = 0; t < m; t++) {
    const v = new Float64Array(P);
    for (let a = 0; a < r; a++) {
      const y = Y.get(a, t);
      if (y !== 0) live.forEach((i, b) => (v[i] += Q[a][b] * y));
    }
    shared.forEach((i, k) => (v[i] = Y.get(r + k, t)));
    pairs.push({ value: lam[t], vector: v });
  }
  for (let t = 0; t < d - r; t++) pairs.push({ value: 1, vector: new Float64Array(0) });
  for (const i of zero) {
    const v = new Float64Array(P);
    v[i] = 1;
    pairs.push({ value: 0, vector: v });
  }
  const pinv = (cut: number): Float64Array => {
    // X = Σ_{λ > cut} y yᵀ / λ over K's eigenpairs.
    const X = new Float64Array(m * m);
    for (let t = 0; t < m; t++) {
      if (!(lam[t] > cut)) continue;
      for (let a = 0; a < m; a++) {
        const ya = Y.get(a, t) / lam[t];
        if (ya !== 0) for (let b = 0; b < m; b++) X[a * m + b] += ya * Y.get(b, t);
      }
    }
    const out = new Float64Array(P * P);
    shared.forEach((i, k) => shared.forEach((j, l) => (out[i * P + j] = X[(r + k) * m + r + l])));
    // Level rows in the basis: W = Q_B (X_BB − I) (d×r), then I + W Q_Bᵀ on the level block (the unit eigenvalues
    // contribute I − Q_B Q_Bᵀ, K's the rest), Q_B X_BS across.
    const W = new Float64Array(d * r);
    const Xs = new Float64Array(d * s);
    for (let b = 0; b < d; b++) {
      for (let a = 0; a < r; a++) {
        let t = 0;
        for (let c = 0; c < r; c++) t += Q[c][b] * (X[c * m + a] - (c === a ? 1 : 0));
        W[b * r + a] = t;
      }
      for (let k = 0; k < s; k++) {
        let t = 0;
        for (let c = 0; c < r; c++) t += Q[c][b] * X[c * m + r + k];
        Xs[b * s + k] = t;
      }
    }
    for (let b = 0; b < d; b++) {
      const i = live[b];
      shared.forEach((j, k) => {
        out[i * P + j] = Xs[b * s + k];
        out[j * P + i] = Xs[b * s + k];
      });
      for (let c = b; c < d; c++) {
        let t = c === b ? 1 : 0;
        for (let a = 0; a < r; a++) t += W[b * r + a] * Q[a][c];
        out[i * P + live[c]] = t;
        out[live[c] * P + i] = t;
      }
    }
    return out;
  };
  return { ...sorted(pairs), pinv };
}

/** Each column's nonzero rows, ascending. */
export function supports(cols: readonly Float64Array[]): Int32Array[] {
  const at = new Int32Array(cols.length ? cols[0].length : 0);
  return cols.map((c) => {
    let k = 0;
    for (let i = 0; i < c.length; i++) if (c[i] !== 0) at[k++] = i;
    return at.slice(0, k);
  });
}

/**
 * Columns with pairwise disjoint supports (a factor's level columns in a Jacobian), chosen greedily by increasing
 * support size, and the rest. Undefined when fewer than ARROW_MIN_P columns or the rest is more than a third.
 */
export function disjointColumns(support: readonly Int32Array[], rows: number): Arrow | undefined {
  const P = support.length;
  if (P < ARROW_MIN_P) return undefined;
  const order = Array.from({ length: P }, (_, j) => j).sort((a, b) => support[a].length - support[b].length || a - b);
  const taken = new Uint8Array(rows);
  const inD = new Uint8Array(P);
  let d = 0;
  for (const j of order) {
    const at = support[j];
    if (at.length > rows / 2) continue;
    let free = true;
    for (let q = 0; q < at.length && free; q++) if (taken[at[q]]) free = false;
    if (!free) continue;
    for (let q = 0; q < at.length; q++) taken[at[q]] = 1;
    inD[j] = 1;
    d++;
  }
  if (3 * (P - d) > P) return undefined;
  const diag = Int32Array.from({ length: P }, (_, j) => j).filter((j) => inD[j] === 1);
  const shared = Int32Array.from({ length: P }, (_, j) => j).filter((j) => inD[j] === 0);
  return { diag, shared };
}

/**
 * Singular values and right singular vectors of X = [L | S] with every column already scaled to unit norm (or
 * zero), L's columns disjoint. X = [L, Q_S]·[[I, E], [0, R_S]] with E = LᵀS and S − L E = Q_S R_S; E = Q_E T
 * makes the triangle orthogonally equivalent to diag(K, I_{d−r}) with K = [[I, T], [0, R_S]]: K's SVD gives the
 * others (no cross-product is formed, so κ stays unsquared), each zero column a singular value 0.
 */
export function disjointSpectrum(
  scaled: readonly Float64Array[],
  arrow: Arrow,
  support: readonly Int32Array[],
): StructuredSpectrum {
  const P = scaled.length;
  const live = [...arrow.diag].filter((j) => support[j].length > 0);
  const zero = [...arrow.diag].filter((j) => support[j].length === 0);
  const shared = [...arrow.shared];
  const s = shared.length;
  const d = live.length;
  // E = Lᵀ S (d×s) and the remainders S − L E, projected out twice (classical Gram–Schmidt, reorthogonalised).
  const E = new Float64Array(d * s);
  const rest = shared.map((j) => Float64Array.from(scaled[j]));
  for (let pass = 0; pass < 2; pass++)
    live.forEach((j, a) => {
      const l = scaled[j];
      const at = support[j];
      rest.forEach((c, k) => {
        let t = 0;
        for (let q = 0; q < at.length; q++) t += l[at[q]] * c[at[q]];
        if (t === 0) return;
        E[a * s + k] += t;
        for (let q = 0; q < at.length; q++) c[at[q]] -= t * l[at[q]];
      });
    });
  const Rs = triangularFactor(rest);
  const { Q, T } = orthoBasis(E, d, s);
  const r = Q.length;
  const m = r + s;
  const K = new Matrix(m, m);
  for (let a = 0; a < r; a++) {
    K.set(a, a, 1);
    for (let k = 0; k < s; k++) K.set(a, r + k, T[a][k]);
  }
  for (let k = 0; k < s; k++) for (let l = 0; l < s; l++) K.set(r + k, r + l, Rs[k * s + l]);
  const svd = new SingularValueDecomposition(K, { autoTranspose: true });
  const V = svd.rightSingularVectors;
  const pairs: { value: number; vector: Float64Array }[] = svd.diagonal.map((sv, t) => {
    const v = new Float64Array(P);
    for (let a = 0; a < r; a++) {
      const y = V.get(a, t);
      if (y !== 0) live.forEach((j, b) => (v[j] += Q[a][b] * y));
    }
    shared.forEach((j, k) => (v[j] = V.get(r + k, t)));
    return { value: sv, vector: v };
  });
  for (let t = 0; t < d - r; t++) pairs.push({ value: 1, vector: new Float64Array(0) });
  for (const j of zero) {
    const v = new Float64Array(P);
    v[j] = 1;
    pairs.push({ value: 0, vector: v });
  }
  return sorted(pairs);
}
