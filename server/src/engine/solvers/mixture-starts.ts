// Data-driven starts for a K-component mixture: hard splits of the outcome (quantile groups, seeded k-means, random
// quantile cuts), each a group per row, with groups numbered from the smallest values up.

import { rng } from './multistart.ts';

export interface HardStart {
  readonly label: string;
  /** Group (0…K−1) of every row. */
  readonly group: Int32Array;
}

/** Groups by rank: cut points at the given fractions of the sorted outcome (ties stay together). */
function splitAt(y: Float64Array, order: Int32Array, cuts: readonly number[]): Int32Array {
  const n = y.length;
  const g = new Int32Array(n);
  const at = cuts.map((f) => y[order[Math.min(n - 1, Math.max(0, Math.floor(f * n)))]]);
  for (let i = 0; i < n; i++) {
    let k = 0;
    while (k < at.length && y[i] >= at[k]) k++;
    g[i] = k;
  }
  return g;
}

/** One-dimensional k-means (k-means++ seeding, Lloyd iterations); groups renumbered by centre. */
function kMeans(y: Float64Array, K: number, rand: () => number): Int32Array {
  const n = y.length;
  const centre = new Float64Array(K);
  centre[0] = y[Math.floor(rand() * n)];
  const d = new Float64Array(n);
  for (let have = 1; have < K; have++) {
    let tot = 0;
    for (let i = 0; i < n; i++) {
      let m = Infinity;
      for (let k = 0; k < have; k++) m = Math.min(m, (y[i] - centre[k]) ** 2);
      d[i] = m;
      tot += m;
    }
    let u = rand() * tot;
    // The next centre is row i with probability d_i / Σd (k-means++).
    let pick = 0;
    while (pick < n - 1 && (u -= d[pick]) > 0) pick++;
    centre[have] = y[pick];
  }
  const g = new Int32Array(n);
  const sum = new Float64Array(K);
  const cnt = new Float64Array(K);
  for (let it = 0; it < 100; it++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      const yi = y[i];
      let best = 0;
      let bd = Math.abs(yi - centre[0]);
      for (let k = 1; k < K; k++) {
        const dk = Math.abs(yi - centre[k]);
        if (dk < bd) {
          best = k;
          bd = dk;
        }
      }
      if (g[i] !== best) moved = true;
      g[i] = best;
    }
    sum.fill(0);
    cnt.fill(0);
    for (let i = 0; i < n; i++) {
      sum[g[i]] += y[i];
      cnt[g[i]]++;
    }
    for (let k = 0; k < K; k++) if (cnt[k] > 0) centre[k] = sum[k] / cnt[k];
    if (!moved && it > 0) break;
  }
  const rank = Array.from(centre, (c, k) => [c, k]).sort((a, b) => a[0] - b[0]);
  const to = new Int32Array(K);
  rank.forEach(([, k], r) => (to[k] = r));
  return g.map((k) => to[k]);
}

/** Equal-count quantile groups, `kmeans` seeded k-means runs and `random` random quantile cuts. */
export function hardStarts(y: Float64Array, K: number, seed: number, kmeans: number, random: number): HardStart[] {
  const order = Int32Array.from(y.keys()).sort((a, b) => y[a] - y[b]);
  const rand = rng(seed);
  const out: HardStart[] = [
    {
      label: 'quantile split',
      group: splitAt(
        y,
        order,
        Array.from({ length: K - 1 }, (_, k) => (k + 1) / K),
      ),
    },
  ];
  for (let s = 0; s < kmeans; s++) out.push({ label: 'k-means', group: kMeans(y, K, rand) });
  for (let s = 0; s < random; s++) {
    const cuts = Array.from({ length: K - 1 }, () => 0.1 + 0.8 * rand()).sort((a, b) => a - b);
    out.push({ label: 'random quantile split', group: splitAt(y, order, cuts) });
  }
  return out;
}

/** All orderings of 0…K−1 (to try every assignment of groups to components of different families). */
export function permutations(K: number): number[][] {
  if (K <= 1) return [[0]];
  return permutations(K - 1).flatMap((p) =>
    Array.from({ length: K }, (_, i) => [...p.slice(0, i), K - 1, ...p.slice(i)]),
  );
}
