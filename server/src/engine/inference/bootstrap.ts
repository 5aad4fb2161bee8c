// Parametric bootstrap: simulate datasets at the estimates, refit each, summarise the refits' estimates.

import type { EngineModel } from '../model.ts';
import type { EngineFit } from '../fit-types.ts';
import { rng } from '../distributions/random.ts';
import { simulateOutcomes, unsimulable, withOutcomes } from './simulate.ts';
import { progressStep } from '../optimize/progress.ts';

export interface BootstrapParameter {
  readonly name: string;
  /** Standard deviation of the refits' estimates (divisor B − 1). */
  readonly se: number | null;
  /** Percentile interval at the fit's level: the (1 − level)/2 and (1 + level)/2 quantiles (R's type 7). */
  readonly lower: number | null;
  readonly upper: number | null;
  /** Mean of the refits' estimates minus the estimate. */
  readonly bias: number | null;
}

export interface BootstrapResult {
  readonly replicates: number;
  /** Refits excluded: an exception, no convergence, or a non-finite estimate. */
  readonly failed: number;
  readonly seed: number;
  readonly parameters: readonly BootstrapParameter[];
  readonly elapsedMs: number;
  /** Why no bootstrap was run (a term cannot be simulated); parameters are then empty. */
  readonly error?: string;
}

/** Type-7 quantile of sorted values (linear interpolation between order statistics, as R's default). */
export function quantile7(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * B replicates: outcomes simulated at `estimates` (one generator seeded by `seed`, so the whole run is reproducible),
 * the model refitted from the estimates as start with Wald intervals only, no restarts and no nested bootstrap.
 * `refit` is the engine's fitModel (injected: fit.ts imports this layer, not the other way round).
 */
export function parametricBootstrap(
  model: EngineModel,
  estimates: readonly number[],
  B: number,
  seed: number,
  refit: (m: EngineModel) => EngineFit,
): BootstrapResult {
  const t0 = performance.now();
  const P = model.params.length;
  const bad = unsimulable(model);
  if (bad)
    return { replicates: B, failed: 0, seed, parameters: [], elapsedMs: 0, error: `cannot simulate: ${bad.why}` };
  const rand = rng(seed);
  const theta = Float64Array.from(estimates);
  const params = model.params.map((p, j) => ({ ...p, init: estimates[j] }));
  const options = { ...model.options, ci: 'wald' as const, se: 'observed' as const, restarts: 0, bootstrap: 0 };
  // Replicate estimates, column-major per parameter, so each parameter's summary reads one contiguous run.
  const draws = new Float64Array(B * P);
  let ok = 0;
  let failed = 0;
  for (let b = 0; b < B; b++) {
    const ys = simulateOutcomes(model, theta, rand);
    let fit: EngineFit | undefined;
    try {
      fit = progressStep('bootstrap', b + 1, B, () => refit({ ...withOutcomes(model, ys), params, options }));
    } catch {
      fit = undefined;
    }
    if (!fit || !fit.converged || !fit.estimates.every(Number.isFinite)) {
      failed++;
      continue;
    }
    for (let j = 0; j < P; j++) draws[j * B + ok] = fit.estimates[j];
    ok++;
  }
  const lv = model.options.level;
  const parameters = model.params.map((p, j): BootstrapParameter => {
    const x = draws.slice(j * B, j * B + ok).sort();
    if (ok < 2) return { name: p.name, se: null, lower: null, upper: null, bias: null };
    let mean = 0;
    for (let i = 0; i < ok; i++) mean += x[i];
    mean /= ok;
    let ss = 0;
    for (let i = 0; i < ok; i++) ss += (x[i] - mean) ** 2;
    return {
      name: p.name,
      se: finite(Math.sqrt(ss / (ok - 1))),
      lower: finite(quantile7(x, (1 - lv) / 2)),
      upper: finite(quantile7(x, (1 + lv) / 2)),
      bias: finite(mean - estimates[j]),
    };
  });
  return { replicates: B, failed, seed, parameters, elapsedMs: performance.now() - t0 };
}
