// Beta(a, b) on (0, 1) and Uniform(lower, upper), with exact partials in (y, args).

import { betaln, digamma, trigamma } from '../eval/special.ts';
import type { DistImpl } from './types.ts';

export const beta: DistImpl = {
  name: 'Beta',
  fisher(len, [, a, b], { d2 }) {
    for (let i = 0; i < len; i++) {
      const tab = trigamma(a[i] + b[i]);
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = 0;
      d2[3][i] = -trigamma(a[i]) + tab;
      d2[4][i] = tab;
      d2[5][i] = -trigamma(b[i]) + tab;
    }
  },
  nargs: 2,
  logpdf(len, [y, a, b], order, { lp, d1, d2 }) {
    for (let i = 0; i < len; i++) {
      const yi = y[i];
      const ai = a[i];
      const bi = b[i];
      if (!(ai > 0) || !(bi > 0) || !(yi > 0 && yi < 1)) {
        lp[i] = -Infinity;
        continue;
      }
      const ly = Math.log(yi);
      const l1y = Math.log1p(-yi);
      lp[i] = (ai - 1) * ly + (bi - 1) * l1y - betaln(ai, bi);
      if (order === 0) continue;
      const dab = digamma(ai + bi);
      d1[0][i] = (ai - 1) / yi - (bi - 1) / (1 - yi);
      d1[1][i] = ly - digamma(ai) + dab;
      d1[2][i] = l1y - digamma(bi) + dab;
      if (order === 1) continue;
      const tab = trigamma(ai + bi);
      d2[0][i] = -(ai - 1) / (yi * yi) - (bi - 1) / ((1 - yi) * (1 - yi));
      d2[1][i] = 1 / yi;
      d2[2][i] = -1 / (1 - yi);
      d2[3][i] = -trigamma(ai) + tab;
      d2[4][i] = tab;
      d2[5][i] = -trigamma(bi) + tab;
    }
  },
};

/** Non-regular: the likelihood is maximal on the edge of the support, so the engine warns (non-regular). */
export const uniform: DistImpl = {
  name: 'Uniform',
  nargs: 2,
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
