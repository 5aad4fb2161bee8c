// PoissonLog(eta), the fused form of Poisson(exp(eta)): stays finite where lambda underflows.

import { lgamma } from '../eval/special.ts';
import type { FusedForm } from './types.ts';
import { countConstant } from './poisson.ts';

export const poissonLog: FusedForm = {
  name: 'PoissonLog',
  fuses: { family: 'Poisson', arg: 0, link: 'exp' },
  fisher(len, [, eta], { d2 }) {
    for (let i = 0; i < len; i++) {
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = -Math.exp(eta[i]);
    }
  },
  nargs: 1,
  dataConstant: countConstant,
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
