// `fit df = residual`: R's summary(lm) inference for a linear Normal model (σ̂² = RSS/(n − p), t with n − p df).

import { wald, type WaldRow } from './inference.ts';
import type { EngineModel } from '../model.ts';
import { scalarEval } from '../eval/scalar-eval.ts';
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

/**
 * Derived quantities in `df = residual` mode, at the reported estimates (σ = lm's), delta-method SEs from lm's
 * covariance. A function of the coefficients only (e.g. a + 20·b, R's predict(lm, interval = "confidence")) gets the
 * exact t interval; one that involves σ keeps a Wald (z) interval, there being no exact t for it.
 */
export function residualDfDerived(
  model: EngineModel,
  lm: ResidualInference,
  sigmaIndex: number,
  level: number,
): { estimate: number | null; wald: WaldRow }[] {
  const theta = Float64Array.from(lm.estimates);
  const P = theta.length;
  const q = tQuantile(0.5 + level / 2, lm.df);
  return model.derived.map((d) => {
    const sg = scalarEval(d.expr, theta);
    let v: number | null = 0;
    for (let i = 0; i < P && v !== null; i++)
      for (let j = 0; j < P && v !== null; j++) {
        if (sg.grad[i] === 0 || sg.grad[j] === 0) continue;
        const c = lm.cov[i][j];
        v = c === null ? null : v + sg.grad[i] * c * sg.grad[j];
      }
    const estimate = Number.isFinite(sg.value) ? sg.value : null;
    const z = wald(sg.value, v, level);
    if (sg.grad[sigmaIndex] !== 0 || z.se === null) return { estimate, wald: z };
    return { estimate, wald: { se: z.se, z: null, p: null, ci: [sg.value - q * z.se, sg.value + q * z.se] } };
  });
}
