// NegBinomial(mu, size) in R's glm.nb parametrisation (variance mu + mu²/size): partials and the family's facts.

import { lgamma, digamma, trigamma } from '../eval/special.ts';
import type { Family } from './types.ts';
import { countConstant } from './poisson.ts';
import { wmoments, positive } from './sample-stats.ts';
import { randGamma, randPoisson } from './random.ts';
import { logIncBeta } from '../eval/incomplete-beta.ts';
import { constantTail, makeLogTail } from '../eval/log-tail.ts';
import { TailChain } from './tail-chain.ts';

const tail = makeLogTail(3);
const chain = new TailChain(3, 3);
chain.j(1, 2, 1);

/**
 * P(Y ≤ y) = I_x(size, ⌊y⌋ + 1) with x = size/(size + mu) (R: pnbinom(y, size, mu = mu)), 1 − x = mu/(size + mu)
 * and log x = −log1p(mu/size) exact for size ≫ mu. Chain (x, a = size) → (mu, size), c = size + mu:
 * x_mu = −size/c², x_size = mu/c², x_mu,mu = 2 size/c³, x_mu,size = (size − mu)/c³, x_size,size = −2 mu/c³.
 * y is discrete: its partials are zero.
 */
const negBinomialTail =
  (upper: boolean): Family['logCdf'] =>
  (len, [y, mu, th], order, out) => {
    for (let i = 0; i < len; i++) {
      const m = mu[i];
      const t = th[i];
      const yi = Math.floor(y[i]);
      if (!(m > 0) || !(t > 0) || Number.isNaN(yi)) {
        out.lp[i] = -Infinity;
        continue;
      }
      if (yi < 0 || yi === Infinity) constantTail(tail, yi < 0 === upper ? 0 : -Infinity);
      else logIncBeta(t / (t + m), m / (t + m), t, yi + 1, upper, tail, -Math.log1p(m / t), -Math.log1p(t / m));
      const c = t + m;
      const c2 = c * c;
      const c3 = c2 * c;
      chain.j(0, 1, -t / c2);
      chain.j(0, 2, m / c2);
      chain.jj(0, 1, 1, (2 * t) / c3);
      chain.jj(0, 1, 2, (t - m) / c3);
      chain.jj(0, 2, 2, (-2 * m) / c3);
      chain.write(tail, out, i, order);
    }
  };

/** Largest size a start offers: data without overdispersion are near-Poisson, which a large size approximates. */
const MAX_SIZE_START = 1e4;

export const negBinomial: Family = {
  name: 'NegBinomial',
  args: [
    { name: 'mu', domain: 'positive', doc: 'mean (> 0)' },
    { name: 'size', domain: 'positive', doc: 'dispersion (> 0; R glm.nb theta)' },
  ],
  support: { kind: 'count', discrete: true, text: 'y ∈ {0, 1, 2, …}' },
  doc: {
    density: 'P(y) = Γ(y+size)/(Γ(size) y!) (size/(size+mu))^size (mu/(size+mu))^y',
    mean: 'mu',
    variance: 'mu + mu^2/size',
  },
  example: [3, 2.2],
  mean: ([mu]) => mu,
  // Moments: size = mean² / (variance − mean).
  starts(y, w) {
    const { mean, sd } = wmoments(y, w);
    const excess = sd * sd - mean;
    return [positive(mean, 0.1), excess > 0 ? Math.min(MAX_SIZE_START, (mean * mean) / excess) : MAX_SIZE_START];
  },
  // A Poisson whose rate is Gamma(size, size/mu).
  random: ([mu, size], rand) => randPoisson((randGamma(size, rand) * mu) / size, rand),
  nargs: 2,
  dataConstant: countConstant,
  logCdf: negBinomialTail(false),
  logSurvival: negBinomialTail(true),
  logpdf(len, [y, mu, th], order, { lp, d1, d2 }, k) {
    // The count tables pay off when one θ serves the whole chunk (a size parameter); a per-row θ uses lgamma.
    let oneTheta = len > 0;
    for (let i = 1; i < len && oneTheta; i++) oneTheta = th[i] === th[0];
    for (let i = 0; i < len; i++) {
      const yi = y[i];
      const m = mu[i];
      const t = th[i];
      if (!(m > 0) || !(t > 0) || yi < 0) {
        lp[i] = -Infinity;
        continue;
      }
      const tm = t + m;
      const ltm = Math.log(tm);
      const table = oneTheta && yi <= MAX_TABLE && Number.isInteger(yi) ? countTable(t, yi) : undefined;
      // θ·log(θ/(θ+μ)) = −θ·log1p(μ/θ): accurate when θ ≫ μ (near-Poisson data).
      lp[i] =
        (table ? table.lg[yi] : lgamma(yi + t) - lgamma(t)) +
        (k ? k[i] : -lgamma(yi + 1)) -
        t * Math.log1p(m / t) +
        (yi !== 0 ? yi * (Math.log(m) - ltm) : 0);
      if (order === 0) continue;
      d1[0][i] = 0;
      d1[1][i] = yi / m - (t + yi) / tm;
      d1[2][i] = (table ? table.dg[yi] : digamma(yi + t) - digamma(t)) - Math.log1p(m / t) + (m - yi) / tm;
      if (order === 1) continue;
      d2[0][i] = 0;
      d2[1][i] = 0;
      d2[2][i] = 0;
      d2[3][i] = -yi / (m * m) + (t + yi) / (tm * tm);
      d2[4][i] = (yi - m) / (tm * tm);
      d2[5][i] = (table ? table.tg[yi] : trigamma(yi + t) - trigamma(t)) + 1 / t - 1 / tm - (m - yi) / (tm * tm);
    }
  },
};

/** Counts up to this use the finite sums below instead of log-gamma differences. */
const MAX_TABLE = 100_000;

/**
 * For a count y and size θ: lgamma(y+θ) − lgamma(θ) = Σ_{j<y} log(θ+j), and likewise ψ(y+θ) − ψ(θ) = Σ 1/(θ+j),
 * ψ′(y+θ) − ψ′(θ) = −Σ 1/(θ+j)² — exact finite sums, free of the cancellation of the differences, tabulated once per
 * θ (usually one parameter for every row) up to the largest count seen, instead of six special functions per row.
 */
const tab = { theta: NaN, upTo: -1, lg: new Float64Array(1), dg: new Float64Array(1), tg: new Float64Array(1) };

function countTable(theta: number, y: number): typeof tab {
  if (theta !== tab.theta) {
    tab.theta = theta;
    tab.upTo = 0;
    tab.lg[0] = tab.dg[0] = tab.tg[0] = 0;
  }
  if (y > tab.upTo) {
    if (y >= tab.lg.length) {
      const cap = Math.max(y + 1, 2 * tab.lg.length);
      for (const key of ['lg', 'dg', 'tg'] as const) {
        const grown = new Float64Array(cap);
        grown.set(tab[key].subarray(0, tab.upTo + 1));
        tab[key] = grown;
      }
    }
    for (let j = tab.upTo; j < y; j++) {
      const x = theta + j;
      tab.lg[j + 1] = tab.lg[j] + Math.log(x);
      tab.dg[j + 1] = tab.dg[j] + 1 / x;
      tab.tg[j + 1] = tab.tg[j] - 1 / (x * x);
    }
    tab.upTo = y;
  }
  return tab;
}
