// EM for Mixture(w, Normal(m1, s1), Normal(m2, s2)) with each argument a parameter: closed-form E and M steps.

import type { EngineModel, Term } from '../model.ts';
import type { OptimizeResult } from './types.ts';

export interface EmSetup {
  /** Parameter indices of w, m1, s1, m2, s2. */
  readonly idx: readonly [number, number, number, number, number];
  readonly y: Float64Array;
}

/** The model is one Normal–Normal mixture term on data whose five arguments are distinct parameters. */
export function emSetup(model: EngineModel, terms: readonly Term[]): EmSetup | undefined {
  if (terms.length !== 1 || model.priors.length) return undefined;
  const t = terms[0];
  const c = t.dist.components;
  if (t.dist.name !== 'Mixture' || !c || c[0].name !== 'Normal' || c[1].name !== 'Normal' || t.y.op !== 'data')
    return undefined;
  if (!t.args.every((a) => a.op === 'param')) return undefined;
  const idx = t.args.map((a) => (a as { index: number }).index) as unknown as [number, number, number, number, number];
  if (new Set(idx).size !== 5) return undefined;
  return { idx, y: t.y.values };
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Iterates E and M steps from theta0 (natural scale) until the log-likelihood stops increasing. */
export function emNormalMixture(
  s: EmSetup,
  theta0: Float64Array,
  maxiter: number,
  tol: number,
): { theta: Float64Array; result: OptimizeResult } {
  const [iw, im1, is1, im2, is2] = s.idx;
  const th = Float64Array.from(theta0);
  const y = s.y;
  const n = y.length;
  const r = new Float64Array(n);
  let ll = -Infinity;
  for (let it = 1; it <= maxiter * 20; it++) {
    const w = th[iw],
      m1 = th[im1],
      s1 = th[is1],
      m2 = th[im2],
      s2 = th[is2];
    // E step: responsibilities by log-sum-exp; the log-likelihood at the current parameters comes for free.
    let newLl = 0;
    for (let i = 0; i < n; i++) {
      const a = Math.log(w) - Math.log(s1) - LOG_SQRT_2PI - 0.5 * ((y[i] - m1) / s1) ** 2;
      const b = Math.log1p(-w) - Math.log(s2) - LOG_SQRT_2PI - 0.5 * ((y[i] - m2) / s2) ** 2;
      const m = Math.max(a, b);
      const l = m + Math.log(Math.exp(a - m) + Math.exp(b - m));
      r[i] = Math.exp(a - l);
      newLl += l;
    }
    if (!Number.isFinite(newLl))
      return {
        theta: th,
        result: { u: th, f: NaN, iterations: it, converged: false, reason: 'EM reached a degenerate component' },
      };
    if (newLl - ll <= tol * (1 + Math.abs(newLl)) && it > 1) {
      return {
        theta: th,
        result: {
          u: th,
          f: -newLl,
          iterations: it,
          converged: true,
          reason: 'EM: log-likelihood increase below tolerance',
        },
      };
    }
    ll = newLl;
    // M step: weighted means and (ML) standard deviations, and the mixing weight.
    let r1 = 0,
      y1 = 0,
      y2 = 0;
    for (let i = 0; i < n; i++) {
      r1 += r[i];
      y1 += r[i] * y[i];
      y2 += (1 - r[i]) * y[i];
    }
    const r2 = n - r1;
    const nm1 = y1 / r1,
      nm2 = y2 / r2;
    let v1 = 0,
      v2 = 0;
    for (let i = 0; i < n; i++) {
      v1 += r[i] * (y[i] - nm1) ** 2;
      v2 += (1 - r[i]) * (y[i] - nm2) ** 2;
    }
    th[iw] = r1 / n;
    th[im1] = nm1;
    th[is1] = Math.sqrt(v1 / r1);
    th[im2] = nm2;
    th[is2] = Math.sqrt(v2 / r2);
  }
  return {
    theta: th,
    result: { u: th, f: -ll, iterations: maxiter * 20, converged: false, reason: 'EM stopped at its iteration limit' },
  };
}
