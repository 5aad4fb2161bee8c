// Bernoulli(p) on y ∈ {0, 1}: exact partials in (y, p) and the family's facts.

import type { Family } from './types.ts';
import { wmean, clampProb } from './sample-stats.ts';

export const bernoulli: Family = {
  name: 'Bernoulli',
  args: [{ name: 'p', domain: 'probability', doc: 'probability of a 1, in (0, 1)' }],
  support: { kind: 'binary', discrete: true, text: 'y ∈ {0, 1}' },
  doc: { density: 'P(y) = p^y (1-p)^(1-y)', mean: 'p', variance: 'p (1-p)', closedFormMle: 'p = mean(y)' },
  example: [0.35],
  mean: ([p]) => p,
  starts: (y, w) => [clampProb(wmean(y, w))],
  random: ([p], rand) => (rand() < p ? 1 : 0),
  // The MLE on the boundary (all 0 or all 1) has no derivative there: none is offered.
  weightedMle(y, w) {
    const p = wmean(y, w);
    return p > 0 && p < 1 ? [p] : undefined;
  },
  fisher(len, [, p], { d2 }) {
    for (let i = 0; i < len; i++) {
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = -1 / (p[i] * (1 - p[i]));
    }
  },
  nargs: 1,
  logpdf(len, [y, p], order, { lp, d1, d2 }) {
    for (let i = 0; i < len; i++) {
      const pi = p[i];
      const yi = y[i];
      if (!(pi >= 0 && pi <= 1)) {
        lp[i] = -Infinity;
        continue;
      }
      // 0·log 0 = 0, so a certain outcome that happened costs nothing.
      lp[i] = (yi !== 0 ? yi * Math.log(pi) : 0) + (yi !== 1 ? (1 - yi) * Math.log1p(-pi) : 0);
      if (order === 0) continue;
      const q = 1 - pi;
      d1[0][i] = Math.log(pi) - Math.log1p(-pi);
      d1[1][i] = yi / pi - (1 - yi) / q;
      if (order === 1) continue;
      d2[0][i] = 0;
      d2[1][i] = 1 / pi + 1 / q;
      d2[2][i] = -yi / (pi * pi) - (1 - yi) / (q * q);
    }
  },
};
