// Gamma(shape, rate) on y > 0: exact partials in (y, shape, rate) and the family's facts.

import { lgamma, digamma, trigamma } from '../eval/special.ts';
import type { Family } from './types.ts';
import { wmoments, positive } from './sample-stats.ts';
import { randGamma } from './random.ts';
import { logIncGamma } from '../eval/incomplete-gamma.ts';
import { makeLogTail } from '../eval/log-tail.ts';
import { TailChain } from './tail-chain.ts';

const tail = makeLogTail(2);
const chain = new TailChain(2, 3);
chain.j(1, 1, 1);

/**
 * P(Y ≤ y) = P(shape, rate·y), the regularized incomplete gamma, on the log scale in both tails with exact partials
 * in (x, a) (the shape's from the differentiated series / continued fraction); chained through x = rate·y:
 * x_y = rate, x_rate = y, x_y,rate = 1.
 */
const gammaTail =
  (upper: boolean): Family['logCdf'] =>
  (len, [y, k, b], order, out) => {
    for (let i = 0; i < len; i++) {
      if (!(k[i] > 0) || !(b[i] > 0) || Number.isNaN(y[i])) {
        out.lp[i] = -Infinity;
        continue;
      }
      logIncGamma(b[i] * y[i], k[i], upper, tail);
      chain.j(0, 0, b[i]);
      chain.j(0, 2, y[i]);
      chain.jj(0, 0, 2, 1);
      chain.write(tail, out, i, order);
    }
  };

export const gamma: Family = {
  name: 'Gamma',
  args: [
    { name: 'shape', domain: 'positive', doc: 'shape (> 0)' },
    { name: 'rate', domain: 'positive', doc: 'rate (> 0)' },
  ],
  support: { kind: 'positive', discrete: false, text: 'y > 0' },
  doc: {
    density: 'f(y) = rate^shape y^(shape-1) exp(-rate y) / Γ(shape)',
    mean: 'shape/rate',
    variance: 'shape/rate^2',
  },
  example: [2.5, 0.8],
  mean: ([k, b]) => k / b,
  // Moments: mean = k/b, variance = k/b².
  starts(y, w) {
    const { mean, sd } = wmoments(y, w);
    const v = sd * sd;
    return v > 0 && mean > 0 ? [(mean * mean) / v, mean / v] : [1, 1 / positive(mean)];
  },
  random: ([k, b], rand) => randGamma(k, rand) / b,
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
  logCdf: gammaTail(false),
  logSurvival: gammaTail(true),
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
