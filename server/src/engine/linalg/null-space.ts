// Unit-invariant (near-)null spaces of a design or an information matrix, and a sparse readable basis by RREF.

import { symmetricEigen } from './symmetric-eigen.ts';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { triangularFactor } from './householder-qr.ts';
import { ARROW_MIN_P, arrowStructure } from './arrowhead.ts';
import { arrowScaledEigen, disjointColumns, disjointSpectrum, supports } from './arrowhead-spectrum.ts';

export interface ScaledSpectrum {
  /** Singular values of the design with every column scaled to unit norm, largest first. */
  readonly singular: number[];
  /**
   * Right singular vectors in the scaled coordinates (column k belongs to singular[k]); each of length m. A
   * structured spectrum (arrowhead-spectrum.ts) leaves the vectors of its values exactly 1 empty: never small.
   */
  readonly vectors: Float64Array[];
  /** The column scaling used: scaled column j = column j · scale[j]. */
  readonly scale: Float64Array;
}

/**
 * SVD of the design X (m columns) after scaling each column to unit norm, through X = QR so that only the small
 * m×m triangle is decomposed. Scaling first makes the rank decision and the condition number independent of the
 * columns' units (wt in 1000 lb or in kg, a column times 10⁶), and singular values keep κ unsquared.
 */
export function scaledSpectrum(cols: readonly Float64Array[]): ScaledSpectrum {
  const m = cols.length;
  const scale = new Float64Array(m);
  const scaled = cols.map((c, j) => {
    let s = 0;
    for (let i = 0; i < c.length; i++) s += c[i] * c[i];
    const f = s > 0 ? 1 / Math.sqrt(s) : 1;
    scale[j] = f;
    const out = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = c[i] * f;
    return out;
  });
  if (m === 0) return { singular: [], vectors: [], scale };
  // A factor's level columns (disjoint rows) and a few shared ones: the same spectrum from a small core.
  const support = m >= ARROW_MIN_P ? supports(scaled) : [];
  const arrow = m >= ARROW_MIN_P ? disjointColumns(support, scaled[0].length) : undefined;
  if (arrow) {
    const st = disjointSpectrum(scaled, arrow, support);
    return { singular: st.values, vectors: st.vectors, scale };
  }
  const Rf = triangularFactor(scaled);
  const M = new Matrix(m, m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) M.set(a, b, Rf[a * m + b]);
  const svd = new SingularValueDecomposition(M, { autoTranspose: true });
  const order = svd.diagonal.map((_, k) => k).sort((a, b) => svd.diagonal[b] - svd.diagonal[a]);
  return {
    singular: order.map((k) => svd.diagonal[k]),
    vectors: order.map((k) => Float64Array.from(svd.rightSingularVectors.getColumn(k))),
    scale,
  };
}

/**
 * The same for a symmetric positive semi-definite information matrix I (P×P, row-major): diagonal scaling
 * D I D with D = diag(I)^(−1/2), then its eigen-decomposition. Eigenvalues are returned as their square roots, so
 * they are on the scale of the singular values of a (scaled) Jacobian whose cross-product I is.
 */
export function scaledInformationSpectrum(info: Float64Array, P: number): ScaledSpectrum {
  // A diagonal so small that 1/√ overflows (1e-320) is left unscaled.
  const inv = (d: number): number => (d > 0 && Number.isFinite(1 / Math.sqrt(d)) ? 1 / Math.sqrt(d) : 1);
  const scale = Float64Array.from({ length: P }, (_, i) => inv(info[i * P + i]));
  const arrow = arrowStructure(info, P);
  const st = arrow ? arrowScaledEigen(info, P, arrow, scale) : undefined;
  if (st) return { singular: st.values.map((v) => Math.sqrt(Math.max(0, v))), vectors: st.vectors, scale };
  const rows = Array.from({ length: P }, (_, i) =>
    Array.from({ length: P }, (_, j) => info[i * P + j] * scale[i] * scale[j]),
  );
  const e = symmetricEigen(rows);
  const vals = e.realEigenvalues;
  const order = vals.map((_, k) => k).sort((a, b) => vals[b] - vals[a]);
  return {
    singular: order.map((k) => Math.sqrt(Math.max(0, vals[k]))),
    vectors: order.map((k) => Float64Array.from(e.eigenvectorMatrix.getColumn(k))),
    scale,
  };
}

/** Indices (into spectrum.singular) of the directions with σ ≤ rtol·σ_max. */
export function smallDirections(sp: ScaledSpectrum, rtol: number): number[] {
  const max = sp.singular[0] ?? 0;
  return sp.singular.map((s, k) => k).filter((k) => !(max > 0) || sp.singular[k] <= rtol * max);
}

/** Smallest share of the largest remaining entry that a pivot must have. */
const PIVOT_SHARE = 0.05;

/**
 * A sparse, readable basis of the span of `basis` (k vectors of length m): reduced row echelon form computed from
 * the last coordinate backwards, with partial pivoting. Each returned vector has a 1 at its pivot (the latest
 * coordinate it involves), 0 at the other vectors' pivots and at every coordinate after its own pivot, so each
 * describes one dependency: a later column written in terms of earlier ones. Several simultaneous dependencies (a
 * unit change and a dummy trap) come out as separate vectors instead of an arbitrary mixture of them.
 */
export function readableBasis(basis: readonly Float64Array[], zeroTol = 1e-9): { pivot: number; v: Float64Array }[] {
  const rows = basis.map((b) => Float64Array.from(b));
  const k = rows.length;
  const m = k ? rows[0].length : 0;
  const pivots: number[] = [];
  let r = 0;
  for (let c = m - 1; c >= 0 && r < k; c--) {
    let best = r;
    for (let i = r + 1; i < k; i++) if (Math.abs(rows[i][c]) > Math.abs(rows[best][c])) best = i;
    // A pivot must carry a real share of the remaining directions: a near-null direction has small noise on
    // unrelated columns, and dividing by that noise would make an unrelated column the "dependent" one.
    let big = 0;
    for (let i = r; i < k; i++) for (let j = 0; j <= c; j++) big = Math.max(big, Math.abs(rows[i][j]));
    if (Math.abs(rows[best][c]) <= Math.max(zeroTol, PIVOT_SHARE * big)) continue;
    [rows[r], rows[best]] = [rows[best], rows[r]];
    const p = rows[r][c];
    for (let j = 0; j < m; j++) rows[r][j] /= p;
    for (let i = 0; i < k; i++) {
      if (i === r) continue;
      const f = rows[i][c];
      if (f !== 0) for (let j = 0; j < m; j++) rows[i][j] -= f * rows[r][j];
    }
    pivots.push(c);
    r++;
  }
  return pivots.map((pivot, i) => {
    const v = rows[i];
    for (let j = 0; j < m; j++) if (Math.abs(v[j]) <= zeroTol) v[j] = 0;
    v[pivot] = 1;
    return { pivot, v };
  });
}

/** A dependency in the original units (v[pivot] = 1) and the column-scaled coefficients it was judged on. */
export interface UnscaledDependency {
  readonly pivot: number;
  readonly v: Float64Array;
  readonly weight: Float64Array;
}

/**
 * The readable basis of the directions `which` of a scaled spectrum, returned in the original units (coordinate j
 * multiplied by scale[j]) with the pivot's coefficient 1: v is a change of the parameters that leaves X·θ fixed
 * (exactly or nearly), so Σ_j v_j·column_j ≈ 0 in the columns' own units. `weight` is the same vector in the
 * scaled coordinates (pivot 1): whether a column takes part is decided there, independent of units.
 */
export function dependencies(sp: ScaledSpectrum, which: readonly number[]): UnscaledDependency[] {
  return readableBasis(which.map((k) => sp.vectors[k])).map(({ pivot, v }) => {
    const u = Float64Array.from(v, (x, j) => x * sp.scale[j]);
    const p = u[pivot];
    return { pivot, v: u.map((x) => x / p), weight: v };
  });
}

/** Share of the pivot's scaled weight below which a column does not count as taking part in a dependency. */
export const INVOLVED_SHARE = 1e-4;

/** The coordinates that take part in a dependency, pivot last. */
export function involvedIn(d: UnscaledDependency): number[] {
  const js = [...d.weight.keys()].filter((j) => j !== d.pivot && Math.abs(d.weight[j]) > INVOLVED_SHARE);
  return [...js, d.pivot];
}
