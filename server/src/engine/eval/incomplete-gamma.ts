// log P(a, x) or log Q(a, x) (regularized incomplete gamma) with exact partials in (x, a), accurate in both tails.

import { lgamma, digamma, trigamma } from './special.ts';
import { cfDerivs } from './cf-derivs.ts';
import { complement, constantTail, type LogTail } from './log-tail.ts';

// Natural variables u = (x, a); packed Hessian order: xx, xa, aa.
const XX = 0;
const XA = 1;
const AA = 2;
const EPS = 1e-17;
const cf = new Float64Array(6);
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log(x^a e^(−x) / Γ(a+1)). Directly for a < 15; above, a·log x − x − lgamma(a+1) cancels to a·eps·log a absolute
 * (2e-7 at a = 1e8), so it is written as a·(log1p(u) − u) − stirlerr(a) − ½log(2πa) with u = (x − a)/a and Stirling's
 * series stirlerr(a) = 1/(12a) − 1/(360a³) + 1/(1260a⁵) − 1/(1680a⁷) + 1/(1188a⁹) (next term < 1e-16 at a ≥ 15):
 * error eps·|x − a| instead (Loader's idea for dpois); away from x ≈ a, a·log(x/a) − (x − a) has nothing to cancel.
 */
function logPrefix(x: number, a: number): number {
  if (a < 15) return a * Math.log(x) - x - lgamma(a + 1);
  const u = (x - a) / a;
  const i = 1 / a;
  const i2 = i * i;
  const stirlerr = i * (1 / 12 - i2 * (1 / 360 - i2 * (1 / 1260 - i2 * (1 / 1680 - i2 / 1188))));
  // Away from x ≈ a nothing cancels, and log1p(u) would lose x ≪ a (u rounds to −1).
  const core = Math.abs(u) < 0.5 ? a * (Math.log1p(u) - u) : a * (Math.log(x) - Math.log(a)) - (x - a);
  return core - stirlerr - 0.5 * Math.log(a) - HALF_LOG_2PI;
}

/**
 * Lower tail by its series (x < a + 1): P = x^a e^(−x)/Γ(a+1) · S, S = Σ t_n, t_n = Π_{j≤n} x/(a+j).
 * ∂t_n/∂a = −t_n H_n and ∂²t_n/∂a² = t_n (H_n² + G_n) with H_n = Σ 1/(a+j), G_n = Σ 1/(a+j)²: every term of S, S_a
 * and S_aa has one sign, so the sums are exact to rounding (the ∂/∂a series of Moore 1982).
 */
function lowerSeries(x: number, a: number, t: LogTail): void {
  let term = 1;
  let S = 1;
  let Sa = 0;
  let Saa = 0;
  let H = 0;
  let G = 0;
  for (let n = 1; n < 1e6; n++) {
    const inv = 1 / (a + n);
    term *= x * inv;
    H += inv;
    G += inv * inv;
    S += term;
    Sa -= term * H;
    Saa += term * (H * H + G);
    if (term < EPS * S && term * H <= -EPS * Sa && term * (H * H + G) <= EPS * Saa) break;
  }
  const lx = Math.log(x);
  t.lv = logPrefix(x, a) + Math.log(S);
  const ga = lx - digamma(a + 1) + Sa / S;
  t.g[1] = ga;
  t.h[AA] = ga * ga - trigamma(a + 1) + Saa / S - (Sa / S) * (Sa / S);
  // P_x = x^(a−1) e^(−x)/Γ(a), and P / P_x = x S / a.
  const gx = a / (x * S);
  t.g[0] = gx;
  t.h[XX] = gx * ((a - 1) / x - 1);
  t.h[XA] = gx * (lx - digamma(a));
}

/**
 * Upper tail by Legendre's continued fraction (x ≥ a + 1): Q = x^a e^(−x)/Γ(a) · f,
 * f = 1/(x+1−a − 1(1−a)/(x+3−a − 2(2−a)/(x+5−a − …))), with its a-partials from cfDerivs.
 */
function upperFraction(x: number, a: number, t: LogTail): void {
  cfDerivs((n, al, be) => {
    al.fill(0);
    be.fill(0);
    if (n === 1) {
      al[0] = 1;
    } else {
      const k = n - 1;
      al[0] = -k * (k - a);
      al[1] = k;
    }
    be[0] = x + 2 * n - 1 - a;
    be[1] = -1;
  }, cf);
  const f = cf[0];
  const fa = cf[1] / f;
  const lx = Math.log(x);
  // x^a e^(−x)/Γ(a) = a · x^a e^(−x)/Γ(a+1).
  t.lv = logPrefix(x, a) + Math.log(a) + Math.log(f);
  const ga = lx - digamma(a) + fa;
  t.g[1] = ga;
  t.h[AA] = ga * ga - trigamma(a) + cf[3] / f - fa * fa;
  // Q_x = −x^(a−1) e^(−x)/Γ(a), and Q / (−Q_x) = x f.
  const gx = -1 / (x * f);
  t.g[0] = gx;
  t.h[XX] = gx * ((a - 1) / x - 1);
  t.h[XA] = gx * (lx - digamma(a));
}

/**
 * log P(a, x) (upper = false) or log Q(a, x) = log(1 − P) (upper = true) with ratios over (x, a), into t. The series
 * or the fraction computes the smaller-or-comparable tail directly on the log scale, so a tail far below 1e-308 stays
 * finite; the other tail is log1p(−that). a > 0, x ≥ 0 (x = ∞ allowed).
 */
export function logIncGamma(x: number, a: number, upper: boolean, t: LogTail): void {
  if (x <= 0) return constantTail(t, upper ? 0 : -Infinity);
  if (x === Infinity) return constantTail(t, upper ? -Infinity : 0);
  const lowerComputed = x < a + 1;
  if (lowerComputed) lowerSeries(x, a, t);
  else upperFraction(x, a, t);
  if (lowerComputed === upper) complement(t);
}
