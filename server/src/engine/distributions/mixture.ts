// Mixture(w, D1, D2): log(w·f1 + (1−w)·f2) by log-sum-exp, with exact partials from the components' own.

import { makeOut, tri, type DistImpl, type DistOut } from './types.ts';

/**
 * Global argument layout: x = [y, w, D1 args…, D2 args…]. Component c sees [y, its args]; `g(c, i)` maps its
 * local index i to the global one (0 stays y).
 */
export function mixture(c1: DistImpl, c2: DistImpl, chunk: number): DistImpl {
  const K = 2 + c1.nargs + c2.nargs;
  const comps = [c1, c2];
  const offset = [2, 2 + c1.nargs];
  const g = (c: number, i: number): number => (i === 0 ? 0 : offset[c] + i - 1);
  const outs: DistOut[] = comps.map((c) => makeOut(c.nargs + 1, chunk));
  const views = comps.map((c) => new Array<Float64Array>(c.nargs + 1));
  // Per-row first-derivative ratios ∂f/f and second ratios ∂²f/f, in global indices.
  const G = new Float64Array(K);
  const S = new Float64Array(K * K);
  return {
    name: `Mixture(${c1.name}, ${c2.name})`,
    nargs: K - 1,
    logpdf(len, x, order, { lp, d1, d2 }) {
      const w = x[1];
      for (let c = 0; c < 2; c++) {
        const v = views[c];
        v[0] = x[0];
        for (let i = 1; i <= comps[c].nargs; i++) v[i] = x[g(c, i)];
        comps[c].logpdf(len, v, order, outs[c]);
      }
      const [o1, o2] = outs;
      for (let i = 0; i < len; i++) {
        const wi = w[i];
        if (!(wi > 0 && wi < 1)) {
          lp[i] = -Infinity;
          continue;
        }
        const a = Math.log(wi) + o1.lp[i];
        const b = Math.log1p(-wi) + o2.lp[i];
        const m = Math.max(a, b);
        if (m === -Infinity) {
          lp[i] = -Infinity;
          continue;
        }
        const l = m + Math.log(Math.exp(a - m) + Math.exp(b - m));
        lp[i] = l;
        if (order === 0) continue;
        // Responsibilities; a component with zero density contributes nothing (and its NaN partials are ignored).
        const r = [Math.exp(a - l), Math.exp(b - l)];
        G.fill(0);
        G[1] = r[0] / wi - r[1] / (1 - wi);
        for (let c = 0; c < 2; c++) {
          if (r[c] === 0) continue;
          const o = outs[c];
          for (let j = 0; j <= comps[c].nargs; j++) G[g(c, j)] += r[c] * o.d1[j][i];
        }
        for (let j = 0; j < K; j++) d1[j][i] = G[j];
        if (order === 1) continue;
        S.fill(0);
        for (let c = 0; c < 2; c++) {
          if (r[c] === 0) continue;
          const o = outs[c];
          const n = comps[c].nargs + 1;
          const sign = c === 0 ? 1 / wi : -1 / (1 - wi);
          for (let p = 0; p < n; p++) {
            const gp = g(c, p);
            // ∂²f/∂w∂θ = ±f_c·∂l_c/∂θ.
            S[1 * K + gp] += r[c] * sign * o.d1[p][i];
            S[gp * K + 1] += r[c] * sign * o.d1[p][i];
            for (let q = 0; q < n; q++) S[gp * K + g(c, q)] += r[c] * (o.d2[tri(p, q, n)][i] + o.d1[p][i] * o.d1[q][i]);
          }
        }
        for (let p = 0; p < K; p++) for (let q = p; q < K; q++) d2[tri(p, q, K)][i] = S[p * K + q] - G[p] * G[q];
      }
    },
  };
}
