// What a fitting strategy returns: the optimum on the free scale, the method that found it, and what it already knows.

import type { OptimizeResult } from '../optimize/types.ts';
import type { EngineModel } from '../model.ts';
import type { FitProblem } from '../fit-problem.ts';
import type { FitWarning } from '../fit-types.ts';
import type { DistinctOptimum } from './multistart.ts';

/** Quantities a fast path computes at its optimum, so inference makes no further pass over the data. */
export interface KnownAtOptimum {
  /** Natural-scale estimates of all parameters. */
  readonly theta: Float64Array;
  readonly logLik: number;
  /** Log-likelihood + log priors at theta, when the model has priors (else logLik is the objective). */
  readonly logPosterior?: number;
  readonly gradNorm: number;
  /**
   * The natural-scale gradient at theta, when the strategy measured it in its own last pass over the data (else the
   * fit takes one order-1 pass of the likelihood program for the verdict).
   */
  readonly grad?: Float64Array;
  /** Natural-scale information, P×P row-major. */
  readonly info: Float64Array;
  /**
   * A covariance the strategy computes more accurately than inverting `info` (QR: σ̂²(XᵀX)⁻¹); null entries where no
   * SE is valid (a data-determined bound, a lasso zero).
   */
  readonly cov?: (number | null)[][];
  /** The least-squares path's residual sum of squares, n − p and σ's index (for `fit df = residual`). */
  readonly residual?: { readonly rss: number; readonly df: number; readonly sigmaIndex: number };
}

export interface Solution {
  readonly opt: OptimizeResult;
  /** The method reported in results (`qr`, `irls`, `levenberg-marquardt`, `newton`, `bfgs + newton`, …). */
  readonly method: string;
  readonly known?: KnownAtOptimum;
  /** Binary-outcome rows fitted as exactly 0 or 1 (separation), when the strategy counts them. */
  readonly extremeRows?: number;
  /** Optimizer runs (1 + restarts), how many reached the best optimum, and the distinct optima (best first). */
  readonly restartInfo?: { runs: number; reachedBest: number; distinctOptima: readonly DistinctOptimum[] };
  readonly autoRestarted: boolean;
  /** σ̂²(JᵀJ)⁻¹ from the least-squares path, for se = expected. */
  readonly gnCov?: number[][];
  /**
   * Set by a strategy that proves optimality its own way (e.g. the subgradient condition of an L1 problem, or an
   * estimate fixed by the data such as a sample minimum), so the generic first-order check does not overrule it.
   */
  readonly verified?: { readonly ok: boolean; readonly condition: string };
  /** Notes on inference from the strategy (e.g. the observed information does not exist at a kink). */
  readonly inferenceNotes?: readonly string[];
}

export interface SolveContext {
  readonly model: EngineModel;
  readonly pb: FitProblem;
  /** Warnings and notes a strategy adds (e.g. a requested method that does not apply). */
  readonly warnings: FitWarning[];
}

/** A strategy either solves the problem or says why it does not apply, so the next one is tried. */
export type StrategyResult = Solution | { readonly skip: string };

export interface Strategy {
  readonly name: string;
  solve(ctx: SolveContext): StrategyResult;
}

export const skipped = (r: StrategyResult): r is { readonly skip: string } => 'skip' in r;
