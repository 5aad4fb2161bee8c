// Binomial(size, p) on y ∈ {0, …, size}: size is data (never differentiated); partials in p and the family's facts.

import { lchoose } from '../eval/special.ts';
import type { Family } from './types.ts';
import { wmean, clampProb } from './sample-stats.ts';
import { logIncBeta } from '../eval/incomplete-beta.ts';
import { constantTail, makeLogTail } from '../eval/log-tail.ts';
import { TailChain } from './tail-chain.ts';

const tail = makeLogTail(3);
const chain = new TailChain(3, 3);
chain.j(0, 2, -1);

/**
 * P(Y ≤ k) = I_(1−p)(size − k, k + 1) for 0 ≤ k < size (R: pbinom), so ∂/∂p = −size·dbinom(k; size − 1, p) through
 * the incomplete beta's x = 1 − p. size is data and y discrete: their partials are zero.
 */
const binomialTail =
  (upper: boolean): Family['logCdf'] =>
  (len, [y, size, p], order, out) => {
    for (let i = 0; i < len; i++) {
      const pi = p[i];
      const n = size[i];
      const k = Math.floor(y[i]);
      if (!(pi >= 0 && pi <= 1) || !(n >= 0) || Number.isNaN(k)) {
        out.lp[i] = -Infinity;
        continue;
      }
      if (k < 0 || k >= n) constantTail(tail, k < 0 === upper ? 0 : -Infinity);
      else logIncBeta(1 - pi, pi, n - k, k + 1, upper, tail, Math.log1p(-pi), Math.log(pi));
      chain.write(tail, out, i, order);
    }
  };

/** Packed index of (p, p) among (y, size, p): tri(2, 2, 3); the fused forms share the layout. */
export const PP = 5;

/** log C(size, y), computed once per fit when y and size are data. */
export const binomialConstant = { args: [0, 1], f: (x: readonly number[]) => lchoose(x[1], x[0]) };

export const binomial: Family = {
  name: 'Binomial',
  args: [
    { name: 'size', domain: 'nonnegative-integer', doc: 'number of trials (may be a column)' },
    { name: 'p', domain: 'probability', doc: 'success probability, in (0, 1)' },
  ],
  support: { kind: 'binomial', discrete: true, text: 'y ∈ {0, 1, …, size}' },
  doc: {
    density: 'P(y) = C(size, y) p^y (1-p)^(size-y)',
    mean: 'size p',
    variance: 'size p (1-p)',
    closedFormMle: 'p = sum(y) / sum(size)',
  },
  example: [12, 0.3],
  mean: ([n, p]) => n * p,
  // size is data: the caller passes its (mean) value as known[0].
  starts(y, w, known) {
    const size = known?.[0];
    return [size ?? NaN, size && size > 0 ? clampProb(wmean(y, w) / size) : 0.5];
  },
  random([n, p], rand) {
    let k = 0;
    for (let j = 0; j < n; j++) if (rand() < p) k++;
    return k;
  },
  fisher(len, [, size, p], { d2 }) {
    for (let i = 0; i < len; i++) {
      for (let j = 0; j < PP; j++) d2[j][i] = 0;
      d2[PP][i] = -size[i] / (p[i] * (1 - p[i]));
    }
  },
  nargs: 2,
  dataConstant: binomialConstant,
  logCdf: binomialTail(false),
  logSurvival: binomialTail(true),
  logpdf(len, [y, size, p], order, { lp, d1, d2 }, k) {
    for (let i = 0; i < len; i++) {
      const pi = p[i];
      const yi = y[i];
      const ni = size[i];
      if (!(pi >= 0 && pi <= 1) || yi > ni) {
        lp[i] = -Infinity;
        continue;
      }
      const c = k ? k[i] : lchoose(ni, yi);
      lp[i] = c + (yi !== 0 ? yi * Math.log(pi) : 0) + (ni - yi !== 0 ? (ni - yi) * Math.log1p(-pi) : 0);
      if (order === 0) continue;
      const q = 1 - pi;
      d1[0][i] = 0;
      d1[1][i] = 0;
      d1[2][i] = yi / pi - (ni - yi) / q;
      if (order === 1) continue;
      for (let j = 0; j < PP; j++) d2[j][i] = 0;
      d2[PP][i] = -yi / (pi * pi) - (ni - yi) / (q * q);
    }
  },
};
