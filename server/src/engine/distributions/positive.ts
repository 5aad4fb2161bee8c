// Densities on positive data: LogNormal, Gamma (shape, rate), Weibull (shape, scale), with exact partials in (y, args).

import { LOG_2PI, lgamma, digamma, trigamma } from '../eval/special.ts';
import type { DistImpl } from './types.ts';
import { normalFisher } from './normal.ts';

const HALF_LOG_2PI = 0.5 * LOG_2PI;

export const logNormal: DistImpl = {
  name: 'LogNormal',
  fisher: normalFisher,
  nargs: 2,
  logpdf(len, [y, mu, s], order, { lp, d1, d2 }) {
    for (let i = 0; i < len; i++) {
      const yi = y[i];
      const si = s[i];
      if (!(si > 0) || !(yi > 0)) {
        lp[i] = -Infinity;
        continue;
      }
      const ly = Math.log(yi);
      const is = 1 / si;
      const z = (ly - mu[i]) * is;
      lp[i] = -HALF_LOG_2PI - Math.log(si) - ly - 0.5 * z * z;
      if (order === 0) continue;
      const iy = 1 / yi;
      d1[0][i] = -(1 + z * is) * iy;
      d1[1][i] = z * is;
      d1[2][i] = (z * z - 1) * is;
      if (order === 1) continue;
      const is2 = is * is;
      d2[0][i] = (1 + z * is) * iy * iy - is2 * iy * iy;
      d2[1][i] = is2 * iy;
      d2[2][i] = 2 * z * is2 * iy;
      d2[3][i] = -is2;
      d2[4][i] = -2 * z * is2;
      d2[5][i] = (1 - 3 * z * z) * is2;
    }
  },
};

export const gamma: DistImpl = {
  name: 'Gamma',
  fisher(len, [, k, b], { d2 }) {
    for (let i = 0; i < len; i++) {
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = 0;
      d2[3][i] = -trigamma(k[i]);
      d2[4][i] = 1 / b[i];
      d2[5][i] = -k[i] / (b[i] * b[i]);
    }
  },
  nargs: 2,
  logpdf(len, [y, k, b], order, { lp, d1, d2 }) {
    for (let i = 0; i < len; i++) {
      const yi = y[i];
      const ki = k[i];
      const bi = b[i];
      if (!(ki > 0) || !(bi > 0) || !(yi > 0)) {
        lp[i] = -Infinity;
        continue;
      }
      const ly = Math.log(yi);
      const lb = Math.log(bi);
      lp[i] = ki * lb - lgamma(ki) + (ki - 1) * ly - bi * yi;
      if (order === 0) continue;
      d1[0][i] = (ki - 1) / yi - bi;
      d1[1][i] = lb - digamma(ki) + ly;
      d1[2][i] = ki / bi - yi;
      if (order === 1) continue;
      d2[0][i] = -(ki - 1) / (yi * yi);
      d2[1][i] = 1 / yi;
      d2[2][i] = -1;
      d2[3][i] = -trigamma(ki);
      d2[4][i] = 1 / bi;
      d2[5][i] = -ki / (bi * bi);
    }
  },
};

export const weibull: DistImpl = {
  name: 'Weibull',
  nargs: 2,
  logpdf(len, [y, k, lam], order, { lp, d1, d2 }) {
    for (let i = 0; i < len; i++) {
      const yi = y[i];
      const ki = k[i];
      const li = lam[i];
      if (!(ki > 0) || !(li > 0) || !(yi >= 0)) {
        lp[i] = -Infinity;
        continue;
      }
      const z = yi / li;
      const L = Math.log(z);
      const w = Math.pow(z, ki);
      // At y = 0, (k - 1)·log z is 0 for k = 1 and ±∞ otherwise.
      const core = ki === 1 && yi === 0 ? 0 : (ki - 1) * L;
      lp[i] = Math.log(ki) - Math.log(li) + core - w;
      if (order === 0) continue;
      d1[0][i] = (ki - 1 - ki * w) / yi;
      d1[1][i] = 1 / ki + L - w * L;
      d1[2][i] = (ki * (w - 1)) / li;
      if (order === 1) continue;
      d2[0][i] = (-ki * ki * w - ki + 1 + ki * w) / (yi * yi);
      d2[1][i] = (1 - w - ki * w * L) / yi;
      d2[2][i] = (ki * ki * w) / (li * yi);
      d2[3][i] = -1 / (ki * ki) - w * L * L;
      d2[4][i] = (w - 1) / li + (ki * w * L) / li;
      d2[5][i] = (-ki * (ki * w + w - 1)) / (li * li);
    }
  },
};
