// The IRLS kernel: one pass over a row-major design computing log-likelihood, score and information (upper triangle).

export const FAMILY_LOGIT = 0;
export const FAMILY_LOG = 1;

/**
 * Rows [from, to): η = off + Xβ, then per family the log-likelihood term, the score x·(y − μ) and the weight
 * x·xᵀ·w. A top-level function over typed arrays and a numeric family code keeps V8 on its fast path (a closure
 * with string tests ran three times slower). Returns the log-likelihood (without data-only constants) and the
 * number of rows whose fitted probability is 0 or 1 to machine precision in `extreme[0]`.
 */
export function glmPass(
  family: number,
  X: Float64Array,
  p: number,
  off: Float64Array,
  y: Float64Array,
  size: Float64Array | undefined,
  beta: Float64Array,
  from: number,
  to: number,
  g: Float64Array,
  H: Float64Array,
  derivs: boolean,
  extreme: Int32Array,
): number {
  let ll = 0;
  let ext = 0;
  for (let i = from; i < to; i++) {
    const row = i * p;
    let eta = off[i];
    for (let j = 0; j < p; j++) eta += X[row + j] * beta[j];
    const yi = y[i];
    let r: number;
    let w: number;
    if (family === FAMILY_LOG) {
      const mu = Math.exp(eta);
      ll += yi * eta - mu;
      r = yi - mu;
      w = mu;
    } else {
      // One native exp serves the mean and log(1 + e^η) = max(η, 0) + log1p(e^−|η|), stable in both tails.
      const e = Math.exp(eta >= 0 ? -eta : eta);
      const m = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
      const ni = size === undefined ? 1 : size[i];
      ll += yi * eta - ni * ((eta > 0 ? eta : 0) + Math.log1p(e));
      r = yi - ni * m;
      w = ni * m * (1 - m);
      if (m < 1e-15 || m > 1 - 1e-15) ext++;
    }
    if (!derivs) continue;
    for (let j = 0; j < p; j++) {
      const xj = X[row + j];
      g[j] += xj * r;
      const wx = w * xj;
      const hj = j * p;
      for (let k = j; k < p; k++) H[hj + k] += wx * X[row + k];
    }
  }
  extreme[0] = ext;
  return ll;
}

/**
 * The same pass for a design with factors: per row p numeric values X[i·p + j] (coefficients 0..p−1) and F one-hot
 * factor columns, row i's active coefficient of factor f being idx[i·F + f] (−1: a fixed reference level). The
 * information is block-structured, so a row costs O(p² + F·p + F²) instead of O((p + Σ levels)²): the factor
 * diagonal gets w, the numeric × level block w·x, and level × level across two factors w. g and H have P = p + Σ
 * free levels entries per side (H upper triangle, row-major, stride P).
 */
export function glmFactorPass(
  family: number,
  X: Float64Array,
  p: number,
  idx: Int32Array,
  F: number,
  P: number,
  off: Float64Array,
  y: Float64Array,
  size: Float64Array | undefined,
  beta: Float64Array,
  from: number,
  to: number,
  g: Float64Array,
  H: Float64Array,
  derivs: boolean,
  extreme: Int32Array,
): number {
  let ll = 0;
  let ext = 0;
  for (let i = from; i < to; i++) {
    const row = i * p;
    const fr = i * F;
    let eta = off[i];
    for (let j = 0; j < p; j++) eta += X[row + j] * beta[j];
    for (let f = 0; f < F; f++) {
      const q = idx[fr + f];
      if (q >= 0) eta += beta[q];
    }
    const yi = y[i];
    let r: number;
    let w: number;
    if (family === FAMILY_LOG) {
      const mu = Math.exp(eta);
      ll += yi * eta - mu;
      r = yi - mu;
      w = mu;
    } else {
      const e = Math.exp(eta >= 0 ? -eta : eta);
      const m = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
      const ni = size === undefined ? 1 : size[i];
      ll += yi * eta - ni * ((eta > 0 ? eta : 0) + Math.log1p(e));
      r = yi - ni * m;
      w = ni * m * (1 - m);
      if (m < 1e-15 || m > 1 - 1e-15) ext++;
    }
    if (!derivs) continue;
    for (let j = 0; j < p; j++) {
      const xj = X[row + j];
      g[j] += xj * r;
      const wx = w * xj;
      const hj = j * P;
      for (let k = j; k < p; k++) H[hj + k] += wx * X[row + k];
    }
    for (let f = 0; f < F; f++) {
      const q = idx[fr + f];
      if (q < 0) continue;
      g[q] += r;
      H[q * P + q] += w;
      // Numeric coefficients come first, so (j, q) with j < p ≤ q is in the upper triangle.
      for (let j = 0; j < p; j++) H[j * P + q] += w * X[row + j];
      for (let e = 0; e < f; e++) {
        const o = idx[fr + e];
        if (o >= 0) H[o < q ? o * P + q : q * P + o] += w;
      }
    }
  }
  extreme[0] = ext;
  return ll;
}

/** One pass of either kernel: the dense one when there is no factor (its plain loops are the fastest). */
export function anyPass(
  family: number,
  X: Float64Array,
  p: number,
  idx: Int32Array | undefined,
  F: number,
  P: number,
  off: Float64Array,
  y: Float64Array,
  size: Float64Array | undefined,
  beta: Float64Array,
  from: number,
  to: number,
  g: Float64Array,
  H: Float64Array,
  derivs: boolean,
  extreme: Int32Array,
): number {
  return idx && F > 0
    ? glmFactorPass(family, X, p, idx, F, P, off, y, size, beta, from, to, g, H, derivs, extreme)
    : glmPass(family, X, p, off, y, size, beta, from, to, g, H, derivs, extreme);
}
