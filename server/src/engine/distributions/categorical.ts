// Categorical(η_0…η_{K−1}): log P(Y = y) = η_y − log Σ_j e^{η_j} (softmax cross-entropy), y the level code 0…K−1.

import { tri, type DistImpl, type DistOut } from './types.ts';

/**
 * The density over K log-odds arguments (x[1 + k] is η_k). With p = softmax(η):
 *   ∂lp/∂η_k = 1{y = k} − p_k,  ∂²lp/∂η_k∂η_l = −p_k 1{k = l} + p_k p_l.
 * The second partials do not involve y, so the expected information equals the observed one. The log-sum-exp is
 * taken about the largest η, so no exponential overflows and p stays exact for widely separated classes.
 * y (index 0) is data: its partials stay zero.
 */
export function categorical(K: number): DistImpl {
  const p = new Float64Array(K);
  const W = K + 1;
  // Packed index of (η_k, η_l) for every k, l.
  const at = Int32Array.from({ length: K * K }, (_, kl) => tri(1 + Math.floor(kl / K), 1 + (kl % K), W));

  /** p = softmax of row i's η; returns log Σ_j e^{η_j}, or NaN when an η is not finite. */
  const softmax = (x: readonly Float64Array[], i: number): number => {
    let m = -Infinity;
    for (let k = 0; k < K; k++) {
      const e = x[1 + k][i];
      if (e > m) m = e;
    }
    if (!Number.isFinite(m)) return NaN;
    let s = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(x[1 + k][i] - m);
      p[k] = e;
      s += e;
    }
    for (let k = 0; k < K; k++) p[k] /= s;
    return m + Math.log(s);
  };

  const curvature = (d2: Float64Array[], i: number): void => {
    for (let k = 0; k < K; k++) {
      d2[at[k * K + k]][i] = p[k] * p[k] - p[k];
      for (let l = k + 1; l < K; l++) d2[at[k * K + l]][i] = p[k] * p[l];
    }
  };

  return {
    name: 'Categorical',
    nargs: K,
    logpdf(len, x, order, { lp, d1, d2 }: DistOut) {
      const y = x[0];
      for (let i = 0; i < len; i++) {
        const yi = y[i];
        const lse = softmax(x, i);
        if (!(yi >= 0 && yi < K && yi === Math.floor(yi)) || Number.isNaN(lse)) {
          lp[i] = -Infinity;
          continue;
        }
        lp[i] = x[1 + yi][i] - lse;
        if (order === 0) continue;
        for (let k = 0; k < K; k++) d1[1 + k][i] = (k === yi ? 1 : 0) - p[k];
        if (order === 2) curvature(d2, i);
      }
    },
    fisher(len, x, { d2 }) {
      for (let i = 0; i < len; i++) {
        if (Number.isNaN(softmax(x, i))) continue;
        curvature(d2, i);
      }
    },
  };
}

/** One draw of the level code from softmax(η): inversion of the cumulative probabilities (max-shifted, no overflow). */
export function randomCategorical(eta: readonly number[], rand: () => number): number {
  let m = -Infinity;
  for (const e of eta) if (e > m) m = e;
  if (!Number.isFinite(m)) return NaN;
  let s = 0;
  for (const e of eta) s += Math.exp(e - m);
  const u = rand() * s;
  let c = 0;
  for (let k = 0; k < eta.length; k++) {
    c += Math.exp(eta[k] - m);
    if (u < c) return k;
  }
  return eta.length - 1;
}
