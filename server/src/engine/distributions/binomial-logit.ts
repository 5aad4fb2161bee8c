// BinomialLogit(size, eta), the fused form of Binomial(size, logistic(eta)): no log(1 - p) cancellation in the tails.

import { lchoose, log1pexp } from '../eval/special.ts';
import { logistic } from '../eval/functions.ts';
import type { FusedForm } from './types.ts';
import { PP, binomialConstant } from './binomial.ts';

export const binomialLogit: FusedForm = {
  name: 'BinomialLogit',
  fuses: { family: 'Binomial', arg: 1, link: 'logistic' },
  fisher(len, [, size, eta], { d2 }) {
    for (let i = 0; i < len; i++) {
      const m = logistic(eta[i]);
      for (let j = 0; j < PP; j++) d2[j][i] = 0;
      d2[PP][i] = -size[i] * m * (1 - m);
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
