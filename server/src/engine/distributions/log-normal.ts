// LogNormal(mu, sigma) on y > 0: log y is Normal(mu, sigma); exact partials in (y, mu, sigma); the family's facts.

import { LOG_2PI } from '../eval/special.ts';
import type { Family } from './types.ts';
import { normalFisher } from './normal.ts';
import { wmoments, positive } from './sample-stats.ts';
import { randNormal } from './random.ts';
import { locationScaleTail, normalLogCdf, normalLogSurvival } from './tail-standard.ts';

const HALF_LOG_2PI = 0.5 * LOG_2PI;
const logOf = (v: number): number => (v > 0 ? Math.log(v) : NaN);

export const logNormal: Family = {
  name: 'LogNormal',
  args: [
    { name: 'mu', domain: 'real', doc: 'mean of log(y)' },
    { name: 'sigma', domain: 'positive', doc: 'sd of log(y) (> 0)' },
  ],
  support: { kind: 'positive', discrete: false, text: 'y > 0' },
  doc: {
    density: 'f(y) = exp(-(log y - mu)^2 / (2 sigma^2)) / (y sigma sqrt(2 pi))',
    mean: 'exp(mu + sigma^2/2)',
    variance: '(exp(sigma^2) - 1) exp(2 mu + sigma^2)',
    closedFormMle: 'mu = mean(log y), sigma = sqrt(mean((log y - mu)^2))',
  },
  example: [0.5, 0.6],
  mean: ([mu, s]) => Math.exp(mu + (s * s) / 2),
  starts(y, w) {
    const { mean, sd } = wmoments(y, w, logOf);
    return [mean, positive(sd)];
  },
  random: ([mu, s], rand) => Math.exp(mu + s * randNormal(rand)),
  weightedMle(y, w) {
    const { mean, sd } = wmoments(y, w, logOf);
    return Number.isFinite(mean) && sd > 0 ? [mean, sd] : undefined;
  },
  fisher: normalFisher,
  // The Normal's tails at z = (log y − mu)/sigma; y ≤ 0 has F = 0.
  logCdf: locationScaleTail(normalLogCdf, true, -Infinity),
  logSurvival: locationScaleTail(normalLogSurvival, true, 0),
  nargs: 2,
  logpdf(len, [y, mu, s], order, { lp, d1, d2 }) {
    for (let i = 0; i < len; i++) {
      const yi = y[i];
      const si = s[i];
      if (!(si > 0) || !(yi > 0)) {
        lp[i] = -Infinity;
        continue;
      }
      const ly = Math.log(yi);
      const is = 1 / si;
      const z = (ly - mu[i]) * is;
      lp[i] = -HALF_LOG_2PI - Math.log(si) - ly - 0.5 * z * z;
      if (order === 0) continue;
      const iy = 1 / yi;
      d1[0][i] = -(1 + z * is) * iy;
      d1[1][i] = z * is;
      d1[2][i] = (z * z - 1) * is;
      if (order === 1) continue;
      const is2 = is * is;
      d2[0][i] = (1 + z * is) * iy * iy - is2 * iy * iy;
      d2[1][i] = is2 * iy;
      d2[2][i] = 2 * z * is2 * iy;
      d2[3][i] = -is2;
      d2[4][i] = -2 * z * is2;
      d2[5][i] = (1 - 3 * z * z) * is2;
    }
  },
};
