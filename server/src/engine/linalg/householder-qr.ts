// Householder QR least squares on column-major Float64Array columns, with column scaling, as R's lm solves it.

export interface LeastSquares {
  readonly coef: Float64Array;
  readonly rss: number;
  /** R⁻¹ R⁻ᵀ = (XᵀX)⁻¹ in the original column scale (P×P row-major), null when rank deficient. */
  readonly xtxInv: Float64Array | null;
  /** Columns found (numerically) linearly dependent on earlier ones. */
  readonly dependent: number[];
  /** Xᵀr at the solution, when the solver computed it on the way. */
  readonly score?: Float64Array;
}

/**
 * Solves min ‖y − Xβ‖ for X given as p columns of length n. Columns are scaled to unit norm first (so a column
 * like x^10 does not swamp the pivot test), reflected in place on copies; y is transformed alongside.
 */
export function leastSquaresQR(
  cols: readonly Float64Array[],
  y: Float64Array,
  tol = 1e-13,
  refine = true,
): LeastSquares {
  const p = cols.length;
  const n = y.length;
  const A = cols.map((c) => Float64Array.from(c));
  const scale = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += A[j][i] * A[j][i];
    scale[j] = s > 0 ? 1 / Math.sqrt(s) : 1;
    for (let i = 0; i < n; i++) A[j][i] *= scale[j];
  }
  const b = Float64Array.from(y);
  const R = new Float64Array(p * p);
  const dependent: number[] = [];
  const vvs = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    const a = A[k];
    let norm = 0;
    for (let i = k; i < n; i++) norm += a[i] * a[i];
    norm = Math.sqrt(norm);
    if (norm <= tol) {
      dependent.push(k);
      continue;
    }
    const alpha = a[k] > 0 ? -norm : norm;
    // v = a[k:] − alpha·e1, stored in place; H = I − 2vvᵀ/(vᵀv).
    a[k] -= alpha;
    let vv = 0;
    for (let i = k; i < n; i++) vv += a[i] * a[i];
    vvs[k] = vv;
    for (let j = k + 1; j < p; j++) reflect(a, vv, k, A[j]);
    reflect(a, vv, k, b);
    R[k * p + k] = alpha;
    for (let j = k + 1; j < p; j++) R[k * p + j] = A[j][k];
  }
  const coef = new Float64Array(p);
  let rss = 0;
  if (dependent.length) coef.fill(NaN);
  else {
    backSolve(R, p, b, coef);
    // Björck's refinement of the augmented system [I X; Xᵀ 0][r; β] = [y; 0]: it corrects the residual and the
    // coefficients together, which removes the κ²·‖r‖ error term a plain re-solve leaves (Longley, Wampler).
    // Both residual blocks are computed in double-double arithmetic.
    const r = new Float64Array(n);
    for (let i = 0; i < n; i++) r[i] = residual(cols, coef, scale, y[i], i);
    const f = new Float64Array(n);
    const h = new Float64Array(p);
    const dBeta = new Float64Array(p);
    for (let step = 0; step < (refine ? 4 : 0); step++) {
      for (let i = 0; i < n; i++) f[i] = residual(cols, coef, scale, y[i] - r[i], i, r[i], y[i]);
      // g = −(XS)ᵀ r, in the scaled coordinates the factorisation uses.
      for (let j = 0; j < p; j++) h[j] = -dotDD(cols[j], r) * scale[j];
      for (let k = 0; k < p; k++) reflect(A[k], vvs[k], k, f);
      // Rᵀ h = g (forward substitution), then δβ = R⁻¹(f₁ − h) and δr = Q [h; f₂].
      for (let k = 0; k < p; k++) {
        let t = h[k];
        for (let j = 0; j < k; j++) t -= R[j * p + k] * h[j];
        h[k] = t / R[k * p + k];
      }
      for (let k = 0; k < p; k++) f[k] -= h[k];
      backSolve(R, p, f, dBeta);
      for (let k = 0; k < p; k++) f[k] = h[k];
      for (let k = p - 1; k >= 0; k--) reflect(A[k], vvs[k], k, f);
      for (let i = 0; i < n; i++) r[i] += f[i];
      for (let j = 0; j < p; j++) coef[j] += dBeta[j];
    }
    for (let i = 0; i < n; i++) {
      const e = residual(cols, coef, scale, y[i], i);
      rss += e * e;
    }
  }
  let xtxInv: Float64Array | null = null;
  if (!dependent.length) {
    // Rinv (upper triangular), then (XᵀX)⁻¹ = Rinv Rinvᵀ, unscaled: S (R⁻¹R⁻ᵀ) S.
    const Ri = new Float64Array(p * p);
    for (let j = 0; j < p; j++) {
      Ri[j * p + j] = 1 / R[j * p + j];
      for (let i = j - 1; i >= 0; i--) {
        let s = 0;
        for (let k = i + 1; k <= j; k++) s += R[i * p + k] * Ri[k * p + j];
        Ri[i * p + j] = -s / R[i * p + i];
      }
    }
    xtxInv = new Float64Array(p * p);
    for (let i = 0; i < p; i++)
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let k = Math.max(i, j); k < p; k++) s += Ri[i * p + k] * Ri[j * p + k];
        xtxInv[i * p + j] = s * scale[i] * scale[j];
      }
    for (let j = 0; j < p; j++) coef[j] *= scale[j];
  }
  return { coef, rss, xtxInv, dependent };
}

/** Applies the Householder reflection stored in v[k..n) (with vᵀv = vv) to c in place. */
function reflect(v: Float64Array, vv: number, k: number, c: Float64Array): void {
  const n = c.length;
  let s = 0;
  for (let i = k; i < n; i++) s += v[i] * c[i];
  const f = (2 * s) / vv;
  for (let i = k; i < n; i++) c[i] -= f * v[i];
}

function backSolve(R: Float64Array, p: number, b: Float64Array, out: Float64Array): void {
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k];
    for (let j = k + 1; j < p; j++) s -= R[k * p + j] * out[j];
    out[k] = s / R[k * p + k];
  }
}

const SPLIT = 134217729; // 2^27 + 1, Dekker's splitter

/**
 * acc (hi, lo) += a·b exactly up to the final rounding: TwoProduct (Dekker's split) and TwoSum, the error-free
 * transformations behind double-double arithmetic.
 */
function addProduct(acc: Float64Array, a: number, b: number): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const e = al * bl - (p - ah * bh - al * bh - ah * bl);
  const hi = acc[0];
  const sum = hi + p;
  const bb = sum - hi;
  acc[0] = sum;
  acc[1] += hi - (sum - bb) + (p - bb) + e;
}

const dd = new Float64Array(2);

/** y_i − Σ_j x_ij·c_j·s_j in double-double, rounded once (with ri: starting from y0 − ri exactly). */
function residual(
  cols: readonly Float64Array[],
  coef: Float64Array,
  scale: Float64Array,
  yi: number,
  i: number,
  ri = 0,
  y0 = yi,
): number {
  dd[0] = ri === 0 ? yi : y0 - ri;
  dd[1] = ri === 0 ? 0 : y0 - dd[0] - ri;
  for (let j = 0; j < cols.length; j++) addProduct(dd, cols[j][i], -coef[j] * scale[j]);
  return dd[0] + dd[1];
}

/** Σ a_i·b_i in double-double arithmetic. */
function dotDD(a: Float64Array, b: Float64Array): number {
  dd[0] = 0;
  dd[1] = 0;
  for (let i = 0; i < a.length; i++) addProduct(dd, a[i], b[i]);
  return dd[0] + dd[1];
}

/** The triangular factor R (p×p, row-major) of X = QR by Householder reflections; X's singular values are R's. */
export function triangularFactor(cols: readonly Float64Array[]): Float64Array {
  const p = cols.length;
  const n = p ? cols[0].length : 0;
  const A = cols.map((c) => Float64Array.from(c));
  const R = new Float64Array(p * p);
  for (let k = 0; k < p && k < n; k++) {
    const a = A[k];
    let norm = 0;
    for (let i = k; i < n; i++) norm += a[i] * a[i];
    norm = Math.sqrt(norm);
    if (norm === 0) {
      // A zero remainder: no reflection, but the later columns' entries in row k still belong to R.
      for (let j = k + 1; j < p; j++) R[k * p + j] = A[j][k];
      continue;
    }
    const alpha = a[k] > 0 ? -norm : norm;
    a[k] -= alpha;
    let vv = 0;
    for (let i = k; i < n; i++) vv += a[i] * a[i];
    for (let j = k + 1; j < p; j++) reflect(a, vv, k, A[j]);
    R[k * p + k] = alpha;
    for (let j = k + 1; j < p; j++) R[k * p + j] = A[j][k];
  }
  return R;
}
