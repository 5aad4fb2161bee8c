// The seeded uniform generator and draws from standard building blocks (normal, gamma, Poisson) given one.

import { lgamma, probit } from '../eval/special.ts';

/**
 * Small deterministic generator (mulberry32) on [0, 1): restarts, simulation and the bootstrap are reproducible from
 * a seed. Shared by every seeded use in the engine.
 */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

/** Poisson(lambda): inversion of the CDF for small rates, Hörmann's PTRS transformed rejection (1993) above 10. */
export function randPoisson(lambda: number, rand: () => number): number {
  return lambda < 10 ? poissonInversion(lambda, rand) : poissonPtrs(lambda, rand);
}

function poissonInversion(lambda: number, rand: () => number): number {
  const u = rand();
  let k = 0;
  let p = Math.exp(-lambda);
  let c = p;
  while (u > c && k < 1000) {
    k++;
    p *= lambda / k;
    c += p;
  }
  return k;
}

/** PTRS, as in numpy's random_poisson_ptrs: exact, O(1) expected uniforms for any rate ≥ 10. */
function poissonPtrs(lambda: number, rand: () => number): number {
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = rand() - 0.5;
    const V = rand();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - lgamma(k + 1))
      return k;
  }
}
