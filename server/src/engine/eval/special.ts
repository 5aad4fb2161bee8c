// Special functions from @stdlib (log-gamma, digamma, trigamma, normal CDF/quantile, erfc, chi-square and t quantiles, t CDF), typed in one place.

import gammalnImpl from '@stdlib/math-base-special-gammaln';
import digammaImpl from '@stdlib/math-base-special-digamma';
import trigammaImpl from '@stdlib/math-base-special-trigamma';
import erfcImpl from '@stdlib/math-base-special-erfc';
import betalnImpl from '@stdlib/math-base-special-betaln';
import normalQuantileImpl from '@stdlib/stats-base-dists-normal-quantile';
import chisqQuantileImpl from '@stdlib/stats-base-dists-chisquare-quantile';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';
import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';

// Types come from the packages' own declarations.
type F1 = (x: number) => number;

export const lgamma: F1 = gammalnImpl;
export const digamma: F1 = digammaImpl;
export const trigamma: F1 = trigammaImpl;
export const erfc: F1 = erfcImpl;
/**
 * log(1 + e^x) = max(x, 0) + log1p(e^−|x|): no overflow, the small tail (e^x for x ≪ 0) kept. Native Math.exp and
 * Math.log1p are several times faster than the @stdlib port, and this sits in every logistic row of every evaluation.
 */
export const log1pexp: F1 = (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
export const betaln: (a: number, b: number) => number = betalnImpl;

const SQRT1_2 = Math.SQRT1_2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Standard normal CDF, accurate in both tails through erfc. */
export const Phi: F1 = (x) => 0.5 * erfc(-x * SQRT1_2);
/** log Φ(x) for any x: log1p of the upper tail above 0, erfc down to −35 (relative accuracy there), below by the asymptotic series. */
export function logPhi(x: number): number {
  if (x > 0) return Math.log1p(-0.5 * erfc(x * SQRT1_2));
  if (x > -35) return Math.log(0.5 * erfc(-x * SQRT1_2));
  // Φ(x) = φ(x)/|x| · (1 − 1/x² + 3/x⁴ − 15/x⁶ + …); at |x| ≥ 35 the terms below stop under 1e-16.
  const z = 1 / (x * x);
  const s = 1 - z * (1 - 3 * z * (1 - 5 * z * (1 - 7 * z * (1 - 9 * z * (1 - 11 * z)))));
  return -0.5 * x * x - LOG_SQRT_2PI - Math.log(-x) + Math.log(s);
}
/** log(1 − Φ(x)) = log Φ(−x), exact by symmetry. */
export const logPhiC: F1 = (x) => logPhi(-x);
/** φ(x)/Φ(x), the inverse Mills ratio, without underflow: d/dx log Φ(x); behaves like −x for x → −∞. */
export const millsInv: F1 = (x) => Math.exp(-0.5 * x * x - LOG_SQRT_2PI - logPhi(x));
/** Standard normal density. */
export const phi: F1 = (x) => Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
/** Standard normal quantile. */
export const probit: F1 = (p) => normalQuantileImpl(p, 0, 1);
export const chisqQuantile: (p: number, k: number) => number = chisqQuantileImpl;
/** Student t quantile and CDF with ν degrees of freedom (fit df = residual). */
export const tQuantile: (p: number, nu: number) => number = tQuantileImpl;
export const tCdf: (x: number, nu: number) => number = tCdfImpl;

/** Two-sided normal p-value for z, computed in the tail (no 1 - Phi cancellation). */
export const twoSidedP: F1 = (z) => erfc(Math.abs(z) * SQRT1_2);

export const LOG_2PI = Math.log(2 * Math.PI);

/** log(n choose k) for real n ≥ k ≥ 0 via log-gamma. */
export function lchoose(n: number, k: number): number {
  if (k === 0 || k === n) return 0;
  return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/**
 * The ν-only parts of the StudentT log-density and its first two ν-derivatives:
 * c = lgamma((ν+1)/2) − lgamma(ν/2) − ½log(νπ), c′ = ½ψ((ν+1)/2) − ½ψ(ν/2) − 1/(2ν), c″ = ¼ψ′((ν+1)/2) − ¼ψ′(ν/2) + 1/(2ν²).
 * For large ν each is a difference of nearly equal terms (lgamma(ν/2) ≈ 1e16 at ν = 1e15), so there the asymptotic
 * series of log Γ(x+½)/Γ(x) = ½log x − 1/(8x) + 1/(192x³) + O(x⁻⁵), x = ν/2, and its derivatives are used instead.
 */
export function studentTShape(nu: number): readonly [c: number, c1: number, c2: number] {
  // ν is usually one parameter shared by every row: the last ν's values are kept (three special functions a row).
  if (nu === shapeNu) return shapeOf;
  shapeNu = nu;
  shapeOf = studentTShapeAt(nu);
  return shapeOf;
}

let shapeNu = NaN;
let shapeOf: readonly [number, number, number] = [NaN, NaN, NaN];

function studentTShapeAt(nu: number): readonly [c: number, c1: number, c2: number] {
  if (nu > 2e4) {
    const i = 1 / nu;
    const i2 = i * i;
    return [-0.5 * LOG_2PI - i / 4 + (i * i2) / 24, i2 / 4 - (i2 * i2) / 8, -(i * i2) / 2 + (i * i2 * i2) / 2];
  }
  return [
    lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * Math.log(nu * Math.PI),
    0.5 * digamma((nu + 1) / 2) - 0.5 * digamma(nu / 2) - 0.5 / nu,
    0.25 * trigamma((nu + 1) / 2) - 0.25 * trigamma(nu / 2) + 0.5 / (nu * nu),
  ];
}
