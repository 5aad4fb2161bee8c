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
export function wmoments(
  y: Float64Array,
  w?: Float64Array,
  f: (v: number) => number = (v) => v,
): { mean: number; sd: number } {
  const mean = wmean(y, w, f);
  const v = wmean(y, w, (x) => (f(x) - mean) ** 2);
  return { mean, sd: Math.sqrt(v) };
}

/** Weighted p-quantile: the smallest y whose cumulative weight reaches p of the total (the weighted median at 0.5). */
export function wquantile(y: Float64Array, p: number, w?: Float64Array): number {
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
