// Log-CDFs and log-survival functions as ℓ = h(t): a tail function h of one standardised quantity t(y, θ), chained
// (Normal, LogNormal, Logistic, Weibull, Exponential; tail-chain.ts does the incomplete gamma/beta families).

import { log1pexp, logPhi, millsInv } from '../eval/special.ts';
import { logistic } from '../eval/functions.ts';
import { tri, type DistOut } from './types.ts';

/** h(t) with h'(t) and h''(t). */
export interface Tail {
  v: number;
  d: number;
  dd: number;
}

export type TailFn = (t: number, out: Tail) => void;

/**
 * Writes row i of ℓ = h(t): ℓ_a = h'·t_a and ℓ_ab = h''·t_a·t_b + h'·t_ab, where g holds t's gradient over the K
 * entries of x (y first) and H its Hessian packed with tri(·, ·, K).
 */
export function chainTail(
  i: number,
  h: Tail,
  g: Float64Array,
  H: Float64Array,
  K: number,
  order: 0 | 1 | 2,
  { lp, d1, d2 }: DistOut,
): void {
  lp[i] = h.v;
  if (order === 0) return;
  for (let a = 0; a < K; a++) d1[a][i] = h.d * g[a];
  if (order === 1) return;
  for (let a = 0; a < K; a++)
    for (let b = a; b < K; b++) {
      const j = tri(a, b, K);
      d2[j][i] = h.dd * g[a] * g[b] + h.d * H[j];
    }
}

/** A tail that is flat at its limit (log S below the support is 0; log F there is −∞): every partial zero. */
export function flatTail(i: number, v: number, K: number, order: 0 | 1 | 2, { lp, d1, d2 }: DistOut): void {
  lp[i] = v;
  if (order >= 1) for (let a = 0; a < K; a++) d1[a][i] = 0;
  if (order === 2) for (let j = 0; j < d2.length; j++) d2[j][i] = 0;
}

/** log Φ(r): h' = λ(r) = φ(r)/Φ(r) (inverse Mills ratio, no underflow), h'' = −λ(r + λ). */
export const normalLogCdf: TailFn = (r, o) => {
  o.v = logPhi(r);
  const l = millsInv(r);
  o.d = l;
  o.dd = -l * (r + l);
};

/** log(1 − Φ(r)) = log Φ(−r), by symmetry: never log(1 − tiny). */
export const normalLogSurvival: TailFn = (r, o) => {
  o.v = logPhi(-r);
  const l = millsInv(-r);
  o.d = -l;
  o.dd = -l * (-r + l);
};

/** Standard logistic: log F(r) = −log(1 + e^−r); h' = 1 − F(r), h'' = −F(1 − F). */
export const logisticLogCdf: TailFn = (r, o) => {
  o.v = -log1pexp(-r);
  const f = logistic(r);
  const s = logistic(-r);
  o.d = s;
  o.dd = -f * s;
};

/** log S(r) = −log(1 + e^r); h' = −F(r), h'' = −F(1 − F). */
export const logisticLogSurvival: TailFn = (r, o) => {
  o.v = -log1pexp(r);
  const f = logistic(r);
  const s = logistic(-r);
  o.d = -f;
  o.dd = -f * s;
};

/** Cumulative hazard t: log S = −t. */
export const hazardLogSurvival: TailFn = (t, o) => {
  o.v = -t;
  o.d = -1;
  o.dd = 0;
};

/**
 * Cumulative hazard t: log F = log(1 − e^−t), from expm1 below log 2 (t tiny: F ≈ t, no cancellation) and log1p
 * above (F near 1); h' = 1/(e^t − 1), h'' = −h'(1 + h').
 */
export const hazardLogCdf: TailFn = (t, o) => {
  o.v = t < Math.LN2 ? Math.log(-Math.expm1(-t)) : Math.log1p(-Math.exp(-t));
  const d = 1 / Math.expm1(t);
  o.d = d;
  o.dd = -d * (1 + d);
};

/**
 * ℓ = h((y − m)/s) over x = [y, m, s] (Normal, Logistic); with `logY`, ℓ = h((log y − m)/s) (LogNormal), where
 * y ≤ 0 gives the flat value `belowSupport`. r_y = 1/s (or 1/(s y)), r_m = −1/s, r_s = −r/s; r_ys = −r_y/s,
 * r_ms = 1/s², r_ss = 2r/s², and with log y also r_yy = −1/(s y²).
 */
export function locationScaleTail(
  h: TailFn,
  logY: boolean,
  belowSupport: number,
): (len: number, x: readonly Float64Array[], order: 0 | 1 | 2, out: DistOut) => void {
  const g = new Float64Array(3);
  const H = new Float64Array(6);
  const o: Tail = { v: 0, d: 0, dd: 0 };
  return (len, [y, m, s], order, out) => {
    for (let i = 0; i < len; i++) {
      const si = s[i];
      const yi = y[i];
      if (!(si > 0) || Number.isNaN(yi)) {
        out.lp[i] = -Infinity; // invalid arguments, as in logpdf: the optimizer backs off
        continue;
      }
      if (logY && !(yi > 0)) {
        flatTail(i, belowSupport, 3, order, out);
        continue;
      }
      const is = 1 / si;
      const u = logY ? Math.log(yi) : yi;
      const r = (u - m[i]) * is;
      h(r, o);
      if (!Number.isFinite(r)) {
        // y = ±∞: the tail is at its limit (0 or −∞) and flat.
        flatTail(i, o.v, 3, order, out);
        continue;
      }
      const dy = logY ? is / yi : is;
      g[0] = dy;
      g[1] = -is;
      g[2] = -r * is;
      H[0] = logY ? -dy / yi : 0; // y,y
      H[1] = 0; // y,m
      H[2] = -dy * is; // y,s
      H[3] = 0; // m,m
      H[4] = is * is; // m,s
      H[5] = 2 * r * is * is; // s,s
      chainTail(i, o, g, H, 3, order, out);
    }
  };
}

/**
 * Weibull(k, λ) over x = [y, k, λ] through its cumulative hazard t = (y/λ)^k, L = log(y/λ):
 * t_y = k t/y, t_k = t L, t_λ = −k t/λ; t_yy = k(k−1)t/y², t_yk = t(1 + kL)/y, t_yλ = −k² t/(yλ), t_kk = t L²,
 * t_kλ = −t(1 + kL)/λ, t_λλ = k(k+1)t/λ². At y = 0, t = 0 (log S = 0, log F = −∞) and the tail is flat.
 */
export function weibullTail(
  h: TailFn,
  atZero: number,
): (len: number, x: readonly Float64Array[], order: 0 | 1 | 2, out: DistOut) => void {
  const g = new Float64Array(3);
  const H = new Float64Array(6);
  const o: Tail = { v: 0, d: 0, dd: 0 };
  return (len, [y, k, lam], order, out) => {
    for (let i = 0; i < len; i++) {
      const yi = y[i];
      const ki = k[i];
      const li = lam[i];
      if (!(ki > 0) || !(li > 0) || Number.isNaN(yi)) {
        out.lp[i] = -Infinity;
        continue;
      }
      if (!(yi > 0) || yi === Infinity) {
        if (yi === Infinity) h(Infinity, o);
        flatTail(i, yi === Infinity ? o.v : atZero, 3, order, out);
        continue;
      }
      const L = Math.log(yi / li);
      const t = Math.exp(ki * L);
      h(t, o);
      const a = 1 + ki * L;
      g[0] = (ki * t) / yi;
      g[1] = t * L;
      g[2] = (-ki * t) / li;
      H[0] = (ki * (ki - 1) * t) / (yi * yi);
      H[1] = (t * a) / yi;
      H[2] = (-ki * ki * t) / (yi * li);
      H[3] = t * L * L;
      H[4] = (-t * a) / li;
      H[5] = (ki * (ki + 1) * t) / (li * li);
      chainTail(i, o, g, H, 3, order, out);
    }
  };
}

/** Exponential(rate) over x = [y, rate]: t = rate·y, t_y = rate, t_rate = y, t_y,rate = 1. */
export function exponentialTail(
  h: TailFn,
  atZero: number,
): (len: number, x: readonly Float64Array[], order: 0 | 1 | 2, out: DistOut) => void {
  const g = new Float64Array(2);
  const H = new Float64Array(3);
  const o: Tail = { v: 0, d: 0, dd: 0 };
  return (len, [y, r], order, out) => {
    for (let i = 0; i < len; i++) {
      const yi = y[i];
      const ri = r[i];
      if (!(ri > 0) || Number.isNaN(yi)) {
        out.lp[i] = -Infinity;
        continue;
      }
      if (!(yi > 0) || yi === Infinity) {
        if (yi === Infinity) h(Infinity, o);
        flatTail(i, yi === Infinity ? o.v : atZero, 2, order, out);
        continue;
      }
      h(ri * yi, o);
      g[0] = ri;
      g[1] = yi;
      H[0] = 0;
      H[1] = 1;
      H[2] = 0;
      chainTail(i, o, g, H, 2, order, out);
    }
  };
}
