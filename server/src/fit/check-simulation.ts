// `mle check-sim` and `mle/checkSimulation`: fits the model, then checks its estimates and intervals on data simulated at them.

import type { Analysis } from '../language/analysis-types.ts';
import { hasErrors } from '../language/diagnostics.ts';
import { lower } from '../language/lower.ts';
import { fitModel } from '../engine/fit.ts';
import { simulationCheck } from '../engine/inference/simulation-check.ts';
import { withProgress, type ProgressListener } from '../engine/optimize/progress.ts';
import type { CheckSimulationResponse, SimulationCheckJson } from '../protocol.ts';
import { runFit } from './run-fit.ts';

export const DEFAULT_CHECK_REPLICATES = 200;
export const DEFAULT_CHECK_SEED = 1;

/**
 * Never throws on user input: a model that cannot be fitted answers as `runFit` does (its diagnostics); a fit that did
 * not converge, or a term that cannot be simulated, answers ok with `error` set and no parameters.
 */
export function checkBySimulation(
  an: Analysis,
  modelPath: string,
  replicates: number,
  seed: number,
  onProgress?: ProgressListener,
): CheckSimulationResponse {
  // The model's own errors, a missing data file, no usable rows: the same answers as a fit.
  if (hasErrors(an.diagnostics) || !an.data?.ok || (an.rowsUsedCount ?? 0) === 0) {
    const r = runFit(an, modelPath);
    if (!r.ok) return r;
  }
  const empty = (error: string, level = 0.95): SimulationCheckJson => ({
    model: modelPath,
    replicates,
    failed: 0,
    seed,
    level,
    parameters: [],
    elapsedMs: 0,
    error,
  });
  try {
    const model = lower(an);
    const fit = withProgress(onProgress, () => fitModel(model));
    if (!fit.converged) return { ok: true, result: empty('the fit did not converge', fit.level) };
    const r = withProgress(onProgress, () => simulationCheck(model, fit.estimates, replicates, seed, fitModel));
    return { ok: true, result: { model: modelPath, ...r } };
  } catch (e) {
    return { ok: true, result: empty(`internal error: ${(e as Error).message}`) };
  }
}
