// Poisson(lambda), and PoissonLog(eta) for lambda = exp(eta), which stays finite where lambda underflows.

import { lgamma } from '../eval/special.ts';
import type { DistImpl } from './types.ts';

const constant = { args: [0], f: (x: readonly number[]) => -lgamma(x[0] + 1) };

export const poisson: DistImpl = {
  name: 'Poisson',
  fisher(len, [, lam], { d2 }) {
    for (let i = 0; i < len; i++) {
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = -1 / lam[i];
    }
  },
  nargs: 1,
  dataConstant: constant,
  logpdf(len, [y, lam], order, { lp, d1, d2 }, k) {
    for (let i = 0; i < len; i++) {
      const l = lam[i];
      const yi = y[i];
      if (!(l >= 0) || (l === 0 && yi > 0)) {
        lp[i] = -Infinity;
        continue;
      }
      lp[i] = (yi !== 0 ? yi * Math.log(l) : 0) - l + (k ? k[i] : -lgamma(yi + 1));
      if (order === 0) continue;
      d1[0][i] = 0;
      d1[1][i] = yi / l - 1;
      if (order === 1) continue;
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = -yi / (l * l);
    }
  },
};

export const poissonLog: DistImpl = {
  name: 'PoissonLog',
  fisher(len, [, eta], { d2 }) {
    for (let i = 0; i < len; i++) {
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = -Math.exp(eta[i]);
    }
  },
  nargs: 1,
  dataConstant: constant,
  logpdf(len, [y, eta], order, { lp, d1, d2 }, k) {
    for (let i = 0; i < len; i++) {
      const e = eta[i];
      const l = Math.exp(e);
      lp[i] = y[i] * e - l + (k ? k[i] : -lgamma(y[i] + 1));
      if (order === 0) continue;
      d1[0][i] = 0;
      d1[1][i] = y[i] - l;
      if (order === 1) continue;
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = -l;
    }
  },
};
