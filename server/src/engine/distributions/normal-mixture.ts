// Mixture(w1…w(K−1), Normal(mu1, sigma1), …, Normal(muK, sigmaK)) fused: the generic mixture's algebra, per row.

import { LOG_2PI } from '../eval/special.ts';
import { tri, type DistImpl } from './types.ts';
import { rows2 } from './normal-mixture-2.ts';

const HALF_LOG_2PI = 0.5 * LOG_2PI;

/** Per-instance scratch of the row loop (a new one per distribution instance; the loop itself is shared). */
export interface State {
  readonly K: number;
  readonly W: number;
  readonly w: Float64Array;
  readonly a: Float64Array;
  readonly r: Float64Array;
  readonly z: Float64Array;
  readonly is: Float64Array;
  readonly G: Float64Array;
  readonly S: Float64Array;
  readonly wPrev: Float64Array;
  readonly lw: Float64Array;
  readonly sPrev: Float64Array;
  readonly ls: Float64Array;
  readonly triW: Int32Array;
}

/**
 * The same density and partials as `mixture` over K Normal components (layout x = [y, w1…w(K−1), mu1, sigma1, …]),
 * without calling the Normal density per component, writing its six second-partial arrays and gathering them back.
 * With l_c = −½ log 2π − log σ_c − z_c²/2, z_c = (y − μ_c)/σ_c, the component partials are
 *   ∂l/∂y = −z/σ, ∂l/∂μ = z/σ, ∂l/∂σ = (z² − 1)/σ;  ∂²: yy = μμ = −1/σ², yμ = 1/σ², yσ = 2z/σ², μσ = −2z/σ²,
 *   σσ = (1 − 3z²)/σ²,
 * and they combine as in mixture.ts: G = Σ r_c ∂l_c (plus r_j/w_j − r_K/w_K in w_j), second partials S − G Gᵀ with
 * S = Σ r_c (∂²l_c + ∂l_c ∂l_cᵀ) in (θ_c, θ_c) and ±(r_c/w_c) ∂l_c in (w, θ_c). log σ_c and log w_c are cached
 * across rows (they are usually parameters, the same on every row).
 */
export function normalMixture(K: number): DistImpl {
  const W = 3 * K; // y, K − 1 weights, (mu, sigma) per component
  const st: State = {
    K,
    W,
    w: new Float64Array(K),
    a: new Float64Array(K),
    r: new Float64Array(K),
    z: new Float64Array(K),
    is: new Float64Array(K),
    G: new Float64Array(W),
    S: new Float64Array(W * W),
    wPrev: new Float64Array(K).fill(NaN),
    lw: new Float64Array(K),
    sPrev: new Float64Array(K).fill(NaN),
    ls: new Float64Array(K),
    triW: Int32Array.from({ length: W * W }, (_, k) => tri(Math.floor(k / W), k % W, W)),
  };
  const names = Array.from({ length: K }, () => 'Normal').join(', ');
  return {
    name: `Mixture(${names})`,
    nargs: W - 1,
    logpdf(len, x, order, out) {
      rows(st, len, x, order, out.lp, out.d1, out.d2);
    },
  };
}

/**
 * The row loop, at module level so every instance (each fit builds its own) shares one optimised copy instead of
 * warming up its own closure.
 */
function rows(
  st: State,
  len: number,
  x: readonly Float64Array[],
  order: number,
  lp: Float64Array,
  d1: Float64Array[],
  d2: Float64Array[],
): void {
  if (st.K === 2) return rows2(st, len, x, order, lp, d1, d2);
  const { K, W, w, a, r, z, is, G, S, wPrev, lw, sPrev, ls, triW } = st;
  const y = x[0];
  for (let i = 0; i < len; i++) {
    let last = 1;
    let ok = true;
    for (let c = 0; c < K - 1; c++) {
      w[c] = x[1 + c][i];
      last -= w[c];
      if (!(w[c] > 0 && w[c] < 1)) ok = false;
    }
    w[K - 1] = last;
    if (!ok || !(last > 0)) {
      lp[i] = -Infinity;
      continue;
    }
    let m = -Infinity;
    const yi = y[i];
    for (let c = 0; c < K; c++) {
      if (w[c] !== wPrev[c]) {
        wPrev[c] = w[c];
        lw[c] = Math.log(w[c]);
      }
      const s = x[K + 2 * c + 1][i];
      if (!(s > 0)) {
        a[c] = -Infinity;
        continue;
      }
      if (s !== sPrev[c]) {
        sPrev[c] = s;
        ls[c] = Math.log(s);
      }
      const isc = 1 / s;
      const zc = (yi - x[K + 2 * c][i]) * isc;
      is[c] = isc;
      z[c] = zc;
      a[c] = lw[c] + (-HALF_LOG_2PI - ls[c] - 0.5 * zc * zc);
      if (a[c] > m) m = a[c];
    }
    if (m === -Infinity || Number.isNaN(m)) {
      lp[i] = -Infinity;
      continue;
    }
    let sum = 0;
    for (let c = 0; c < K; c++) sum += Math.exp(a[c] - m);
    const l = m + Math.log(sum);
    lp[i] = l;
    if (order === 0) continue;
    // Responsibilities; a component with zero density (or an invalid sigma) contributes nothing.
    for (let c = 0; c < K; c++) r[c] = Math.exp(a[c] - l);
    const rK = r[K - 1] / w[K - 1];
    G.fill(0);
    for (let c = 0; c < K - 1; c++) G[1 + c] = r[c] / w[c] - rK;
    for (let c = 0; c < K; c++) {
      const rc = r[c];
      if (rc === 0) continue;
      const zi = z[c] * is[c];
      G[0] += rc * -zi;
      G[K + 2 * c] = rc * zi;
      G[K + 2 * c + 1] = rc * ((z[c] * z[c] - 1) * is[c]);
    }
    for (let j = 0; j < W; j++) d1[j][i] = G[j];
    if (order === 1) continue;
    S.fill(0);
    for (let c = 0; c < K; c++) {
      const rc = r[c];
      if (rc === 0) continue;
      const zc = z[c];
      const isc = is[c];
      const is2 = isc * isc;
      const dy = -zc * isc;
      const dm = zc * isc;
      const ds = (zc * zc - 1) * isc;
      const pm = K + 2 * c;
      const ps = pm + 1;
      // (w, θ_c): +r_c/w_c ∂l_c in w_c's row; the last component's −r_K/w_K ∂l_K in every weight's row.
      if (c < K - 1) {
        const om = rc / w[c];
        S[1 + c] += om * dy; // (y, w_c)
        S[(1 + c) * W + pm] += om * dm;
        S[(1 + c) * W + ps] += om * ds;
      } else
        for (let j = 0; j < K - 1; j++) {
          S[1 + j] -= rK * dy;
          S[(1 + j) * W + pm] -= rK * dm;
          S[(1 + j) * W + ps] -= rK * ds;
        }
      S[0] += rc * (-is2 + dy * dy);
      S[pm] += rc * (is2 + dy * dm);
      S[ps] += rc * (2 * zc * is2 + dy * ds);
      S[pm * W + pm] += rc * (-is2 + dm * dm);
      S[pm * W + ps] += rc * (-2 * zc * is2 + dm * ds);
      S[ps * W + ps] += rc * ((1 - 3 * zc * zc) * is2 + ds * ds);
    }
    // S is filled in its upper triangle (row index ≤ column index), which is all the packed d2 needs.
    for (let p = 0; p < W; p++) for (let q = p; q < W; q++) d2[triW[p * W + q]][i] = S[p * W + q] - G[p] * G[q];
  }
}
