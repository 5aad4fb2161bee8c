// StudentT(nu, mu, sigma): location-scale t with shape ν; partials in (y, ν, mu, sigma) and the family's facts.

import { studentTShape } from '../eval/special.ts';
import type { Family } from './types.ts';
import { locationScale, type Phi, type PhiFn } from './location-scale.ts';
import { locationScaleTails, densityRatios } from './tail-location-scale.ts';
import { logIncBeta } from '../eval/incomplete-beta.ts';
import { complement, makeLogTail, type LogTail } from '../eval/log-tail.ts';
import { wquantile, positive } from './sample-stats.ts';
import { randGamma, randNormal } from './random.ts';

/**
 * [ν, t(.99)/t(.75), t(.75)] from R: nu <- c(1, 1.25, …); qt(.99, nu) / qt(.75, nu); qt(.75, nu). The ratio of the
 * sample's spreads (q99 − q01)/(q75 − q25) falls with ν, so it gives ν; the interquartile range then gives σ.
 */
const QT: readonly (readonly [number, number, number])[] = [
  [1, 31.82051595, 1],
  [1.25, 18.23628044, 0.9209725754],
  [1.5, 12.83220797, 0.8725946625],
  [2, 8.529805142, 0.8164965809],
  [2.5, 6.819131041, 0.785013683],
  [3, 5.936394823, 0.7648923284],
  [4, 5.058677114, 0.7406970841],
  [5, 4.630509039, 0.7266868438],
  [6, 4.379670414, 0.7175581965],
  [8, 4.100388365, 0.7063866126],
  [10, 3.949302407, 0.6998120613],
  [15, 3.765179084, 0.691196949],
  [20, 3.679977372, 0.6869544964],
  [30, 3.599034862, 0.6827556933],
  [50, 3.537197772, 0.6794282003],
  [100, 3.492449551, 0.676951043],
];

/** ν and t(.75; ν) from a spread ratio, interpolating log ν linearly in log ratio; clamped to the table's ends. */
function shapeFromRatio(ratio: number): [number, number] {
  if (!(ratio < QT[0][1])) return [QT[0][0], QT[0][2]];
  for (let j = 1; j < QT.length; j++) {
    if (ratio >= QT[j][1]) {
      const [n0, r0, q0] = QT[j - 1];
      const [n1, r1, q1] = QT[j];
      const f = Math.log(ratio / r0) / Math.log(r1 / r0);
      return [Math.exp(Math.log(n0) + f * Math.log(n1 / n0)), q0 + f * (q1 - q0)];
    }
  }
  const last = QT[QT.length - 1];
  return [last[0], last[2]];
}

/** log g(r; ν) of the standard t and its partials in r and ν. */
const studentPhi: PhiFn = (r, nu, o) => {
  const r2 = r * r;
  const q = nu + r2;
  // The ν terms are differences of huge log-gammas for large ν: studentTShape uses the asymptotic series there.
  const [c, c1, c2] = studentTShape(nu);
  const L = Math.log1p(r2 / nu);
  o.v = c - ((nu + 1) / 2) * L;
  o.r = (-(nu + 1) * r) / q;
  o.rr = (-(nu + 1) * (nu - r2)) / (q * q);
  o.n = c1 - 0.5 * L + ((nu + 1) * r2) / (2 * nu * q);
  o.nn = c2 + (0.5 * r2) / (nu * q) + ((r2 / 2) * (nu * q - (nu + 1) * (2 * nu + r2))) / (nu * nu * q * q);
  o.rn = (-r * (r2 - 1)) / (q * q);
};

const P: Phi = { v: 0, r: 0, rr: 0, n: 0, nn: 0, rn: 0 };
const B = makeLogTail(3);

/**
 * log G(r; ν) = log P(T ≤ r): for r < 0, G = I_x(ν/2, 1/2)/2 with x = ν/(ν + r²) (and 1 − x = r²/(ν + r²), log x =
 * −log1p(r²/ν) computed exactly); for r > 0, G = 1 − that (log1p of at most −1/2: no cancellation). The ν-ratios
 * chain through x and a = ν/2: x_ν = r²/q², x_νν = −2r²/q³ (q = ν + r²), a_ν = 1/2; the r-ratios come from the
 * density. G(0) = 1/2 for every ν.
 */
function studentTail(r: number, nu: number, t: LogTail): void {
  studentPhi(r, nu, P);
  const r2 = r * r;
  if (r2 === 0) {
    t.lv = -Math.LN2;
    t.g[1] = 0;
    t.h[2] = 0;
  } else {
    const q = nu + r2;
    logIncBeta(nu / q, r2 / q, nu / 2, 0.5, false, B, -Math.log1p(r2 / nu), Math.log(r2 / q));
    const xn = r2 / (q * q);
    const xnn = (-2 * xn) / q;
    t.lv = B.lv - Math.LN2;
    t.g[1] = B.g[0] * xn + 0.5 * B.g[1];
    t.h[2] = B.h[0] * xn * xn + B.h[1] * xn + 0.25 * B.h[3] + B.g[0] * xnn;
    // The r-ratios it also scales are overwritten from the density below.
    if (r > 0) complement(t);
  }
  densityRatios(t, P.v, P.r, P.n);
}

export const studentT: Family = {
  ...locationScale('StudentT', studentPhi, true),
  ...locationScaleTails(studentTail, true),
  args: [
    { name: 'nu', domain: 'positive', doc: 'degrees of freedom (> 0)' },
    { name: 'mu', domain: 'real', doc: 'location' },
    { name: 'sigma', domain: 'positive', doc: 'scale (> 0)' },
  ],
  support: { kind: 'real', discrete: false, text: 'all real numbers' },
  doc: {
    density: 'f(y) = Γ((nu+1)/2) / (Γ(nu/2) sqrt(nu pi) sigma) (1 + ((y-mu)/sigma)^2/nu)^(-(nu+1)/2)',
    mean: 'mu (nu > 1)',
    variance: 'sigma^2 nu/(nu-2) (nu > 2)',
  },
  example: [6, -1, 1.5],
  mean: ([nu, mu]) => (nu > 1 ? mu : undefined),
  starts(y, w) {
    const iqr = wquantile(y, 0.75, w) - wquantile(y, 0.25, w);
    const [nu, q75] = shapeFromRatio((wquantile(y, 0.99, w) - wquantile(y, 0.01, w)) / iqr);
    return [nu, wquantile(y, 0.5, w), positive(iqr / (2 * q75))];
  },
  // Z / sqrt(χ²_ν / ν) with χ²_ν = 2·Gamma(ν/2).
  random: ([nu, mu, s], rand) => mu + (s * randNormal(rand)) / Math.sqrt((2 * randGamma(nu / 2, rand)) / nu),
};
