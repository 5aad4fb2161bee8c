// BernoulliLogit(eta), the fused form of Bernoulli(logistic(eta)): stable in the tails, no log(1 - p) cancellation.

import { log1pexp } from '../eval/special.ts';
import { logistic } from '../eval/functions.ts';
import type { FusedForm } from './types.ts';

export const bernoulliLogit: FusedForm = {
  name: 'BernoulliLogit',
  fuses: { family: 'Bernoulli', arg: 0, link: 'logistic' },
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
