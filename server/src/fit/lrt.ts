// Likelihood-ratio test p-values: χ²(df), and the χ̄² mixture when restricted parameters lie on a bound.

import { logIncGamma } from '../engine/eval/incomplete-gamma.ts';
import { makeLogTail } from '../engine/eval/log-tail.ts';

const tail = makeLogTail(2);

/** P(χ²(df) > x) = Q(df/2, x/2), the regularized upper incomplete gamma; χ²(0) is the point mass at 0. */
export function chisqSurvival(x: number, df: number): number {
  if (!(x > 0)) return 1;
  if (df <= 0) return 0;
  logIncGamma(x / 2, df / 2, true, tail);
  return Math.exp(tail.lv);
}

/**
 * p-value of the statistic 2Δℓ on df = Δk degrees of freedom when `b` of the restricted parameters lie on a bound of
 * their range under the smaller model. Under the usual conditions (Self & Liang 1987) with the b boundary parameters
 * orthogonal to each other, the statistic is asymptotically χ̄² = Σ_j C(b, j)/2^b · χ²(df − b + j), j = 0…b: for one
 * boundary parameter the 50:50 mixture of χ²(df − 1) and χ²(df), which halves the χ²(1) p-value when df = 1.
 */
export function lrtPValue(stat: number, df: number, b: number): number {
  const x = Math.max(0, stat);
  if (b <= 0) return chisqSurvival(x, df);
  let p = 0;
  let c = 1; // C(b, j)
  for (let j = 0; j <= b; j++) {
    p += (c / 2 ** b) * chisqSurvival(x, df - b + j);
    c = (c * (b - j)) / (j + 1);
  }
  return Math.min(1, p);
}
