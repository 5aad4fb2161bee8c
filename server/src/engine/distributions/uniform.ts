// Uniform(lower, upper): non-regular (the support moves with the parameters); partials and the family's facts.

import type { Family } from './types.ts';
import { wrange } from './sample-stats.ts';

/** Non-regular: the likelihood is maximal on the edge of the support, so the engine warns (non-regular). */
export const uniform: Family = {
  name: 'Uniform',
  args: [
    { name: 'lower', domain: 'real', doc: 'lower end' },
    { name: 'upper', domain: 'real', doc: 'upper end (> lower)' },
  ],
  support: { kind: 'uniform', discrete: false, text: 'lower ≤ y ≤ upper' },
  doc: {
    density: 'f(y) = 1/(upper - lower)',
    mean: '(lower+upper)/2',
    variance: '(upper-lower)^2/12',
    closedFormMle: 'lower = min(y), upper = max(y)',
    notes: 'Non-regular: the support depends on the parameters, so asymptotic SEs are not valid.',
  },
  example: [-1, 2.5],
  mean: ([lo, hi]) => (lo + hi) / 2,
  // The sample range, widened by a thousandth so every observation is strictly inside (a finite log-likelihood).
  starts(y, w) {
    const { min, max } = wrange(y, w);
    const pad = max > min ? (max - min) * 1e-3 : 1;
    return [min - pad, max + pad];
  },
  random: ([lo, hi], rand) => lo + (hi - lo) * rand(),
  nargs: 2,
  /** log((y − lower)/w), w = upper − lower; u = y − lower: ∂ = (1/u, −1/u + 1/w, −1/w). */
  logCdf(len, [y, lo, hi], order, { lp, d1, d2 }) {
    for (let i = 0; i < len; i++) {
      const w = hi[i] - lo[i];
      const u = y[i] - lo[i];
      if (!(w > 0) || Number.isNaN(u)) {
        lp[i] = -Infinity;
        continue;
      }
      const inside = u > 0 && u < w;
      lp[i] = u <= 0 ? -Infinity : u >= w ? 0 : Math.log(u / w);
      if (order === 0) continue;
      const iu = inside ? 1 / u : 0;
      const iw = inside ? 1 / w : 0;
      d1[0][i] = iu;
      d1[1][i] = iw - iu;
      d1[2][i] = -iw;
      if (order === 1) continue;
      d2[0][i] = -iu * iu;
      d2[1][i] = iu * iu;
      d2[2][i] = 0;
      d2[3][i] = iw * iw - iu * iu;
      d2[4][i] = -iw * iw;
      d2[5][i] = iw * iw;
    }
  },
  /** log((upper − y)/w); v = upper − y: ∂ = (−1/v, 1/w, 1/v − 1/w). */
  logSurvival(len, [y, lo, hi], order, { lp, d1, d2 }) {
    for (let i = 0; i < len; i++) {
      const w = hi[i] - lo[i];
      const v = hi[i] - y[i];
      if (!(w > 0) || Number.isNaN(v)) {
        lp[i] = -Infinity;
        continue;
      }
      const inside = v > 0 && v < w;
      lp[i] = v <= 0 ? -Infinity : v >= w ? 0 : Math.log(v / w);
      if (order === 0) continue;
      const iv = inside ? 1 / v : 0;
      const iw = inside ? 1 / w : 0;
      d1[0][i] = -iv;
      d1[1][i] = iw;
      d1[2][i] = iv - iw;
      if (order === 1) continue;
      d2[0][i] = -iv * iv;
      d2[1][i] = 0;
      d2[2][i] = iv * iv;
      d2[3][i] = iw * iw;
      d2[4][i] = -iw * iw;
      d2[5][i] = iw * iw - iv * iv;
    }
  },
  logpdf(len, [y, lo, hi], order, { lp, d1, d2 }) {
    for (let i = 0; i < len; i++) {
      const w = hi[i] - lo[i];
      if (!(w > 0) || y[i] < lo[i] || y[i] > hi[i]) {
        lp[i] = -Infinity;
        continue;
      }
      lp[i] = -Math.log(w);
      if (order === 0) continue;
      d1[0][i] = 0;
      d1[1][i] = 1 / w;
      d1[2][i] = -1 / w;
      if (order === 1) continue;
      const w2 = 1 / (w * w);
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = 0;
      d2[3][i] = w2;
      d2[4][i] = -w2;
      d2[5][i] = w2;
    }
  },
};
