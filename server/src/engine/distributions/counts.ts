// Count densities beyond Poisson: NegBinomial(mu, size) in R's glm.nb parametrisation, and Geometric(p).

import { lgamma, digamma, trigamma } from '../eval/special.ts';
import type { DistImpl } from './types.ts';

export const negBinomial: DistImpl = {
  name: 'NegBinomial',
  nargs: 2,
  dataConstant: { args: [0], f: (x) => -lgamma(x[0] + 1) },
  logpdf(len, [y, mu, th], order, { lp, d1, d2 }, k) {
    for (let i = 0; i < len; i++) {
      const yi = y[i];
      const m = mu[i];
      const t = th[i];
      if (!(m > 0) || !(t > 0) || yi < 0) {
        lp[i] = -Infinity;
        continue;
      }
      const tm = t + m;
      const ltm = Math.log(tm);
      // θ·log(θ/(θ+μ)) = −θ·log1p(μ/θ): accurate when θ ≫ μ (near-Poisson data).
      lp[i] =
        lgamma(yi + t) -
        lgamma(t) +
        (k ? k[i] : -lgamma(yi + 1)) -
        t * Math.log1p(m / t) +
        (yi !== 0 ? yi * (Math.log(m) - ltm) : 0);
      if (order === 0) continue;
      d1[0][i] = 0;
      d1[1][i] = yi / m - (t + yi) / tm;
      d1[2][i] = digamma(yi + t) - digamma(t) - Math.log1p(m / t) + (m - yi) / tm;
      if (order === 1) continue;
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = 0;
      d2[3][i] = -yi / (m * m) + (t + yi) / (tm * tm);
      d2[4][i] = (yi - m) / (tm * tm);
      d2[5][i] = trigamma(yi + t) - trigamma(t) + 1 / t - 1 / tm - (m - yi) / (tm * tm);
    }
  },
};

export const geometric: DistImpl = {
  name: 'Geometric',
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
