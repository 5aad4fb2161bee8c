// Levenberg–Marquardt's small factor from the normal equations: R with RᵀR = JᵀJ and q = R⁻ᵀ(−Jᵀr), when well conditioned.

/**
 * Largest 1-norm condition number of the unit-diagonal JᵀJ for which its Cholesky factor stands in for the QR's R: the
 * step then carries a relative error near cond·ε ≤ 1e-8, which an iteration that re-evaluates every step absorbs.
 */
const GRAM_MAX_COND = 1e8;

/**
 * R (upper, RᵀR = JᵀJ) and q = R⁻ᵀ(−Jᵀr) from the sums, the column norms of J, and the 1-norm condition number of the
 * unit-diagonal JᵀJ; false when JᵀJ is not numerically positive definite or is too ill-conditioned (use the QR).
 */
export function gramFactor(
  sums: Float64Array,
  p: number,
  R: Float64Array,
  qv: Float64Array,
  colNorm: Float64Array,
  work: Float64Array,
): boolean {
  const at = (a: number, b: number): number => {
    const i = Math.min(a, b);
    const j = Math.max(a, b);
    return sums[1 + p + i * p - (i * (i - 1)) / 2 + (j - i)];
  };
  for (let j = 0; j < p; j++) colNorm[j] = Math.sqrt(at(j, j));
  for (let j = 0; j < p; j++) if (!(colNorm[j] > 0) || !Number.isFinite(colNorm[j])) return false;
  // Cholesky of C = D⁻¹JᵀJD⁻¹ (unit diagonal; D = column norms) into R (upper, row-major): RᵀR = C.
  R.fill(0);
  for (let i = 0; i < p; i++)
    for (let j = i; j < p; j++) {
      let s = at(i, j) / (colNorm[i] * colNorm[j]);
      for (let k = 0; k < i; k++) s -= R[k * p + i] * R[k * p + j];
      if (i === j) {
        if (!(s > 0)) return false;
        R[i * p + i] = Math.sqrt(s);
      } else R[i * p + j] = s / R[i * p + i];
    }
  // ‖C⁻¹‖₁ column by column (C⁻¹e_k by two triangular solves), against ‖C‖₁ ≤ p.
  let cNorm = 0;
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += Math.abs(at(i, j)) / (colNorm[i] * colNorm[j]);
    cNorm = Math.max(cNorm, s);
  }
  let invNorm = 0;
  for (let k = 0; k < p; k++) {
    for (let i = 0; i < p; i++) {
      let s = i === k ? 1 : 0;
      for (let m = 0; m < i; m++) s -= R[m * p + i] * work[m];
      work[i] = s / R[i * p + i];
    }
    let col = 0;
    for (let i = p - 1; i >= 0; i--) {
      let s = work[i];
      for (let m = i + 1; m < p; m++) s -= R[i * p + m] * work[m];
      work[i] = s / R[i * p + i];
      col += Math.abs(work[i]);
    }
    invNorm = Math.max(invNorm, col);
  }
  if (!(cNorm * invNorm <= GRAM_MAX_COND)) return false;
  // Back to J's own scale: R ← R·D; q solves Rᵀq = −Jᵀr.
  for (let i = 0; i < p; i++) for (let j = i; j < p; j++) R[i * p + j] *= colNorm[j];
  for (let i = 0; i < p; i++) {
    let s = -sums[1 + i];
    for (let k = 0; k < i; k++) s -= R[k * p + i] * qv[k];
    qv[i] = s / R[i * p + i];
  }
  return true;
}
