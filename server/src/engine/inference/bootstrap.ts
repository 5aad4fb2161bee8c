// Parametric bootstrap: simulate datasets at the estimates, refit each (on helper threads too), summarise the refits.

import type { EngineModel } from '../model.ts';
import type { EngineFit } from '../fit-types.ts';
import { rng } from '../distributions/random.ts';
import { simulateOutcomes, unsimulable, withOutcomes } from './simulate.ts';
import { progressPhase, progressStep } from '../optimize/progress.ts';
import {
  finishReplicate,
  finishedCount,
  newBoard,
  replicateSeed,
  takeReplicate,
  USABLE,
  type ReplicateBoard,
} from './bootstrap-board.ts';

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

/** Started on a board by the process edge: threads that take replicates too until none are left. */
export interface ReplicateHelpers {
  close(): void;
}
export type ReplicateSpread = (board: ReplicateBoard) => ReplicateHelpers | undefined;

/** Below this much estimated remaining refit time, starting threads (tens of ms each) costs more than it saves. */
const SPREAD_MS = 150;

/**
 * Takes replicates from the board until none are left: outcomes simulated at the board's estimates from replicate b's
 * own seed, the model refitted from the estimates as start with Wald intervals only, no restarts and no nested
 * bootstrap. The same loop runs on the fitting thread and on helper threads. `step` wraps each refit (progress).
 */
export function runReplicates(
  model: EngineModel,
  board: ReplicateBoard,
  refit: (m: EngineModel) => EngineFit,
  step: <T>(fn: () => T) => T = (fn) => fn(),
  limit = Infinity,
): void {
  const theta = board.estimates;
  const params = model.params.map((p, j) => ({ ...p, init: theta[j] }));
  const options = { ...model.options, ci: 'wald' as const, se: 'observed' as const, restarts: 0, bootstrap: 0 };
  for (let k = 0; k < limit; k++) {
    const b = takeReplicate(board);
    if (b < 0) return;
    let estimates: readonly number[] | undefined;
    try {
      const ys = simulateOutcomes(model, theta, rng(replicateSeed(board.seed, b)));
      const fit = step(() => refit({ ...withOutcomes(model, ys), params, options }));
      if (fit.converged && fit.estimates.every(Number.isFinite)) estimates = fit.estimates;
    } catch {
      estimates = undefined;
    }
    finishReplicate(board, b, estimates);
  }
}

/**
 * B replicates (see runReplicates), each from its own seed derived from `seed`, so the run is reproducible and does
 * not depend on how many threads shared it. `refit` is the engine's fitModel (injected: fit.ts imports this layer,
 * not the other way round); `spread`, from the process edge, starts helper threads when the work is worth it.
 */
export function parametricBootstrap(
  model: EngineModel,
  estimates: readonly number[],
  B: number,
  seed: number,
  refit: (m: EngineModel) => EngineFit,
  spread?: ReplicateSpread,
): BootstrapResult {
  const t0 = performance.now();
  const P = model.params.length;
  const bad = unsimulable(model);
  if (bad)
    return { replicates: B, failed: 0, seed, parameters: [], elapsedMs: 0, error: `cannot simulate: ${bad.why}` };
  const board = newBoard(B, P, seed, estimates);
  const step = <T>(fn: () => T): T => progressStep('bootstrap', finishedCount(board) + 1, B, fn);
  // The first refit alone says how long one takes, hence whether helper threads would pay for their start.
  runReplicates(model, board, refit, step, 1);
  const one = performance.now() - t0;
  const helpers = spread && B > 1 && one * (B - 1) > SPREAD_MS ? spread(board) : undefined;
  try {
    runReplicates(model, board, refit, step);
    for (let done = finishedCount(board); done < B; done = finishedCount(board)) {
      Atomics.wait(board.status, 1, done, 250);
      progressPhase('bootstrap', finishedCount(board), B);
    }
  } finally {
    helpers?.close();
  }
  return summarise(model, board, performance.now() - t0);
}

/** Per parameter: SD (divisor B − 1), type-7 percentile interval at the fit's level and bias of the usable refits. */
function summarise(model: EngineModel, board: ReplicateBoard, elapsedMs: number): BootstrapResult {
  const { replicates: B, params: P, seed, draws, status, estimates } = board;
  let ok = 0;
  for (let b = 0; b < B; b++) if (status[2 + b] === USABLE) ok++;
  const lv = model.options.level;
  const parameters = model.params.map((p, j): BootstrapParameter => {
    if (ok < 2) return { name: p.name, se: null, lower: null, upper: null, bias: null };
    const x = new Float64Array(ok);
    for (let b = 0, i = 0; b < B; b++) if (status[2 + b] === USABLE) x[i++] = draws[b * P + j];
    x.sort();
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
  return { replicates: B, failed: B - ok, seed, parameters, elapsedMs };
}
