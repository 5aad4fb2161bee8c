// A two-component Normal mixture, the one model where method = em is a path of its own (labels may come out swapped).

import { normal } from '../../server/src/engine/distributions/normal.ts';
import { filled, sumLogpdf, type SimCase } from './sim-case.ts';

const N = 600;
const TRUTH = { w: 0.35, m1: -1, s1: 0.6, m2: 2.5, s2: 1 };

function componentLogpdf(y: Float64Array, mu: number, sigma: number): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++)
    out[i] = sumLogpdf(normal, y.subarray(i, i + 1), [filled(1, mu), filled(1, sigma)]);
  return out;
}

export const mixtureCase = (): SimCase => ({
  name: 'Mixture of two Normals',
  params: [
    { name: 'w', truth: TRUTH.w, domain: 'probability' },
    { name: 'm1', truth: TRUTH.m1, domain: 'real' },
    { name: 's1', truth: TRUTH.s1, domain: 'positive' },
    { name: 'm2', truth: TRUTH.m2, domain: 'real' },
    { name: 's2', truth: TRUTH.s2, domain: 'positive' },
  ],
  n: N,
  seed: 3001,
  expectation: 'mixture',
  likelihood: 'y ~ Mixture(w, Normal(m1, s1), Normal(m2, s2))',
  equivalentTruths: [
    [TRUTH.w, TRUTH.m1, TRUTH.s1, TRUTH.m2, TRUTH.s2],
    [1 - TRUTH.w, TRUTH.m2, TRUTH.s2, TRUTH.m1, TRUTH.s1],
  ],
  simulate(rand) {
    const y = Float64Array.from({ length: N }, () =>
      rand() < TRUTH.w ? normal.random([TRUTH.m1, TRUTH.s1], rand) : normal.random([TRUTH.m2, TRUTH.s2], rand),
    );
    return { y };
  },
  logLik([w, m1, s1, m2, s2], { y }) {
    // log(w f1 + (1 − w) f2) by log-sum-exp, row by row.
    const l1 = componentLogpdf(y, m1, s1);
    const l2 = componentLogpdf(y, m2, s2);
    let s = 0;
    for (let i = 0; i < y.length; i++) {
      const a = Math.log(w) + l1[i];
      const b = Math.log1p(-w) + l2[i];
      const hi = Math.max(a, b);
      s += hi + Math.log(Math.exp(a - hi) + Math.exp(b - hi));
    }
    return s;
  },
});
