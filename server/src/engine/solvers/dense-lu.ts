// Inverse of a small dense square matrix by Gauss–Jordan elimination with partial pivoting (the L1 and lasso solvers).

/**
 * Inverse of the p×p row-major matrix A, or undefined when a pivot falls below `tol` times the largest entry of its
 * column (numerically singular: the caller picks another basis or reports the singular direction).
 */
export function invertDense(A: Float64Array, p: number, tol = 1e-12): Float64Array | undefined {
  const M = Float64Array.from(A);
  const I = new Float64Array(p * p);
  for (let i = 0; i < p; i++) I[i * p + i] = 1;
  for (let c = 0; c < p; c++) {
    let piv = c;
    let colMax = 0;
    for (let r = 0; r < p; r++) colMax = Math.max(colMax, Math.abs(A[r * p + c]));
    for (let r = c + 1; r < p; r++) if (Math.abs(M[r * p + c]) > Math.abs(M[piv * p + c])) piv = r;
    if (!(Math.abs(M[piv * p + c]) > tol * colMax)) return undefined;
    if (piv !== c)
      for (let k = 0; k < p; k++) {
        [M[c * p + k], M[piv * p + k]] = [M[piv * p + k], M[c * p + k]];
        [I[c * p + k], I[piv * p + k]] = [I[piv * p + k], I[c * p + k]];
      }
    const d = M[c * p + c];
    for (let k = 0; k < p; k++) {
      M[c * p + k] /= d;
      I[c * p + k] /= d;
    }
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = M[r * p + c];
      if (f === 0) continue;
      for (let k = 0; k < p; k++) {
        M[r * p + k] -= f * M[c * p + k];
        I[r * p + k] -= f * I[c * p + k];
      }
    }
  }
  return I;
}
