// Exponential(rate) on y ≥ 0: exact partials in (y, rate) and the family's facts.

import type { Family } from './types.ts';
import { wmean, positive } from './sample-stats.ts';
import { openUniform } from './random.ts';
import { exponentialTail, hazardLogCdf, hazardLogSurvival } from './tail-standard.ts';

export const exponential: Family = {
  name: 'Exponential',
  args: [{ name: 'rate', domain: 'positive', doc: 'rate (> 0)' }],
  support: { kind: 'nonnegative', discrete: false, text: 'y ≥ 0' },
  doc: {
    density: 'f(y) = rate exp(-rate y)',
    mean: '1/rate',
    variance: '1/rate^2',
    closedFormMle: 'rate = 1 / mean(y)',
  },
  example: [0.7],
  mean: ([r]) => 1 / r,
  starts: (y, w) => [1 / positive(wmean(y, w))],
  random: ([r], rand) => -Math.log(openUniform(rand)) / r,
  weightedMle(y, w) {
    const m = wmean(y, w);
    return m > 0 ? [1 / m] : undefined;
  },
  fisher(len, [, r], { d2 }) {
    for (let i = 0; i < len; i++) {
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = -1 / (r[i] * r[i]);
    }
  },
  // Cumulative hazard rate·y: log S = −rate·y, log F = log(1 − e^−rate·y).
  logCdf: exponentialTail(hazardLogCdf, -Infinity),
  logSurvival: exponentialTail(hazardLogSurvival, 0),
  nargs: 1,
  logpdf(len, [y, r], order, { lp, d1, d2 }) {
    for (let i = 0; i < len; i++) {
      const ri = r[i];
      const yi = y[i];
      if (!(ri > 0) || yi < 0) {
        lp[i] = -Infinity;
        continue;
      }
      lp[i] = Math.log(ri) - ri * yi;
      if (order === 0) continue;
      d1[0][i] = -ri;
      d1[1][i] = 1 / ri - yi;
      if (order === 1) continue;
      d2[0][i] = 0;
      d2[1][i] = -1;
      d2[2][i] = -1 / (ri * ri);
    }
  },
};
