// A tail probability on the log scale with its partials as ratios (T_i/T, T_ij/T), and the complement 1 − T.

/**
 * lv = log T; g[i] = (∂T/∂u_i)/T; h[tri(i, j, m)] = (∂²T/∂u_i∂u_j)/T over m natural variables u. Ratios rather than
 * partials of T itself, so that a tail far below 1e-308 keeps finite, exact derivatives of log T:
 * ∂ log T = g, ∂² log T = h − g gᵀ.
 */
export interface LogTail {
  lv: number;
  readonly g: Float64Array;
  readonly h: Float64Array;
}

export function makeLogTail(m: number): LogTail {
  return { lv: 0, g: new Float64Array(m), h: new Float64Array((m * (m + 1)) / 2) };
}

/** log(1 − e^l) for l ≤ 0, accurate at both ends (Mächler 2012: expm1 above −log 2, log1p below). */
export function log1mexp(l: number): number {
  return l > -Math.LN2 ? Math.log(-Math.expm1(l)) : Math.log1p(-Math.exp(l));
}

/** Rewrites t in place to the complement 1 − T: its partials are −T's, so the ratios scale by −T/(1 − T). */
export function complement(t: LogTail): void {
  const lc = log1mexp(t.lv);
  const w = lc === -Infinity ? 0 : -Math.exp(t.lv - lc);
  t.lv = lc;
  for (let i = 0; i < t.g.length; i++) t.g[i] *= w;
  for (let i = 0; i < t.h.length; i++) t.h[i] *= w;
}

/** T = 0 (lv = −∞) or T = 1 (lv = 0): constant in every variable, so every ratio is zero. */
export function constantTail(t: LogTail, lv: number): void {
  t.lv = lv;
  t.g.fill(0);
  t.h.fill(0);
}
