// Restarts from seeded perturbations of the starting point, keeping the best optimum and counting who reached it.

import type { OptimizeResult } from '../optimize/types.ts';

/** Small deterministic generator (mulberry32), so restarts are reproducible from `seed`. */
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

/**
 * A start scaled per coordinate by 10^U(−spread, spread) (sign kept; zeros moved by U(−1, 1)): starting values are
 * usually right in sign and wrong in magnitude, which is what defeats local optimizers on problems like MGH10.
 */
export function perturb(v0: Float64Array, rand: () => number, spread: number): Float64Array {
  return v0.map((x) => (x === 0 ? 2 * rand() - 1 : x * Math.pow(10, (2 * rand() - 1) * spread)));
}

export interface MultiStart {
  readonly best: OptimizeResult;
  /** Runs made (the first included) and how many ended within rounding of the best objective. */
  readonly runs: number;
  readonly reachedBest: number;
}

/** Runs `solve` from v0 and from `extra` perturbed starts; the best converged result wins (any result if none did). */
export function multiStart(
  solve: (v: Float64Array) => OptimizeResult,
  v0: Float64Array,
  extra: number,
  seed: number,
  spread = 2,
): MultiStart {
  const rand = rng(seed);
  const results = [solve(v0)];
  for (let k = 0; k < extra; k++) results.push(solve(perturb(v0, rand, spread)));
  const ok = results.filter((r) => Number.isFinite(r.f));
  const pool = ok.some((r) => r.converged) ? ok.filter((r) => r.converged) : ok.length ? ok : results;
  const best = pool.reduce((a, b) => (b.f < a.f ? b : a));
  const reachedBest = ok.filter((r) => Math.abs(r.f - best.f) <= 1e-8 * Math.max(1, Math.abs(best.f))).length;
  return { best, runs: results.length, reachedBest };
}
