// BinomialProbit(size, eta), the fused form of Binomial(size, Phi(eta)): computed with log Φ(η) and log Φ(−η).

import { lchoose, logPhi, millsInv } from '../eval/special.ts';
import type { FusedForm } from './types.ts';
import { PP, binomialConstant } from './binomial.ts';

/** lp = log C(n, y) + y·log Φ(η) + (n − y)·log Φ(−η); partials as in BernoulliProbit, weighted by y and n − y. */
export const binomialProbit: FusedForm = {
  name: 'BinomialProbit',
  fuses: { family: 'Binomial', arg: 1, link: 'Phi' },
  fisher(len, [, size, eta], { d2 }) {
    for (let i = 0; i < len; i++) {
      for (let j = 0; j < PP; j++) d2[j][i] = 0;
      d2[PP][i] = -size[i] * millsInv(eta[i]) * millsInv(-eta[i]);
    }
  },
  nargs: 2,
  dataConstant: binomialConstant,
  logpdf(len, [y, size, eta], order, { lp, d1, d2 }, k) {
    for (let i = 0; i < len; i++) {
      const e = eta[i];
      const yi = y[i];
      const ni = size[i];
      if (yi > ni) {
        lp[i] = -Infinity;
        continue;
      }
      const fails = ni - yi;
      lp[i] = (k ? k[i] : lchoose(ni, yi)) + (yi !== 0 ? yi * logPhi(e) : 0) + (fails !== 0 ? fails * logPhi(-e) : 0);
      if (order === 0) continue;
      const mu = millsInv(e);
      const ml = millsInv(-e);
      d1[0][i] = 0;
      d1[1][i] = 0;
      d1[2][i] = yi * mu - fails * ml;
      if (order === 1) continue;
      for (let j = 0; j < PP; j++) d2[j][i] = 0;
      d2[PP][i] = -yi * mu * (e + mu) - fails * ml * (ml - e);
    }
  },
};
