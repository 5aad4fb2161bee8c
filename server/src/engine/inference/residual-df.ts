// `fit df = residual`: R's summary(lm) inference for a linear Normal model (σ̂² = RSS/(n − p), t with n − p df).

import type { WaldRow } from './inference.ts';
import type { KnownAtOptimum } from '../solvers/solution.ts';
import { chisqQuantile, tCdf, tQuantile } from '../eval/special.ts';

export interface ResidualInference {
  /** σ reported as lm's residual standard error √(RSS/(n − p)); the coefficients are unchanged. */
  readonly estimates: number[];
  readonly wald: WaldRow[];
  readonly cov: (number | null)[][];
  readonly df: number;
}

/**
 * The MLE covariance σ̂²(XᵀX)⁻¹ with σ̂² = RSS/n becomes s²(XᵀX)⁻¹ with s² = RSS/(n − p): a factor n/(n − p).
 * Coefficients get t = b/se, two-sided p = 2·P(T_ν > |t|) (from the tail, no cancellation) and b ± t_{ν,(1+level)/2}·se.
 * σ gets the exact interval from RSS/σ² ~ χ²_ν: [√(RSS/χ²_{ν,(1+level)/2}), √(RSS/χ²_{ν,(1−level)/2})], and the
 * asymptotic SE s/√(2ν); no test (σ = 0 is not a hypothesis).
 */
export function residualDfInference(
  known: KnownAtOptimum,
  estimates: readonly number[],
  cov: (number | null)[][],
  level: number,
): ResidualInference | undefined {
  const r = known.residual;
  if (!r || !(r.df > 0)) return undefined;
  const n = r.df + (estimates.length - 1);
  const scale = n / r.df;
  const s = Math.sqrt(r.rss / r.df);
  const q = tQuantile(0.5 + level / 2, r.df);
  const est = estimates.slice();
  est[r.sigmaIndex] = s;
  const scaled = cov.map((row) => row.map((c) => (c === null ? null : c * scale)));
  scaled[r.sigmaIndex] = scaled[r.sigmaIndex].map((_, j) => (j === r.sigmaIndex ? (s * s) / (2 * r.df) : 0));
  scaled.forEach((row, i) => {
    if (i !== r.sigmaIndex) row[r.sigmaIndex] = 0;
  });
  const wald = est.map((b, j): WaldRow => {
    const v = scaled[j][j];
    if (j === r.sigmaIndex) {
      const lo = Math.sqrt(r.rss / chisqQuantile(0.5 + level / 2, r.df));
      const hi = Math.sqrt(r.rss / chisqQuantile(0.5 - level / 2, r.df));
      return { se: Math.sqrt(v!), z: null, p: null, ci: [lo, hi] };
    }
    if (v === null || !(v >= 0)) return { se: null, z: null, p: null, ci: [null, null] };
    const se = Math.sqrt(v);
    const t = se > 0 ? b / se : null;
    return {
      se,
      z: t,
      p: t === null ? null : 2 * tCdf(-Math.abs(t), r.df),
      ci: [b - q * se, b + q * se],
    };
  });
  return { estimates: est, wald, cov: scaled, df: r.df };
}
