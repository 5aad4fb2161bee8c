// Blocked passes of the linear model over its columns in place: the Gram matrix XᵀX (with Xᵀy), and r = y − Xb.

/**
 * Rows are taken in blocks of BLOCK (as in glm-pass.ts): each Gram entry is a dot product over the block with a
 * contiguous inner loop and its sum in a register, and the block's columns (p × 2 kB) stay in L1 while the p(p+1)/2
 * products read them. A row at a time re-loads and re-stores every G entry per row and needs a row-major copy (0.3 s
 * on 1M × 11, against ~40 ms blocked). Block sums also add 256 terms before each accumulation: a shorter rounding chain.
 */
const BLOCK = 256;
const RES = new Float64Array(BLOCK);

/**
 * Adds the Gram matrix's upper triangle Σ x_j·x_k (k ≥ j, row-major with stride P) of the columns' rows [from, to) to
 * G. Two rows j, j+1 of the triangle against two columns k, k+1 at a time: four sums from four loads a row.
 */
export function gramPass(cols: readonly Float64Array[], from: number, to: number, G: Float64Array, P: number): void {
  const p = cols.length;
  for (let b0 = from; b0 < to; b0 += BLOCK) {
    const b1 = Math.min(b0 + BLOCK, to);
    for (let j = 0; j < p; j += 2) {
      const two = j + 1 < p;
      const xa = cols[j];
      const xb = two ? cols[j + 1] : xa;
      const ha = j * P;
      const hb = ha + P;
      // (j, j), (j, j+1), (j+1, j+1): the diagonal pair.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      for (let i = b0; i < b1; i++) {
        const a = xa[i];
        const c = xb[i];
        s0 += a * a;
        s1 += a * c;
        s2 += c * c;
      }
      G[ha + j] += s0;
      if (!two) continue;
      G[ha + j + 1] += s1;
      G[hb + j + 1] += s2;
      let k = j + 2;
      for (; k + 1 < p; k += 2) {
        const xk = cols[k];
        const xl = cols[k + 1];
        let ak = 0;
        let al = 0;
        let bk = 0;
        let bl = 0;
        for (let i = b0; i < b1; i++) {
          const u = xa[i];
          const v = xb[i];
          const c = xk[i];
          const d = xl[i];
          ak += u * c;
          al += u * d;
          bk += v * c;
          bl += v * d;
        }
        G[ha + k] += ak;
        G[ha + k + 1] += al;
        G[hb + k] += bk;
        G[hb + k + 1] += bl;
      }
      if (k < p) {
        const xk = cols[k];
        let ak = 0;
        let bk = 0;
        for (let i = b0; i < b1; i++) {
          const c = xk[i];
          ak += xa[i] * c;
          bk += xb[i] * c;
        }
        G[ha + k] += ak;
        G[hb + k] += bk;
      }
    }
  }
}

/**
 * Rows [from, to) of r = y − Σ_q coef_q·x_q: adds Xᵀr to xr and returns Σr². Per block the residuals go into a small
 * buffer (two columns per sweep: half its loads and stores), then each Xᵀr entry is a dot product over the block.
 */
export function residualPass(
  cols: readonly Float64Array[],
  y: Float64Array,
  coef: Float64Array,
  from: number,
  to: number,
  xr: Float64Array,
): number {
  const p = cols.length;
  let rss = 0;
  for (let b0 = from; b0 < to; b0 += BLOCK) {
    const len = Math.min(BLOCK, to - b0);
    for (let b = 0; b < len; b++) RES[b] = y[b0 + b];
    let q = 0;
    for (; q + 1 < p; q += 2) {
      const x = cols[q];
      const z = cols[q + 1];
      const bx = coef[q];
      const bz = coef[q + 1];
      for (let b = 0; b < len; b++) RES[b] -= bx * x[b0 + b] + bz * z[b0 + b];
    }
    if (q < p) {
      const x = cols[q];
      const bq = coef[q];
      for (let b = 0; b < len; b++) RES[b] -= bq * x[b0 + b];
    }
    let ss = 0;
    for (let b = 0; b < len; b++) ss += RES[b] * RES[b];
    rss += ss;
    for (q = 0; q + 1 < p; q += 2) {
      const x = cols[q];
      const z = cols[q + 1];
      let sx = 0;
      let sz = 0;
      for (let b = 0; b < len; b++) {
        const r = RES[b];
        sx += x[b0 + b] * r;
        sz += z[b0 + b] * r;
      }
      xr[q] += sx;
      xr[q + 1] += sz;
    }
    if (q < p) {
      const x = cols[q];
      let sx = 0;
      for (let b = 0; b < len; b++) sx += x[b0 + b] * RES[b];
      xr[q] += sx;
    }
  }
  return rss;
}
