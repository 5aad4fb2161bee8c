// Draws from standard building blocks (normal, gamma, Poisson) given a uniform generator on [0, 1).

import { probit } from '../eval/special.ts';

/** A uniform in (0, 1): a generator may return exactly 0, which the inverse CDFs cannot take. */
export function openUniform(rand: () => number): number {
  let u = rand();
  while (u <= 0 || u >= 1) u = rand();
  return u;
}

/** Standard normal by inversion. */
export const randNormal = (rand: () => number): number => probit(openUniform(rand));

/** Gamma(shape, rate 1) by Marsaglia and Tsang (2000); shape < 1 through the boost Gamma(a + 1)·U^(1/a). */
export function randGamma(shape: number, rand: () => number): number {
  if (shape < 1) return randGamma(shape + 1, rand) * Math.pow(openUniform(rand), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = randNormal(rand);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = openUniform(rand);
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Poisson(lambda) by sequential inversion of the CDF; large rates as sums of Poisson(500) pieces (exact, O(λ)). */
export function randPoisson(lambda: number, rand: () => number): number {
  let k = 0;
  for (; lambda > 500; lambda -= 500) k += randPoisson(500, rand);
  return k + poissonInversion(lambda, rand);
}

function poissonInversion(lambda: number, rand: () => number): number {
  const u = rand();
  let k = 0;
  let p = Math.exp(-lambda);
  let c = p;
  while (u > c && k < 10_000) {
    k++;
    p *= lambda / k;
    c += p;
  }
  return k;
}
