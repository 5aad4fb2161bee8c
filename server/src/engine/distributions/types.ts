// The interface every log-density implements: values and exact partial derivatives over a chunk of rows.

/** Outputs over rows [0, len): lp, first partials d1[a], second partials d2[tri(a, b)] for a ≤ b. Index 0 is y. */
export interface DistOut {
  readonly lp: Float64Array;
  readonly d1: Float64Array[];
  readonly d2: Float64Array[];
}

export interface DistImpl {
  readonly name: string;
  /** Number of arguments, y excluded. */
  readonly nargs: number;
  /**
   * Fills out.lp (and out.d1 for order ≥ 1, out.d2 for order 2) for rows [0, len). x[0] is y, x[1..] the arguments.
   * `k` is the precomputed data-only normalising constant per row (see dataConstant), when the engine has it.
   * Invalid arguments give lp = -Infinity (the optimizer backs off); derivatives there are unspecified.
   */
  logpdf(len: number, x: readonly Float64Array[], order: 0 | 1 | 2, out: DistOut, k?: Float64Array): void;
  /**
   * Expected second derivatives E[∂²lp/∂a∂b] over the arguments (negative Fisher information), packed like d2 with
   * index 0 (y) left at zero. Absent where no closed form is implemented; the engine then falls back to observed.
   */
  fisher?(len: number, x: readonly Float64Array[], out: DistOut): void;
  /** A term of lp that depends only on y (and on the listed arguments), computed once per fit when they are data. */
  readonly dataConstant?: { readonly args: readonly number[]; readonly f: (x: readonly number[]) => number };
}

/** Index of the pair (a, b), a ≤ b, in the packed upper triangle of a K×K symmetric matrix. */
export function tri(a: number, b: number, K: number): number {
  if (a > b) {
    const t = a;
    a = b;
    b = t;
  }
  return a * K - (a * (a - 1)) / 2 + (b - a);
}

export function makeOut(K: number, C: number): DistOut {
  return {
    lp: new Float64Array(C),
    d1: Array.from({ length: K }, () => new Float64Array(C)),
    d2: Array.from({ length: (K * (K + 1)) / 2 }, () => new Float64Array(C)),
  };
}
