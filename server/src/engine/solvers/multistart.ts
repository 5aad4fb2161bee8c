// Restarts from seeded perturbations of the starting point, keeping the best optimum and reporting the distinct optima.

import type { OptimizeResult } from '../optimize/types.ts';
import { rng } from '../distributions/random.ts';

// The seeded generator lives with the draws (distributions/random.ts); re-exported for the existing callers.
export { rng };

/** A free-scale range [center − half, center + half] a coordinate's restarts are drawn from (the data's scale). */
export type RestartRange = readonly [center: number, half: number] | undefined;

/**
 * A start scaled per coordinate by 10^U(−spread, spread) (sign kept; zeros moved by U(−1, 1)): starting values are
 * usually right in sign and wrong in magnitude, which is what defeats local optimizers on problems like MGH10. A
 * coordinate with a range (a location on the outcome's scale) is drawn uniformly from it instead.
 */
export function perturb(
  v0: Float64Array,
  rand: () => number,
  spread: number,
  ranges: readonly RestartRange[] = [],
): Float64Array {
  return v0.map((x, j) => {
    const r = ranges[j];
    if (r) return r[0] + (2 * rand() - 1) * r[1];
    return x === 0 ? 2 * rand() - 1 : x * Math.pow(10, (2 * rand() - 1) * spread);
  });
}

/** One optimum the runs ended at: its objective value (−f: log-likelihood or log-posterior) and how many runs. */
export interface DistinctOptimum {
  readonly logLik: number;
  readonly runs: number;
}

export interface MultiStart {
  readonly best: OptimizeResult;
  /** Runs made (the first included) and how many ended within rounding of the best objective. */
  readonly runs: number;
  readonly reachedBest: number;
  /** Distinct end points by objective value, best first (runs that ended where the objective is not finite left out). */
  readonly distinctOptima: DistinctOptimum[];
}

/** Two objective values are the same optimum when they agree to 1e-6 (absolute, or relative beyond |f| = 1). */
const same = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

/** Groups finite end points by objective value, best (lowest f) first. */
export function distinctOptima(results: readonly OptimizeResult[]): DistinctOptimum[] {
  const fs = results
    .map((r) => r.f)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const out: { f: number; runs: number }[] = [];
  for (const f of fs) {
    const last = out[out.length - 1];
    if (last && same(f, last.f)) last.runs++;
    else out.push({ f, runs: 1 });
  }
  return out.map((o) => ({ logLik: -o.f, runs: o.runs }));
}

/** Runs `solve` from v0 and from `extra` perturbed starts; the best converged result wins (any result if none did). */
export function multiStart(
  solve: (v: Float64Array) => OptimizeResult,
  v0: Float64Array,
  extra: number,
  seed: number,
  spread = 2,
  ranges: readonly RestartRange[] = [],
): MultiStart {
  const rand = rng(seed);
  const results = [solve(v0)];
  for (let k = 0; k < extra; k++) results.push(solve(perturb(v0, rand, spread, ranges)));
  const ok = results.filter((r) => Number.isFinite(r.f));
  const pool = ok.some((r) => r.converged) ? ok.filter((r) => r.converged) : ok.length ? ok : results;
  const best = pool.reduce((a, b) => (b.f < a.f ? b : a));
  const reachedBest = ok.filter((r) => Math.abs(r.f - best.f) <= 1e-8 * Math.max(1, Math.abs(best.f))).length;
  return { best, runs: results.length, reachedBest, distinctOptima: distinctOptima(results) };
}
