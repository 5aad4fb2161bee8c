// BernoulliProbit(eta), the fused form of Bernoulli(Phi(eta)): log Φ(±η) stay finite where Φ under- or overflows.

import { logPhi, millsInv } from '../eval/special.ts';
import type { FusedForm } from './types.ts';

/**
 * lp = y·log Φ(η) + (1 − y)·log Φ(−η). With λ(x) = φ(x)/Φ(x): d/dη log Φ(η) = λ(η), d/dη log Φ(−η) = −λ(−η), and
 * λ'(x) = −λ(x)(x + λ(x)). The expected information is φ²/(Φ(1 − Φ)) = λ(η)·λ(−η).
 */
export const bernoulliProbit: FusedForm = {
  name: 'BernoulliProbit',
  fuses: { family: 'Bernoulli', arg: 0, link: 'Phi' },
  fisher(len, [, eta], { d2 }) {
    for (let i = 0; i < len; i++) {
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = -millsInv(eta[i]) * millsInv(-eta[i]);
    }
  },
  nargs: 1,
  logpdf(len, [y, eta], order, { lp, d1, d2 }) {
    for (let i = 0; i < len; i++) {
      const e = eta[i];
      const yi = y[i];
      const lu = logPhi(e);
      const ll = logPhi(-e);
      lp[i] = (yi !== 0 ? yi * lu : 0) + (yi !== 1 ? (1 - yi) * ll : 0);
      if (order === 0) continue;
      const mu = millsInv(e);
      const ml = millsInv(-e);
      d1[0][i] = lu - ll;
      d1[1][i] = yi * mu - (1 - yi) * ml;
      if (order === 1) continue;
      d2[0][i] = 0;
      d2[1][i] = mu + ml;
      d2[2][i] = -yi * mu * (e + mu) - (1 - yi) * ml * (ml - e);
    }
  },
};
