// BernoulliLogit(eta), the fused form of Bernoulli(logistic(eta)): stable in the tails, no log(1 - p) cancellation.

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
      // One exp serves both: log(1 + e^η) = max(η, 0) + log1p(e^−|η|) and μ = logistic(η) from the same e^−|η|.
      const t = Math.exp(e > 0 ? -e : e);
      lp[i] = y[i] * e - ((e > 0 ? e : 0) + Math.log1p(t));
      if (order === 0) continue;
      const m = e > 0 ? 1 / (1 + t) : t / (1 + t);
      d1[0][i] = e;
      d1[1][i] = y[i] - m;
      if (order === 1) continue;
      d2[0][i] = 0;
      d2[1][i] = 1;
      d2[2][i] = -m * (1 - m);
    }
  },
};
