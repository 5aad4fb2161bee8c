// Normal(mu, sigma): log-density with its normalising constant and exact partials in (y, mu, sigma); the family's facts.

import { LOG_2PI } from '../eval/special.ts';
import type { DistOut, Family } from './types.ts';
import { wmoments, positive } from './sample-stats.ts';
import { randNormal } from './random.ts';
import { locationScaleTail, normalLogCdf, normalLogSurvival } from './tail-standard.ts';

const HALF_LOG_2PI = 0.5 * LOG_2PI;

export const normal: Family = {
  name: 'Normal',
  args: [
    { name: 'mu', domain: 'real', doc: 'mean' },
    { name: 'sigma', domain: 'positive', doc: 'standard deviation (> 0)' },
  ],
  support: { kind: 'real', discrete: false, text: 'all real numbers' },
  doc: {
    density: 'f(y) = exp(-(y-mu)^2 / (2 sigma^2)) / (sigma sqrt(2 pi))',
    mean: 'mu',
    variance: 'sigma^2',
    closedFormMle: 'mu = mean(y), sigma = sqrt(mean((y - mean(y))^2)) (divides by n, not n-1)',
  },
  example: [1.5, 2],
  mean: ([mu]) => mu,
  starts(y, w) {
    const { mean, sd } = wmoments(y, w);
    return [mean, positive(sd)];
  },
  random: ([mu, s], rand) => mu + s * randNormal(rand),
  weightedMle(y, w) {
    const { mean, sd } = wmoments(y, w);
    return Number.isFinite(mean) && sd > 0 ? [mean, sd] : undefined;
  },
  fisher: normalFisher,
  // log Φ(z) and log Φ(−z), z = (y − mu)/sigma: both tails on the log scale.
  logCdf: locationScaleTail(normalLogCdf, false, -Infinity),
  logSurvival: locationScaleTail(normalLogSurvival, false, 0),
  nargs: 2,
  logpdf(len, [y, mu, s], order, { lp, d1, d2 }) {
    // sigma is usually one parameter for every row: log σ and 1/σ once per distinct value (the same bits as per row).
    let sPrev = NaN;
    let ls = NaN;
    let is = NaN;
    for (let i = 0; i < len; i++) {
      const si = s[i];
      if (!(si > 0)) {
        lp[i] = -Infinity;
        continue;
      }
      if (si !== sPrev) {
        sPrev = si;
        ls = Math.log(si);
        is = 1 / si;
      }
      const z = (y[i] - mu[i]) * is;
      lp[i] = -HALF_LOG_2PI - ls - 0.5 * z * z;
      if (order === 0) continue;
      d1[0][i] = -z * is;
      d1[1][i] = z * is;
      d1[2][i] = (z * z - 1) * is;
      if (order === 1) continue;
      const is2 = is * is;
      d2[0][i] = -is2; // y,y
      d2[1][i] = is2; // y,mu
      d2[2][i] = 2 * z * is2; // y,sigma
      d2[3][i] = -is2; // mu,mu
      d2[4][i] = -2 * z * is2; // mu,sigma
      d2[5][i] = (1 - 3 * z * z) * is2; // sigma,sigma
    }
  },
};

/** Expected information of (mu, sigma), shared with LogNormal (the same for log y): 1/σ², 2/σ², uncorrelated. */
export function normalFisher(len: number, [, , s]: readonly Float64Array[], { d2 }: DistOut): void {
  for (let i = 0; i < len; i++) {
    const is2 = 1 / (s[i] * s[i]);
    d2[0][i] = 0;
    d2[1][i] = 0;
    d2[2][i] = 0;
    d2[3][i] = -is2;
    d2[4][i] = 0;
    d2[5][i] = -2 * is2;
  }
}
