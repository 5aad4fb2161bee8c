// Exponential(rate): log-density and exact partials in (y, rate).

import type { DistImpl } from './types.ts';

export const exponential: DistImpl = {
  name: 'Exponential',
  fisher(len, [, r], { d2 }) {
    for (let i = 0; i < len; i++) {
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = -1 / (r[i] * r[i]);
    }
  },
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
