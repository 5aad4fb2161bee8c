// Beta(a, b) on 0 < y < 1: exact partials in (y, a, b) and the family's facts.

import { betaln, digamma, trigamma } from '../eval/special.ts';
import type { Family } from './types.ts';
import { wmoments } from './sample-stats.ts';
import { randGamma } from './random.ts';
import { logIncBeta } from '../eval/incomplete-beta.ts';
import { makeLogTail } from '../eval/log-tail.ts';
import { TailChain } from './tail-chain.ts';

const tail = makeLogTail(3);
const chain = new TailChain(3, 3);
for (let u = 0; u < 3; u++) chain.j(u, u, 1);

/** P(Y ≤ y) = I_y(a, b): the incomplete beta's natural variables are the arguments themselves. */
const betaTail =
  (upper: boolean): Family['logCdf'] =>
  (len, [y, a, b], order, out) => {
    for (let i = 0; i < len; i++) {
      if (!(a[i] > 0) || !(b[i] > 0) || Number.isNaN(y[i])) {
        out.lp[i] = -Infinity;
        continue;
      }
      logIncBeta(y[i], 1 - y[i], a[i], b[i], upper, tail);
      chain.write(tail, out, i, order);
    }
  };

export const beta: Family = {
  name: 'Beta',
  args: [
    { name: 'a', domain: 'positive', doc: 'first shape (> 0)' },
    { name: 'b', domain: 'positive', doc: 'second shape (> 0)' },
  ],
  support: { kind: 'unit-open', discrete: false, text: '0 < y < 1' },
  doc: {
    density: 'f(y) = y^(a-1) (1-y)^(b-1) / B(a, b)',
    mean: 'a/(a+b)',
    variance: 'ab / ((a+b)^2 (a+b+1))',
  },
  example: [2, 3.5],
  mean: ([a, b]) => a / (a + b),
  // Moments: a + b = m(1 − m)/v − 1, split in the ratio m : 1 − m.
  starts(y, w) {
    const { mean: m, sd } = wmoments(y, w);
    const c = (m * (1 - m)) / (sd * sd) - 1;
    return c > 0 && m > 0 && m < 1 ? [m * c, (1 - m) * c] : [1, 1];
  },
  random([a, b], rand) {
    const x = randGamma(a, rand);
    return x / (x + randGamma(b, rand));
  },
  fisher(len, [, a, b], { d2 }) {
    for (let i = 0; i < len; i++) {
      const tab = trigamma(a[i] + b[i]);
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = 0;
      d2[3][i] = -trigamma(a[i]) + tab;
      d2[4][i] = tab;
      d2[5][i] = -trigamma(b[i]) + tab;
    }
  },
  nargs: 2,
  logCdf: betaTail(false),
  logSurvival: betaTail(true),
  logpdf(len, [y, a, b], order, { lp, d1, d2 }) {
    for (let i = 0; i < len; i++) {
      const yi = y[i];
      const ai = a[i];
      const bi = b[i];
      if (!(ai > 0) || !(bi > 0) || !(yi > 0 && yi < 1)) {
        lp[i] = -Infinity;
        continue;
      }
      const ly = Math.log(yi);
      const l1y = Math.log1p(-yi);
      lp[i] = (ai - 1) * ly + (bi - 1) * l1y - betaln(ai, bi);
      if (order === 0) continue;
      const dab = digamma(ai + bi);
      d1[0][i] = (ai - 1) / yi - (bi - 1) / (1 - yi);
      d1[1][i] = ly - digamma(ai) + dab;
      d1[2][i] = l1y - digamma(bi) + dab;
      if (order === 1) continue;
      const tab = trigamma(ai + bi);
      d2[0][i] = -(ai - 1) / (yi * yi) - (bi - 1) / ((1 - yi) * (1 - yi));
      d2[1][i] = 1 / yi;
      d2[2][i] = -1 / (1 - yi);
      d2[3][i] = -trigamma(ai) + tab;
      d2[4][i] = tab;
      d2[5][i] = -trigamma(bi) + tab;
    }
  },
};
