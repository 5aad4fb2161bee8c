// Logistic(mu, s): the location-scale density of the logistic distribution; partials and the family's facts.

import { log1pexp } from '../eval/special.ts';
import { logistic } from '../eval/functions.ts';
import type { Family } from './types.ts';
import { locationScale } from './location-scale.ts';
import { wmoments, positive } from './sample-stats.ts';
import { openUniform } from './random.ts';
import { locationScaleTail, logisticLogCdf, logisticLogSurvival } from './tail-standard.ts';

export const logisticDist: Family = {
  ...locationScale(
    'Logistic',
    (r, _n, o) => {
      // log f = -r - 2 log(1 + e^-r), written with log1pexp so large |r| neither overflows nor cancels.
      o.v = -r - 2 * log1pexp(-r);
      const s = logistic(r);
      o.r = 1 - 2 * s;
      o.rr = -2 * s * (1 - s);
    },
    false,
  ),
  args: [
    { name: 'mu', domain: 'real', doc: 'location' },
    { name: 's', domain: 'positive', doc: 'scale (> 0)' },
  ],
  support: { kind: 'real', discrete: false, text: 'all real numbers' },
  doc: {
    density: 'f(y) = exp(-(y-mu)/s) / (s (1 + exp(-(y-mu)/s))^2)',
    mean: 'mu',
    variance: 's^2 pi^2 / 3',
  },
  example: [1, 0.7],
  mean: ([mu]) => mu,
  // Variance s²π²/3.
  starts(y, w) {
    const { mean, sd } = wmoments(y, w);
    return [mean, positive((sd * Math.sqrt(3)) / Math.PI)];
  },
  // log F(r) = −log(1 + e^−r), log S(r) = −log(1 + e^r), r = (y − mu)/s.
  logCdf: locationScaleTail(logisticLogCdf, false, -Infinity),
  logSurvival: locationScaleTail(logisticLogSurvival, false, 0),
  random([mu, s], rand) {
    const u = openUniform(rand);
    return mu + s * Math.log(u / (1 - u));
  },
};
