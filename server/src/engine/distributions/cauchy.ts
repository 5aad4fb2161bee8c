// Cauchy(location, scale): heavy-tailed location-scale density with no mean; partials and the family's facts.

import type { Family } from './types.ts';
import { locationScale } from './location-scale.ts';
import { wquantile, positive } from './sample-stats.ts';
import { openUniform } from './random.ts';
import { locationScaleTails, densityRatios } from './tail-location-scale.ts';

const LOG_PI = Math.log(Math.PI);

/**
 * G(r) = atan(−1/r)/π for r < 0 (no cancellation against 1/2 in the lower tail, G ~ 1/(π|r|)) and
 * 1 − atan(1/r)/π for r ≥ 0; log g = −log π − log(1 + r²), written with 1/r² for |r| > 1 so r² cannot overflow.
 */
const tails = locationScaleTails((r, _nu, t) => {
  // r = ±0 exactly is G = 1/2 (1/r would be ±∞ and pick the wrong branch for −0).
  t.lv = r === 0 ? -Math.LN2 : r < 0 ? Math.log(Math.atan(-1 / r) / Math.PI) : Math.log1p(-Math.atan(1 / r) / Math.PI);
  const a = Math.abs(r);
  const logg = a > 1 ? -LOG_PI - 2 * Math.log(a) - Math.log1p(1 / (a * a)) : -LOG_PI - Math.log1p(r * r);
  densityRatios(t, logg, (-2 * r) / (1 + r * r));
}, false);

export const cauchy: Family = {
  ...locationScale(
    'Cauchy',
    (r, _n, o) => {
      const q = 1 + r * r;
      o.v = -LOG_PI - Math.log1p(r * r);
      o.r = (-2 * r) / q;
      o.rr = (-2 * (1 - r * r)) / (q * q);
    },
    false,
  ),
  ...tails,
  args: [
    { name: 'location', domain: 'real', doc: 'location (median)' },
    { name: 'scale', domain: 'positive', doc: 'scale (> 0)' },
  ],
  support: { kind: 'real', discrete: false, text: 'all real numbers' },
  doc: {
    density: 'f(y) = 1 / (pi scale (1 + ((y-location)/scale)^2))',
    mean: 'undefined',
    variance: 'undefined',
  },
  example: [0.4, 0.8],
  mean: () => undefined,
  // Quartiles are location ± scale.
  starts: (y, w) => [wquantile(y, 0.5, w), positive((wquantile(y, 0.75, w) - wquantile(y, 0.25, w)) / 2)],
  random: ([m, s], rand) => m + s * Math.tan(Math.PI * (openUniform(rand) - 0.5)),
};
