// Shapes of a fit's result in the engine (before the CLI/JSON edge turns spans and codes into the cli.md form).

import type { WaldRow } from './inference/inference.ts';
import type { DistinctOptimum } from './solvers/multistart.ts';
import type { ProfileCurve } from './inference/fit-extras.ts';

export interface FitWarning {
  readonly code:
    | 'not-converged'
    | 'singular-information'
    | 'collinearity'
    | 'boundary'
    | 'separation'
    | 'non-regular'
    | 'se-method'
    | 'flat-optimum'
    | 'method-fallback'
    | 'infeasible-start'
    | 'start-at-edge';
  /** Defaults to warning. */
  readonly severity?: 'warning' | 'info';
  readonly message: string;
  /** Parameter indices the warning is about. */
  readonly params: readonly number[];
  /** Statement index of a term, when the warning is about one. */
  readonly source?: number;
}

export interface EngineFit {
  readonly objective: 'likelihood' | 'posterior';
  readonly method: string;
  readonly converged: boolean;
  readonly iterations: number;
  readonly reason: string;
  /** The convergence verdict: the optimality condition checked at the estimate (inference/verify-optimum.ts). */
  readonly optimality: { readonly ok: boolean; readonly condition: string; readonly maxScaledScore: number | null };
  /** Parameters whose maximum lies on an edge of the parameter space: a finite bound or ±Infinity. */
  readonly edges: readonly { readonly param: number; readonly side: 'lower' | 'upper'; readonly value: number }[];
  readonly n: number;
  readonly k: number;
  /** The identified dimension: k less the null directions of a singular information (its rank); AIC/BIC use it. */
  readonly kIdentified: number;
  /** Indices of parameters on a null direction of a singular information (SE withheld: not identified). */
  readonly unidentified: readonly number[];
  readonly logLik: number | null;
  readonly logPosterior: number | null;
  readonly aic: number | null;
  readonly bic: number | null;
  readonly gradientNorm: number | null;
  readonly conditionNumber: number | null;
  readonly level: number;
  readonly estimates: readonly number[];
  readonly wald: readonly WaldRow[];
  /** z: asymptotic Normal inference; t: `fit df = residual` (R's summary(lm)), `z` in the rows holds t with df. */
  readonly inference: { readonly kind: 'z' } | { readonly kind: 't'; readonly df: number };
  /** Sandwich (robust) SEs, when options.se = 'sandwich'. */
  readonly seRobust?: readonly (number | null)[];
  /** Profile-likelihood intervals (natural scale), when options.ci = 'profile'. */
  readonly profile?: readonly [number | null, number | null][];
  /** The profile deviance points the interval search evaluated, per parameter (when profiles were computed). */
  readonly profileCurves?: readonly ProfileCurve[];
  readonly cov: (number | null)[][] | null;
  readonly derived: readonly {
    readonly name: string;
    readonly estimate: number | null;
    readonly wald: WaldRow;
    readonly profile?: [number | null, number | null];
    readonly source: number;
  }[];
  readonly warnings: readonly FitWarning[];
  readonly elapsedMs: number;
  /**
   * Optimizer runs (1 + restarts), how many reached the best optimum, the distinct optima found (log-likelihood and
   * how many runs ended there, best first); `auto` when the engine restarted by itself.
   */
  readonly restarts?: {
    readonly runs: number;
    readonly reachedBest: number;
    readonly distinctOptima: readonly DistinctOptimum[];
    readonly auto: boolean;
  };
}
