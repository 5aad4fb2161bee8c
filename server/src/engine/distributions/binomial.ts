// Binomial(size, p), and BinomialLogit(size, eta) for p = logistic(eta); size is data (never differentiated).

import { lchoose, log1pexp } from '../eval/special.ts';
import { logistic } from '../eval/functions.ts';
import type { DistImpl } from './types.ts';

// Packed index of (p, p) among (y, size, p): tri(2, 2, 3).
const PP = 5;

const constant = { args: [0, 1], f: (x: readonly number[]) => lchoose(x[1], x[0]) };

export const binomial: DistImpl = {
  name: 'Binomial',
  fisher(len, [, size, p], { d2 }) {
    for (let i = 0; i < len; i++) {
      for (let j = 0; j < PP; j++) d2[j][i] = 0;
      d2[PP][i] = -size[i] / (p[i] * (1 - p[i]));
    }
  },
  nargs: 2,
  dataConstant: constant,
  logpdf(len, [y, size, p], order, { lp, d1, d2 }, k) {
    for (let i = 0; i < len; i++) {
      const pi = p[i];
      const yi = y[i];
      const ni = size[i];
      if (!(pi >= 0 && pi <= 1) || yi > ni) {
        lp[i] = -Infinity;
        continue;
      }
      const c = k ? k[i] : lchoose(ni, yi);
      lp[i] = c + (yi !== 0 ? yi * Math.log(pi) : 0) + (ni - yi !== 0 ? (ni - yi) * Math.log1p(-pi) : 0);
      if (order === 0) continue;
      const q = 1 - pi;
      d1[0][i] = 0;
      d1[1][i] = 0;
      d1[2][i] = yi / pi - (ni - yi) / q;
      if (order === 1) continue;
      for (let j = 0; j < PP; j++) d2[j][i] = 0;
      d2[PP][i] = -yi / (pi * pi) - (ni - yi) / (q * q);
    }
  },
};

export const binomialLogit: DistImpl = {
  name: 'BinomialLogit',
  fisher(len, [, size, eta], { d2 }) {
    for (let i = 0; i < len; i++) {
      const m = logistic(eta[i]);
      for (let j = 0; j < PP; j++) d2[j][i] = 0;
      d2[PP][i] = -size[i] * m * (1 - m);
    }
  },
  nargs: 2,
  dataConstant: constant,
  logpdf(len, [y, size, eta], order, { lp, d1, d2 }, k) {
    for (let i = 0; i < len; i++) {
      const e = eta[i];
      const yi = y[i];
      const ni = size[i];
      if (yi > ni) {
        lp[i] = -Infinity;
        continue;
      }
      lp[i] = (k ? k[i] : lchoose(ni, yi)) + yi * e - ni * log1pexp(e);
      if (order === 0) continue;
      const m = logistic(e);
      d1[0][i] = 0;
      d1[1][i] = 0;
      d1[2][i] = yi - ni * m;
      if (order === 1) continue;
      for (let j = 0; j < PP; j++) d2[j][i] = 0;
      d2[PP][i] = -ni * m * (1 - m);
    }
  },
};
