// The IRLS kernel: one pass over the design's columns computing log-likelihood, score and information (upper triangle).

export const FAMILY_LOGIT = 0;
export const FAMILY_LOG = 1;

/**
 * Rows are taken in blocks of BLOCK: per block η, the residual r = y − μ and the weight w go into small buffers, then
 * every score entry and every information entry Σ w·x_j·x_k is a dot product over the block with contiguous inner
 * loops and the sum in a register. The block's columns (p × 2 kB) stay in L1 while the p(p+1)/2 products read them.
 * A row at a time (the previous kernel) re-loaded and re-stored every H entry per row and needed a row-major copy.
 */
const BLOCK = 256;
// Per-thread scratch (each worker has its own module instance); a pass never re-enters itself.
const ETA = new Float64Array(BLOCK);
const RES = new Float64Array(BLOCK);
const WGT = new Float64Array(BLOCK);
const WX = new Float64Array(BLOCK);
const WX2 = new Float64Array(BLOCK);
const EXT = new Int32Array(1);

/**
 * Fills RES and WGT for rows [b0, b0 + len) from ETA holding the offset: η = offset + Σ β_q x_q, then per family the
 * residual and weight.
 * Returns the block's log-likelihood (without data-only constants); adds rows with μ at 0 or 1 to EXT[0].
 */
function blockResiduals(
  family: number,
  cols: readonly Float64Array[],
  y: Float64Array,
  size: Float64Array | undefined,
  beta: Float64Array,
  b0: number,
  len: number,
): number {
  // Two columns per sweep: half the loads and stores of ETA.
  const p = cols.length;
  let q = 0;
  for (; q + 1 < p; q += 2) {
    const x = cols[q];
    const z = cols[q + 1];
    const bx = beta[q];
    const bz = beta[q + 1];
    for (let b = 0; b < len; b++) ETA[b] += bx * x[b0 + b] + bz * z[b0 + b];
  }
  if (q < p) {
    const x = cols[q];
    const bq = beta[q];
    for (let b = 0; b < len; b++) ETA[b] += bq * x[b0 + b];
  }
  let ll = 0;
  if (family === FAMILY_LOG) {
    for (let b = 0; b < len; b++) {
      const eta = ETA[b];
      const mu = Math.exp(eta);
      const yi = y[b0 + b];
      ll += yi * eta - mu;
      RES[b] = yi - mu;
      WGT[b] = mu;
    }
    return ll;
  }
  let ext = 0;
  for (let b = 0; b < len; b++) {
    const eta = ETA[b];
    // One native exp serves the mean and log(1 + e^η) = max(η, 0) + log1p(e^−|η|), stable in both tails.
    const e = Math.exp(eta >= 0 ? -eta : eta);
    const m = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
    const ni = size === undefined ? 1 : size[b0 + b];
    const yi = y[b0 + b];
    ll += yi * eta - ni * ((eta > 0 ? eta : 0) + Math.log1p(e));
    RES[b] = yi - ni * m;
    WGT[b] = ni * m * (1 - m);
    if (m < 1e-15 || m > 1 - 1e-15) ext++;
  }
  EXT[0] += ext;
  return ll;
}

/**
 * Adds the block's score x_j·r and information Σ w·x_j·x_k (k ≥ j, row stride P) for the numeric columns. Two rows
 * j, j+1 of the triangle against two columns k, k+1 at a time: four sums in registers from four loads per row, where
 * one product at a time loads twice per multiply-add.
 */
function blockDerivs(
  cols: readonly Float64Array[],
  b0: number,
  len: number,
  g: Float64Array,
  H: Float64Array,
  P: number,
): void {
  const p = cols.length;
  for (let j = 0; j < p; j += 2) {
    const two = j + 1 < p;
    const xa = cols[j];
    const xb = two ? cols[j + 1] : xa;
    let ga = 0;
    let gb = 0;
    for (let b = 0; b < len; b++) {
      const r = RES[b];
      const w = WGT[b];
      const a = xa[b0 + b];
      const c = xb[b0 + b];
      ga += a * r;
      gb += c * r;
      WX[b] = w * a;
      WX2[b] = w * c;
    }
    g[j] += ga;
    if (two) g[j + 1] += gb;
    const ha = j * P;
    const hb = ha + P;
    // (j, j), (j, j+1), (j+1, j+1): the diagonal pair.
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    for (let b = 0; b < len; b++) {
      const a = xa[b0 + b];
      const c = xb[b0 + b];
      s0 += WX[b] * a;
      s1 += WX[b] * c;
      s2 += WX2[b] * c;
    }
    H[ha + j] += s0;
    if (!two) continue;
    H[ha + j + 1] += s1;
    H[hb + j + 1] += s2;
    let k = j + 2;
    for (; k + 1 < p; k += 2) {
      const xk = cols[k];
      const xl = cols[k + 1];
      let ak = 0;
      let al = 0;
      let bk = 0;
      let bl = 0;
      for (let b = 0; b < len; b++) {
        const u = WX[b];
        const v = WX2[b];
        const c = xk[b0 + b];
        const d = xl[b0 + b];
        ak += u * c;
        al += u * d;
        bk += v * c;
        bl += v * d;
      }
      H[ha + k] += ak;
      H[ha + k + 1] += al;
      H[hb + k] += bk;
      H[hb + k + 1] += bl;
    }
    if (k < p) {
      const xk = cols[k];
      let ak = 0;
      let bk = 0;
      for (let b = 0; b < len; b++) {
        const c = xk[b0 + b];
        ak += WX[b] * c;
        bk += WX2[b] * c;
      }
      H[ha + k] += ak;
      H[hb + k] += bk;
    }
  }
}

/**
 * Rows [from, to) of a GLM with numeric columns `cols` (coefficient q ↔ cols[q]): returns the log-likelihood and adds
 * the score to g and the information's upper triangle to H (stride P = cols.length). `extreme[0]` gets the number of
 * rows whose fitted probability is 0 or 1 to machine precision. Top-level functions over typed arrays and a numeric
 * family code keep V8 on its fast path (a closure with string tests ran three times slower).
 */
export function glmPass(
  family: number,
  cols: readonly Float64Array[],
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
  EXT[0] = 0;
  for (let b0 = from; b0 < to; b0 += BLOCK) {
    const len = Math.min(BLOCK, to - b0);
    for (let b = 0; b < len; b++) ETA[b] = off[b0 + b];
    ll += blockResiduals(family, cols, y, size, beta, b0, len);
    if (derivs) blockDerivs(cols, b0, len, g, H, cols.length);
  }
  extreme[0] = EXT[0];
  return ll;
}

/**
 * The same pass for a design with factors: numeric columns `cols` (coefficients 0..p−1) and F one-hot factor columns,
 * row i's active coefficient of factor f being idx[i·F + f] (−1: a fixed reference level). The information is
 * block-structured, so a row costs O(p² + F·p + F²) instead of O((p + Σ levels)²): the factor diagonal gets w, the
 * numeric × level block w·x, and level × level across two factors w. g and H have P = p + Σ free levels entries per
 * side (H upper triangle, row-major, stride P).
 */
export function glmFactorPass(
  family: number,
  cols: readonly Float64Array[],
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
  const p = cols.length;
  let ll = 0;
  EXT[0] = 0;
  for (let b0 = from; b0 < to; b0 += BLOCK) {
    const len = Math.min(BLOCK, to - b0);
    // The factor levels' β enter η as an offset for the block.
    for (let b = 0; b < len; b++) {
      const fr = (b0 + b) * F;
      let o = off[b0 + b];
      for (let f = 0; f < F; f++) {
        const q = idx[fr + f];
        if (q >= 0) o += beta[q];
      }
      ETA[b] = o;
    }
    ll += blockResiduals(family, cols, y, size, beta, b0, len);
    if (!derivs) continue;
    blockDerivs(cols, b0, len, g, H, P);
    for (let b = 0; b < len; b++) {
      const i = b0 + b;
      const fr = i * F;
      const r = RES[b];
      const w = WGT[b];
      for (let f = 0; f < F; f++) {
        const q = idx[fr + f];
        if (q < 0) continue;
        g[q] += r;
        H[q * P + q] += w;
        // Numeric coefficients come first, so (j, q) with j < p ≤ q is in the upper triangle.
        for (let j = 0; j < p; j++) H[j * P + q] += w * cols[j][i];
        for (let e = 0; e < f; e++) {
          const o = idx[fr + e];
          if (o >= 0) H[o < q ? o * P + q : q * P + o] += w;
        }
      }
    }
  }
  extreme[0] = EXT[0];
  return ll;
}

/** One pass of either kernel: the dense one when there is no factor. */
export function anyPass(
  family: number,
  cols: readonly Float64Array[],
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
    ? glmFactorPass(family, cols, idx, F, P, off, y, size, beta, from, to, g, H, derivs, extreme)
    : glmPass(family, cols, off, y, size, beta, from, to, g, H, derivs, extreme);
}
