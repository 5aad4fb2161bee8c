// Mixture(w1…w(K−1), D1…DK): log Σ_c w_c·f_c by log-sum-exp, with exact partials from the components' own.

import { makeOut, tri, type DistImpl, type DistOut } from './types.ts';
import { normal } from './normal.ts';
import { normalMixture } from './normal-mixture.ts';

/** Argument layout of a K-component mixture: x = [y, w1…w(K−1), D1 args…, …, DK args…]. */
export interface MixtureLayout {
  readonly K: number;
  /** Global index (in x) of component c's first argument. */
  readonly offset: readonly number[];
  /** Number of entries of x (y, weights, every component's arguments). */
  readonly width: number;
}

export function mixtureLayout(comps: readonly { readonly nargs: number }[]): MixtureLayout {
  const K = comps.length;
  const offset: number[] = [];
  let at = K; // y and the K − 1 weights come first
  for (const c of comps) {
    offset.push(at);
    at += c.nargs;
  }
  return { K, offset, width: at };
}

/**
 * The weights are w_c = x[c] for c < K and w_K = 1 − Σ w_c; any weight outside (0, 1) gives −∞. Component c sees
 * [y, its args]; `g(c, i)` maps its local index i to the global one (0 stays y). With r_c = w_c f_c / f:
 *   ∂ log f/∂w_j = r_j/w_j − r_K/w_K,  ∂ log f/∂θ = Σ_c r_c ∂l_c/∂θ,
 * and the second partials are S − G Gᵀ with S = (∂²f)/f: zero in (w, w), ±r_c/w_c ∂l_c in (w, θ_c), and
 * r_c (∂²l_c + ∂l_c ∂l_cᵀ) in (θ_c, θ_c).
 */
export function mixture(comps: readonly DistImpl[], chunk: number): DistImpl {
  // Every component Normal: the same algebra fused per row (normal-mixture.ts), no per-component buffers.
  if (comps.every((c) => c === normal)) return normalMixture(comps.length);
  return genericMixture(comps, chunk);
}

/** The component-agnostic form: each component's own logpdf over the chunk, combined row by row. */
export function genericMixture(comps: readonly DistImpl[], chunk: number): DistImpl {
  const { K, offset, width: W } = mixtureLayout(comps);
  const g = (c: number, i: number): number => (i === 0 ? 0 : offset[c] + i - 1);
  const outs: DistOut[] = comps.map((c) => makeOut(c.nargs + 1, chunk));
  const views = comps.map((c) => new Array<Float64Array>(c.nargs + 1));
  // Per-row first-derivative ratios ∂f/f and second ratios ∂²f/f, in global indices; per-row weights and log terms.
  const G = new Float64Array(W);
  const S = new Float64Array(W * W);
  const w = new Float64Array(K);
  const a = new Float64Array(K);
  const r = new Float64Array(K);
  // Index tables computed once: global index of each component's local one, packed pair positions.
  const gi = comps.map((c, k) => Int32Array.from({ length: c.nargs + 1 }, (_, i) => g(k, i)));
  const triC = comps.map((c) => {
    const n = c.nargs + 1;
    return Int32Array.from({ length: n * n }, (_, k) => tri(Math.floor(k / n), k % n, n));
  });
  const triW = Int32Array.from({ length: W * W }, (_, k) => tri(Math.floor(k / W), k % W, W));
  // log w_c of the previous row: the weights are usually parameters, the same on every row.
  const wPrev = new Float64Array(K).fill(NaN);
  const lw = new Float64Array(K);
  return {
    name: `Mixture(${comps.map((c) => c.name).join(', ')})`,
    nargs: W - 1,
    logpdf(len, x, order, { lp, d1, d2 }) {
      for (let c = 0; c < K; c++) {
        const v = views[c];
        v[0] = x[0];
        for (let i = 1; i <= comps[c].nargs; i++) v[i] = x[g(c, i)];
        comps[c].logpdf(len, v, order, outs[c]);
      }
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
        for (let c = 0; c < K; c++) {
          if (w[c] !== wPrev[c]) {
            wPrev[c] = w[c];
            lw[c] = Math.log(w[c]);
          }
          a[c] = lw[c] + outs[c].lp[i];
          if (a[c] > m) m = a[c];
        }
        if (m === -Infinity || Number.isNaN(m)) {
          lp[i] = -Infinity;
          continue;
        }
        let s = 0;
        for (let c = 0; c < K; c++) s += Math.exp(a[c] - m);
        const l = m + Math.log(s);
        lp[i] = l;
        if (order === 0) continue;
        // Responsibilities; a component with zero density contributes nothing (and its NaN partials are ignored).
        for (let c = 0; c < K; c++) r[c] = Math.exp(a[c] - l);
        const rK = r[K - 1] / w[K - 1];
        G.fill(0);
        for (let c = 0; c < K - 1; c++) G[1 + c] = r[c] / w[c] - rK;
        for (let c = 0; c < K; c++) {
          if (r[c] === 0) continue;
          const o = outs[c];
          const gc = gi[c];
          for (let j = 0; j < gc.length; j++) G[gc[j]] += r[c] * o.d1[j][i];
        }
        for (let j = 0; j < W; j++) d1[j][i] = G[j];
        if (order === 1) continue;
        S.fill(0);
        for (let c = 0; c < K; c++) {
          if (r[c] === 0) continue;
          const o = outs[c];
          const gc = gi[c];
          const tc = triC[c];
          const n = gc.length;
          for (let p = 0; p < n; p++) {
            const gp = gc[p];
            const dp = o.d1[p][i];
            // ∂²f/∂w_j∂θ_c = f_c ∂l_c/∂θ_c for j = c, −f_K ∂l_K/∂θ_K for c = K (every j).
            if (c < K - 1) {
              S[(1 + c) * W + gp] += (r[c] / w[c]) * dp;
              S[gp * W + 1 + c] += (r[c] / w[c]) * dp;
            } else
              for (let j = 0; j < K - 1; j++) {
                S[(1 + j) * W + gp] -= rK * dp;
                S[gp * W + 1 + j] -= rK * dp;
              }
            for (let q = 0; q < n; q++) S[gp * W + gc[q]] += r[c] * (o.d2[tc[p * n + q]][i] + dp * o.d1[q][i]);
          }
        }
        for (let p = 0; p < W; p++) for (let q = p; q < W; q++) d2[triW[p * W + q]][i] = S[p * W + q] - G[p] * G[q];
      }
    },
  };
}
