// Poisson(lambda) on counts: exact partials in (y, lambda) and the family's facts.

import { lgamma } from '../eval/special.ts';
import type { Family } from './types.ts';
import { wmean, positive } from './sample-stats.ts';
import { randPoisson } from './random.ts';
import { logIncGamma } from '../eval/incomplete-gamma.ts';
import { constantTail, makeLogTail } from '../eval/log-tail.ts';
import { TailChain } from './tail-chain.ts';

const tail = makeLogTail(2);
const chain = new TailChain(2, 2);
chain.j(0, 1, 1);

/**
 * P(Y ≤ y) = Q(⌊y⌋ + 1, λ) and P(Y > y) = P(⌊y⌋ + 1, λ) (regularized incomplete gamma in x = λ; the shape is data),
 * so ∂/∂λ P(Y ≤ y) = −dpois(y, λ) exactly. y is discrete: its partials are zero.
 */
const poissonTail =
  (upper: boolean): Family['logCdf'] =>
  (len, [y, lam], order, out) => {
    for (let i = 0; i < len; i++) {
      const l = lam[i];
      const yi = Math.floor(y[i]);
      if (!(l >= 0) || Number.isNaN(yi)) {
        out.lp[i] = -Infinity;
        continue;
      }
      if (yi < 0 || yi === Infinity) constantTail(tail, yi < 0 === upper ? 0 : -Infinity);
      else logIncGamma(l, yi + 1, !upper, tail);
      chain.write(tail, out, i, order);
    }
  };

/** −log y!, computed once per fit when y is data; shared with the fused form and NegBinomial. */
export const countConstant = { args: [0], f: (x: readonly number[]) => -lgamma(x[0] + 1) };

export const poisson: Family = {
  name: 'Poisson',
  args: [{ name: 'lambda', domain: 'positive', doc: 'rate (> 0)' }],
  support: { kind: 'count', discrete: true, text: 'y ∈ {0, 1, 2, …}' },
  doc: {
    density: 'P(y) = lambda^y exp(-lambda) / y!',
    mean: 'lambda',
    variance: 'lambda',
    closedFormMle: 'lambda = mean(y)',
  },
  example: [3.2],
  mean: ([l]) => l,
  starts: (y, w) => [positive(wmean(y, w), 0.1)],
  random: ([l], rand) => randPoisson(l, rand),
  weightedMle(y, w) {
    const m = wmean(y, w);
    return m > 0 ? [m] : undefined;
  },
  fisher(len, [, lam], { d2 }) {
    for (let i = 0; i < len; i++) {
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = -1 / lam[i];
    }
  },
  nargs: 1,
  dataConstant: countConstant,
  logCdf: poissonTail(false),
  logSurvival: poissonTail(true),
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
