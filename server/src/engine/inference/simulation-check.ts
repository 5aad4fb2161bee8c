// Check by simulation: datasets simulated at the estimates, each refitted; bias, spread, mean SE and interval coverage.

import type { EngineModel } from '../model.ts';
import type { EngineFit } from '../fit-types.ts';
import { rng } from '../distributions/random.ts';
import { simulateOutcomes, unsimulable, withOutcomes } from './simulate.ts';
import { progressStep } from '../optimize/progress.ts';

/** A Monte-Carlo estimate and its standard error; null with fewer than 2 usable replicates. */
export interface McValue {
  readonly value: number | null;
  readonly mcse: number | null;
}

export interface SimulationCheckParameter {
  readonly name: string;
  readonly truth: number;
  readonly bias: McValue;
  readonly sd: McValue;
  readonly meanSe: McValue;
  readonly waldCoverage: McValue;
  readonly profileCoverage?: McValue;
}

export interface SimulationCheckResult {
  readonly replicates: number;
  readonly failed: number;
  readonly seed: number;
  readonly level: number;
  readonly parameters: readonly SimulationCheckParameter[];
  readonly elapsedMs: number;
  readonly error?: string;
}

const NONE: McValue = { value: null, mcse: null };
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
const mc = (value: number, mcse: number): McValue => ({ value: finite(value), mcse: finite(mcse) });

/** Mean and sample variance (divisor m − 1) of the first m values. */
function moments(x: Float64Array, m: number): { mean: number; variance: number } {
  let mean = 0;
  for (let i = 0; i < m; i++) mean += x[i];
  mean /= m;
  let ss = 0;
  for (let i = 0; i < m; i++) ss += (x[i] - mean) ** 2;
  return { mean, variance: ss / (m - 1) };
}

/** Fraction of the m intervals containing truth; its MC error is the binomial √(c(1 − c)/m). */
function coverage(lo: Float64Array, hi: Float64Array, m: number, truth: number): McValue {
  let hit = 0;
  for (let i = 0; i < m; i++) if (lo[i] <= truth && truth <= hi[i]) hit++;
  const c = hit / m;
  return mc(c, Math.sqrt((c * (1 - c)) / m));
}

/**
 * R replicates at `estimates` (seeded, so reproducible); each refit starts at the truth, with the model's own `ci`
 * (profile intervals only when the model asks for them), no restarts and no bootstrap. A refit that throws, does not
 * converge or has a non-finite estimate is counted in `failed` and left out. MC errors: bias ± sd/√m; SD ± sd/√(2(m−1))
 * (Normal approximation); mean SE ± sd(SE)/√m; coverage ± √(c(1 − c)/m). `refit` is the engine's fitModel (injected).
 */
export function simulationCheck(
  model: EngineModel,
  estimates: readonly number[],
  R: number,
  seed: number,
  refit: (m: EngineModel) => EngineFit,
): SimulationCheckResult {
  const t0 = performance.now();
  const P = model.params.length;
  const level = model.options.level;
  const profile = model.options.ci === 'profile';
  const bad = unsimulable(model);
  const empty = { replicates: R, failed: 0, seed, level, parameters: [], elapsedMs: 0 };
  if (bad) return { ...empty, error: `cannot simulate: ${bad.why}` };
  const rand = rng(seed);
  const theta = Float64Array.from(estimates);
  const params = model.params.map((p, j) => ({ ...p, init: estimates[j] }));
  const options = { ...model.options, se: 'observed' as const, restarts: 0, bootstrap: 0 };
  // Per parameter, one contiguous run of R values for each quantity (column-major).
  const est = new Float64Array(R * P);
  const se = new Float64Array(R * P);
  const wLo = new Float64Array(R * P);
  const wHi = new Float64Array(R * P);
  const pLo = new Float64Array(profile ? R * P : 0);
  const pHi = new Float64Array(profile ? R * P : 0);
  let ok = 0;
  let failed = 0;
  for (let r = 0; r < R; r++) {
    const ys = simulateOutcomes(model, theta, rand);
    let fit: EngineFit | undefined;
    try {
      fit = progressStep('simulation', r + 1, R, () => refit({ ...withOutcomes(model, ys), params, options }));
    } catch {
      fit = undefined;
    }
    if (!fit || !fit.converged || !fit.estimates.every(Number.isFinite)) {
      failed++;
      continue;
    }
    for (let j = 0; j < P; j++) {
      const at = j * R + ok;
      est[at] = fit.estimates[j];
      // A missing SE or interval end counts as an interval that misses (NaN compares false) and is left out of the SE mean.
      se[at] = fit.wald[j].se ?? NaN;
      wLo[at] = fit.wald[j].ci[0] ?? NaN;
      wHi[at] = fit.wald[j].ci[1] ?? NaN;
      if (profile) {
        pLo[at] = fit.profile?.[j]?.[0] ?? NaN;
        pHi[at] = fit.profile?.[j]?.[1] ?? NaN;
      }
    }
    ok++;
  }
  const parameters = model.params.map((p, j): SimulationCheckParameter => {
    const truth = estimates[j];
    const none = { name: p.name, truth, bias: NONE, sd: NONE, meanSe: NONE, waldCoverage: NONE };
    if (ok < 2) return profile ? { ...none, profileCoverage: NONE } : none;
    const run = (a: Float64Array): Float64Array => a.subarray(j * R, j * R + ok);
    const e = moments(run(est), ok);
    const sd = Math.sqrt(e.variance);
    const ses = run(se).filter(Number.isFinite);
    const s = ses.length >= 2 ? moments(ses, ses.length) : undefined;
    return {
      name: p.name,
      truth,
      bias: mc(e.mean - truth, sd / Math.sqrt(ok)),
      sd: mc(sd, sd / Math.sqrt(2 * (ok - 1))),
      meanSe: s ? mc(s.mean, Math.sqrt(s.variance / ses.length)) : NONE,
      waldCoverage: coverage(run(wLo), run(wHi), ok, truth),
      ...(profile ? { profileCoverage: coverage(run(pLo), run(pHi), ok, truth) } : {}),
    };
  });
  return { replicates: R, failed, seed, level, parameters, elapsedMs: performance.now() - t0 };
}
