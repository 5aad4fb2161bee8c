// log I_x(a, b) or log(1 − I_x(a, b)) (regularized incomplete beta) with exact partials in (x, a, b), in both tails.

import { betaln, digamma, trigamma } from './special.ts';
import { cfDerivs } from './cf-derivs.ts';
import { complement, constantTail, makeLogTail, type LogTail } from './log-tail.ts';

// Natural variables u = (x, a, b); packed Hessian order: xx, xa, xb, aa, ab, bb.
const cf = new Float64Array(6);
const swapped = makeLogTail(3);

/**
 * The quotient rule for a coefficient d = N/D of the fraction, where N and D are polynomials in (a, b) given with
 * their partials (p = a, q = b): fills out[0..5] = d, d_a, d_b, d_aa, d_ab, d_bb.
 */
function quotient(
  out: Float64Array,
  N: number,
  Na: number,
  Nb: number,
  Naa: number,
  Nab: number,
  D: number,
  Da: number,
  Daa: number,
): void {
  const d = N / D;
  const da = (Na - d * Da) / D;
  const db = Nb / D;
  out[0] = d;
  out[1] = da;
  out[2] = db;
  out[3] = (Naa - 2 * da * Da - d * Daa) / D;
  out[4] = (Nab - db * Da) / D;
  out[5] = 0;
}

/**
 * I_x(a, b) = x^a y^b / (a B(a, b)) · 1/(1 + d_1/(1 + d_2/(1 + …))) with y = 1 − x, d_{2m+1} = −(a+m)(a+b+m)x /
 * ((a+2m)(a+2m+1)), d_{2m} = m(b−m)x/((a+2m−1)(a+2m)) (the fraction of Numerical Recipes' betacf, which converges
 * fast for x < (a+1)/(a+b+2)); its (a, b)-partials come from the differentiated recurrences (Boik & Robison-Cox 1998).
 */
function lowerFraction(x: number, y: number, lx: number, ly: number, a: number, b: number, t: LogTail): void {
  cfDerivs((n, al, be) => {
    be.fill(0);
    be[0] = 1;
    if (n === 1) {
      al.fill(0);
      al[0] = 1;
      return;
    }
    const k = n - 1;
    if (k % 2 === 0) {
      const m = k / 2;
      quotient(al, m * (b - m) * x, 0, m * x, 0, 0, (a + 2 * m - 1) * (a + 2 * m), 2 * a + 4 * m - 1, 2);
    } else {
      const m = (k - 1) / 2;
      const N = -x * (a + m) * (a + b + m);
      quotient(
        al,
        N,
        -x * (2 * a + b + 2 * m),
        -x * (a + m),
        -2 * x,
        -x,
        (a + 2 * m) * (a + 2 * m + 1),
        2 * a + 4 * m + 1,
        2,
      );
    }
  }, cf);
  const f = cf[0];
  const fa = cf[1] / f;
  const fb = cf[2] / f;
  const pab = digamma(a + b);
  const tab = trigamma(a + b);
  t.lv = a * lx + b * ly - Math.log(a) - betaln(a, b) + Math.log(f);
  const ga = lx - 1 / a - digamma(a) + pab + fa;
  const gb = ly - digamma(b) + pab + fb;
  t.g[1] = ga;
  t.g[2] = gb;
  // Ratios T_ij/T = ∂²log T + ∂_i log T ∂_j log T.
  t.h[3] = 1 / (a * a) - trigamma(a) + tab + cf[3] / f - fa * fa + ga * ga;
  t.h[4] = tab + cf[4] / f - fa * fb + ga * gb;
  t.h[5] = -trigamma(b) + tab + cf[5] / f - fb * fb + gb * gb;
  // ∂I/∂x is the density x^(a−1) y^(b−1)/B(a, b), and I / density = x y f / a.
  const gx = a / (x * y * f);
  t.g[0] = gx;
  t.h[0] = gx * ((a - 1) / x - (b - 1) / y);
  t.h[1] = gx * (lx - digamma(a) + pab);
  t.h[2] = gx * (ly - digamma(b) + pab);
}

/**
 * log I_x(a, b) (upper = false) or log(1 − I_x(a, b)) (upper = true) with ratios over (x, a, b), into t; y = 1 − x is
 * passed separately (and log x, log y optionally) so a caller that knows them exactly (μ/(θ+μ), −log1p(t²/ν)) loses
 * nothing near x = 1 or for large shapes, where a·log x carries the error of log x a-fold. The fraction is
 * evaluated for whichever of I_x(a, b), I_y(b, a) = 1 − I_x(a, b) it converges for, on the log scale; the other tail
 * is log1p(−that). a, b > 0, 0 ≤ x ≤ 1.
 */
export function logIncBeta(
  x: number,
  y: number,
  a: number,
  b: number,
  upper: boolean,
  t: LogTail,
  lx = Math.log(x),
  ly = Math.log(y),
): void {
  if (x <= 0) return constantTail(t, upper ? 0 : -Infinity);
  if (y <= 0) return constantTail(t, upper ? -Infinity : 0);
  if (x < (a + 1) / (a + b + 2)) {
    lowerFraction(x, y, lx, ly, a, b, t);
    if (upper) complement(t);
    return;
  }
  // J(y, b, a) = I_y(b, a) is the upper tail; map its (y, b, a) partials back to (x, a, b): ∂x = −∂y, a and b swap.
  const s = swapped;
  lowerFraction(y, x, ly, lx, b, a, s);
  t.lv = s.lv;
  t.g[0] = -s.g[0];
  t.g[1] = s.g[2];
  t.g[2] = s.g[1];
  t.h[0] = s.h[0];
  t.h[1] = -s.h[2];
  t.h[2] = -s.h[1];
  t.h[3] = s.h[5];
  t.h[4] = s.h[4];
  t.h[5] = s.h[3];
  if (!upper) complement(t);
}
