// The eigen-decomposition of a symmetric matrix scaled to order 1, safe from subnormal entries.

import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * Entries below 1e-200 of a matrix scaled to order 1 are zero for every purpose; subnormal ones (1e-315, from data at
 * 1e-300) stall ml-matrix's tql2, which then indexes past its arrays and throws. Entries must be finite.
 */
const flush = (x: number): number => (Math.abs(x) < 1e-200 ? 0 : x);

export function symmetricEigen(rows: readonly (readonly number[])[]): EigenvalueDecomposition {
  return new EigenvalueDecomposition(new Matrix(rows.map((r) => r.map(flush))), { assumeSymmetric: true });
}
