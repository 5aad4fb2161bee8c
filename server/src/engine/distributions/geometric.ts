// Geometric(p): failures before the first success; exact partials in (y, p) and the family's facts.

import type { Family } from './types.ts';
import { wmean, clampProb } from './sample-stats.ts';
import { openUniform } from './random.ts';

export const geometric: Family = {
  name: 'Geometric',
  args: [{ name: 'p', domain: 'probability', doc: 'success probability, in (0, 1)' }],
  support: { kind: 'count', discrete: true, text: 'y ∈ {0, 1, 2, …} (failures before the first success)' },
  doc: {
    density: 'P(y) = p (1-p)^y',
    mean: '(1-p)/p',
    variance: '(1-p)/p^2',
    closedFormMle: 'p = 1 / (1 + mean(y))',
  },
  example: [0.3],
  mean: ([p]) => (1 - p) / p,
  starts: (y, w) => [clampProb(1 / (1 + wmean(y, w)))],
  random: ([p], rand) => Math.floor(Math.log(openUniform(rand)) / Math.log1p(-p)),
  weightedMle(y, w) {
    const m = wmean(y, w);
    return m > 0 ? [1 / (1 + m)] : undefined;
  },
  fisher(len, [, p], { d2 }) {
    for (let i = 0; i < len; i++) {
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = -1 / (p[i] * p[i] * (1 - p[i]));
    }
  },
  nargs: 1,
  logpdf(len, [y, p], order, { lp, d1, d2 }) {
    for (let i = 0; i < len; i++) {
      const pi = p[i];
      const yi = y[i];
      if (!(pi > 0 && pi <= 1) || yi < 0) {
        lp[i] = -Infinity;
        continue;
      }
      lp[i] = Math.log(pi) + (yi !== 0 ? yi * Math.log1p(-pi) : 0);
      if (order === 0) continue;
      d1[0][i] = 0;
      d1[1][i] = 1 / pi - yi / (1 - pi);
      if (order === 1) continue;
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = -1 / (pi * pi) - yi / ((1 - pi) * (1 - pi));
    }
  },
};
