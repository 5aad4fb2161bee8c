// Weibull(shape k, scale λ) on y ≥ 0: exact partials in (y, k, λ) and the family's facts.

import { lgamma } from '../eval/special.ts';
import type { Family } from './types.ts';
import { wmoments, positive } from './sample-stats.ts';
import { openUniform } from './random.ts';
import { hazardLogCdf, hazardLogSurvival, weibullTail } from './tail-standard.ts';

const EULER_GAMMA = 0.5772156649015329;
const logOf = (v: number): number => (v > 0 ? Math.log(v) : NaN);

export const weibull: Family = {
  name: 'Weibull',
  args: [
    { name: 'shape', domain: 'positive', doc: 'shape k (> 0)' },
    { name: 'scale', domain: 'positive', doc: 'scale λ (> 0)' },
  ],
  support: { kind: 'nonnegative', discrete: false, text: 'y ≥ 0' },
  doc: {
    density: 'f(y) = (k/λ) (y/λ)^(k-1) exp(-(y/λ)^k)',
    mean: 'λ Γ(1 + 1/k)',
    variance: 'λ^2 (Γ(1 + 2/k) - Γ(1 + 1/k)^2)',
  },
  example: [1.7, 3],
  mean: ([k, lam]) => lam * Math.exp(lgamma(1 + 1 / k)),
  // log y is a (minimum) Gumbel: sd = π/(k√6), mean = log λ − γ/k.
  starts(y, w) {
    const { mean, sd } = wmoments(y, w, logOf);
    const k = positive(Math.PI / (sd * Math.sqrt(6)));
    return [k, positive(Math.exp(mean + EULER_GAMMA / k))];
  },
  random: ([k, lam], rand) => lam * Math.pow(-Math.log(openUniform(rand)), 1 / k),
  // Cumulative hazard (y/λ)^k: log S = −(y/λ)^k, log F = log(1 − e^−(y/λ)^k).
  logCdf: weibullTail(hazardLogCdf, -Infinity),
  logSurvival: weibullTail(hazardLogSurvival, 0),
  nargs: 2,
  logpdf(len, [y, k, lam], order, { lp, d1, d2 }) {
    // log k of the previous row: the shape is usually one parameter for every row.
    let kPrev = NaN;
    let logK = NaN;
    for (let i = 0; i < len; i++) {
      const yi = y[i];
      const ki = k[i];
      const li = lam[i];
      if (!(ki > 0) || !(li > 0) || !(yi >= 0)) {
        lp[i] = -Infinity;
        continue;
      }
      const z = yi / li;
      const L = Math.log(z);
      // z^k as e^(k log z), the form the tails use (z = 0 gives e^−∞ = 0 as pow does).
      const w = Math.exp(ki * L);
      if (ki !== kPrev) {
        kPrev = ki;
        logK = Math.log(ki);
      }
      // At y = 0, (k - 1)·log z is 0 for k = 1 and ±∞ otherwise.
      const core = ki === 1 && yi === 0 ? 0 : (ki - 1) * L;
      lp[i] = logK - Math.log(li) + core - w;
      if (order === 0) continue;
      d1[0][i] = (ki - 1 - ki * w) / yi;
      d1[1][i] = 1 / ki + L - w * L;
      d1[2][i] = (ki * (w - 1)) / li;
      if (order === 1) continue;
      d2[0][i] = (-ki * ki * w - ki + 1 + ki * w) / (yi * yi);
      d2[1][i] = (1 - w - ki * w * L) / yi;
      d2[2][i] = (ki * ki * w) / (li * yi);
      d2[3][i] = -1 / (ki * ki) - w * L * L;
      d2[4][i] = (w - 1) / li + (ki * w * L) / li;
      d2[5][i] = (-ki * (ki * w + w - 1)) / (li * li);
    }
  },
};
