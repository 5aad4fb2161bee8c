// Bernoulli(p), and BernoulliLogit(eta) used when p = logistic(eta): stable in the tails, no log(1 - p) cancellation.

import { log1pexp } from '../eval/special.ts';
import { logistic } from '../eval/functions.ts';
import type { DistImpl } from './types.ts';

export const bernoulli: DistImpl = {
  name: 'Bernoulli',
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

export const bernoulliLogit: DistImpl = {
  name: 'BernoulliLogit',
  fisher(len, [, eta], { d2 }) {
    for (let i = 0; i < len; i++) {
      const m = logistic(eta[i]);
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = -m * (1 - m);
    }
  },
  nargs: 1,
  logpdf(len, [y, eta], order, { lp, d1, d2 }) {
    for (let i = 0; i < len; i++) {
      const e = eta[i];
      lp[i] = y[i] * e - log1pexp(e);
      if (order === 0) continue;
      const m = logistic(e);
      d1[0][i] = e;
      d1[1][i] = y[i] - m;
      if (order === 1) continue;
      d2[0][i] = 0;
      d2[1][i] = 1;
      d2[2][i] = -m * (1 - m);
    }
  },
};
