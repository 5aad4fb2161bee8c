// Laplace(mu, b): double exponential; the location-scale partials (kinked at y = mu) and the family's facts.

import type { Family } from './types.ts';
import { locationScale } from './location-scale.ts';
import { wmean, wquantile, positive } from './sample-stats.ts';
import { openUniform } from './random.ts';
import { locationScaleTails, densityRatios } from './tail-location-scale.ts';

/** log G(r) = r − log 2 for r ≤ 0 and log(1 − e^(−r)/2) above; G_r/G from the density e^(−|r|)/2 (φ_r = −sign r). */
const tails = locationScaleTails((r, _nu, t) => {
  t.lv = r <= 0 ? r - Math.LN2 : Math.log1p(-0.5 * Math.exp(-r));
  densityRatios(t, -Math.LN2 - Math.abs(r), r > 0 ? -1 : r < 0 ? 1 : 0);
}, false);

/** Weighted median and weighted mean absolute deviation from it: the Laplace MLE. */
function medianAndMad(y: Float64Array, w?: Float64Array): [number, number] {
  const m = wquantile(y, 0.5, w);
  return [m, wmean(y, w, (v) => Math.abs(v - m))];
}

export const laplace: Family = {
  ...locationScale(
    'Laplace',
    (r, _n, o) => {
      o.v = -Math.LN2 - Math.abs(r);
      o.r = r > 0 ? -1 : r < 0 ? 1 : 0;
      o.rr = 0;
    },
    false,
  ),
  ...tails,
  args: [
    { name: 'mu', domain: 'real', doc: 'location' },
    { name: 'b', domain: 'positive', doc: 'scale (> 0)' },
  ],
  support: { kind: 'real', discrete: false, text: 'all real numbers' },
  doc: {
    density: 'f(y) = exp(-|y-mu|/b) / (2b)',
    mean: 'mu',
    variance: '2 b^2',
    closedFormMle: 'mu = median(y), b = mean(|y - median(y)|)',
  },
  example: [-0.5, 1.3],
  mean: ([mu]) => mu,
  starts(y, w) {
    const [m, b] = medianAndMad(y, w);
    return [m, positive(b)];
  },
  random([mu, b], rand) {
    const u = openUniform(rand) - 0.5;
    return mu - b * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
  },
  weightedMle(y, w) {
    const [m, b] = medianAndMad(y, w);
    return Number.isFinite(m) && b > 0 ? [m, b] : undefined;
  },
};
