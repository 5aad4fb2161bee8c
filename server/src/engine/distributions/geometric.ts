// Geometric(p): failures before the first success; exact partials in (y, p) and the family's facts.

import type { Family } from './types.ts';
import { wmean, clampProb } from './sample-stats.ts';
import { openUniform } from './random.ts';
import { log1mexp } from '../eval/log-tail.ts';

/**
 * P(Y > y) = (1 − p)^(k+1), k = ⌊y⌋ ≥ 0: log S = (k+1) log1p(−p), S_p/S = −(k+1)/(1−p), S_pp/S = k(k+1)/(1−p)².
 * P(Y ≤ y) = 1 − S on the log scale (log1mexp), whose ratios are −S_p/F and −S_pp/F. y is discrete: partial zero.
 */
const geometricTail =
  (upper: boolean): Family['logCdf'] =>
  (len, [y, p], order, { lp, d1, d2 }) => {
    for (let i = 0; i < len; i++) {
      const pi = p[i];
      const k = Math.floor(y[i]);
      if (!(pi > 0 && pi <= 1) || Number.isNaN(k)) {
        lp[i] = -Infinity;
        continue;
      }
      const q = 1 - pi;
      const n = k < 0 ? 0 : k + 1;
      const logS = n === 0 ? 0 : n * Math.log1p(-pi);
      let g = 0;
      let h = 0;
      if (upper) {
        lp[i] = logS;
        g = -n / q;
        h = (n * (n - 1)) / (q * q);
      } else {
        const logF = log1mexp(logS);
        lp[i] = logF;
        const w = n === 0 ? 0 : Math.exp(logS - logF);
        g = (w * n) / q;
        h = (-w * n * (n - 1)) / (q * q);
      }
      if (order === 0) continue;
      d1[0][i] = 0;
      d1[1][i] = g;
      if (order === 1) continue;
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = h - g * g;
    }
  };

export const geometric: Family = {
  name: 'Geometric',
  args: [{ name: 'p', domain: 'probability', doc: 'success probability, in (0, 1)' }],
  support: { kind: 'count', discrete: true, text: 'y ∈ {0, 1, 2, …} (failures before the first success)' },
  doc: {
    density: 'P(y) = p (1-p)^y',
    mean: '(1-p)/p',
    variance: '(1-p)/p^2',
    closedFormMle: 'p = 1 / (1 + mean(y))',
  },
  example: [0.3],
  mean: ([p]) => (1 - p) / p,
  starts: (y, w) => [clampProb(1 / (1 + wmean(y, w)))],
  random: ([p], rand) => Math.floor(Math.log(openUniform(rand)) / Math.log1p(-p)),
  weightedMle(y, w) {
    const m = wmean(y, w);
    return m > 0 ? [1 / (1 + m)] : undefined;
  },
  fisher(len, [, p], { d2 }) {
    for (let i = 0; i < len; i++) {
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = -1 / (p[i] * p[i] * (1 - p[i]));
    }
  },
  nargs: 1,
  logCdf: geometricTail(false),
  logSurvival: geometricTail(true),
  logpdf(len, [y, p], order, { lp, d1, d2 }) {
    for (let i = 0; i < len; i++) {
      const pi = p[i];
      const yi = y[i];
      if (!(pi > 0 && pi <= 1) || yi < 0) {
        lp[i] = -Infinity;
        continue;
      }
      lp[i] = Math.log(pi) + (yi !== 0 ? yi * Math.log1p(-pi) : 0);
      if (order === 0) continue;
      d1[0][i] = 0;
      d1[1][i] = 1 / pi - yi / (1 - pi);
      if (order === 1) continue;
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = -1 / (pi * pi) - yi / ((1 - pi) * (1 - pi));
    }
  },
};
