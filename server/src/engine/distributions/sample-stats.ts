// Weighted sample summaries for the families' starts and closed-form M-steps (weights default to 1).

/** Weighted mean of f(y) over rows with positive weight and finite f(y). */
export function wmean(y: Float64Array, w?: Float64Array, f: (v: number) => number = (v) => v): number {
  let s = 0,
    sw = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i] : 1;
    const v = f(y[i]);
    if (!(wi > 0) || !Number.isFinite(v)) continue;
    s += wi * v;
    sw += wi;
  }
  return sw > 0 ? s / sw : NaN;
}

/** Weighted mean and standard deviation (dividing by the total weight: the ML form) of f(y). */
export function wmoments(y: Float64Array, w?: Float64Array, f?: (v: number) => number): { mean: number; sd: number } {
  if (!f) return plainMoments(y, w);
  const mean = wmean(y, w, f);
  const v = wmean(y, w, (x) => (f(x) - mean) ** 2);
  return { mean, sd: Math.sqrt(v) };
}

/** wmoments of y itself: the same sums over the same rows (w > 0, y finite), without a function call per row. */
function plainMoments(y: Float64Array, w?: Float64Array): { mean: number; sd: number } {
  let s = 0,
    sw = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i] : 1;
    const v = y[i];
    if (!(wi > 0) || !Number.isFinite(v)) continue;
    s += wi * v;
    sw += wi;
  }
  const mean = sw > 0 ? s / sw : NaN;
  let q = 0,
    qw = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i] : 1;
    const v = (y[i] - mean) ** 2;
    if (!(wi > 0) || !Number.isFinite(v)) continue;
    q += wi * v;
    qw += wi;
  }
  return { mean, sd: Math.sqrt(qw > 0 ? q / qw : NaN) };
}

/** Weighted p-quantile: the smallest y whose cumulative weight reaches p of the total (the weighted median at 0.5). */
export function wquantile(y: Float64Array, p: number, w?: Float64Array): number {
  if (!w) {
    // Unit weights: the ⌈p·N⌉-th smallest finite value (c ≥ p·N first holds at c = ⌈p·N⌉), from one sorted copy.
    const s = sortedFinite(y);
    return s.length ? s[Math.max(0, Math.ceil(p * s.length) - 1)] : NaN;
  }
  const idx: number[] = [];
  for (let i = 0; i < y.length; i++) if ((w ? w[i] > 0 : true) && Number.isFinite(y[i])) idx.push(i);
  if (idx.length === 0) return NaN;
  idx.sort((a, b) => y[a] - y[b]);
  let total = 0;
  for (const i of idx) total += w ? w[i] : 1;
  let c = 0;
  for (const i of idx) {
    c += w ? w[i] : 1;
    if (c >= p * total) return y[i];
  }
  return y[idx[idx.length - 1]];
}

const sortedCache = new WeakMap<Float64Array, { readonly print: number; readonly sorted: Float64Array }>();

/** A position-weighted sum of the finite values: one pass, so a reused buffer with new contents is not mistaken. */
function fingerprint(y: Float64Array): number {
  let f = 0;
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i])) f += y[i] * ((i % 7) + 1) + 1;
  return f;
}

/** The finite values of y in ascending order (a typed numeric sort), kept per column: starts ask several quantiles. */
function sortedFinite(y: Float64Array): Float64Array {
  const print = fingerprint(y);
  const hit = sortedCache.get(y);
  if (hit && Object.is(hit.print, print)) return hit.sorted;
  let k = 0;
  const buf = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i])) buf[k++] = y[i];
  const sorted = buf.subarray(0, k).sort();
  sortedCache.set(y, { print, sorted });
  return sorted;
}

/** Smallest and largest y among rows with positive weight. */
export function wrange(y: Float64Array, w?: Float64Array): { min: number; max: number } {
  let min = Infinity,
    max = -Infinity;
  for (let i = 0; i < y.length; i++) {
    if ((w && !(w[i] > 0)) || !Number.isFinite(y[i])) continue;
    if (y[i] < min) min = y[i];
    if (y[i] > max) max = y[i];
  }
  return { min, max };
}

/** Keeps a probability estimate strictly inside (0, 1), where the log-density is finite and has a gradient. */
export const clampProb = (p: number): number => Math.min(1 - 1e-6, Math.max(1e-6, p));

/** Keeps a positive estimate finite and away from 0. */
export const positive = (v: number, fallback = 1): number => (v > 1e-12 && Number.isFinite(v) ? v : fallback);
