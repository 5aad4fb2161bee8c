// Shared shapes of the optimizers: an objective to minimise on the free scale and a result with a status.

/**
 * Fills f, g (and H when order = 2, row-major) at u; returns NaN where the objective is not finite. With
 * `expected`, H is the expected (Fisher) Hessian instead of the observed one.
 */
export type Objective = (
  u: Float64Array,
  order: 0 | 1 | 2,
  g: Float64Array,
  H: Float64Array,
  expected?: boolean,
) => number;

export interface OptimizeOptions {
  readonly maxiter: number;
  /** Stop when the Newton decrement / 2 falls below tol · (1 + |f|). */
  readonly tol: number;
  /** Judge the decrement relative to |f| alone (least squares, where f can be 1e-25 at the optimum). */
  readonly relative?: boolean;
  /** Whether the objective can produce expected Hessians (Fisher scoring is then used far from the optimum). */
  readonly scoring?: boolean;
}

export interface OptimizeResult {
  readonly u: Float64Array;
  readonly f: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly reason: string;
}
