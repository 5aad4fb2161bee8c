// The step-halving line search shared by the fast Newton solvers (GLM IRLS, multinomial, Weibull AFT).

/**
 * Tries x + s·step for s = 1, 1/2, 1/4, … (at most `maxHalvings` times) until `evaluate` gives a finite
 * log-likelihood no lower than `ll` (up to rounding: 1e-12 relative), and returns it with the point left in `trial`;
 * -Infinity when no step length is accepted. For a concave log-likelihood a Newton step halved enough always is,
 * so -Infinity means the step direction itself is not an ascent direction (rounding at the optimum).
 */
export function halvingStep(
  x: Float64Array,
  step: Float64Array,
  trial: Float64Array,
  ll: number,
  evaluate: (trial: Float64Array) => number,
  maxHalvings = 30,
): number {
  const dim = step.length;
  let s = 1;
  for (let h = 0; h < maxHalvings; h++) {
    for (let j = 0; j < dim; j++) trial[j] = x[j] + s * step[j];
    const llNew = evaluate(trial);
    if (Number.isFinite(llNew) && llNew >= ll - 1e-12 * (1 + Math.abs(ll))) return llNew;
    s /= 2;
  }
  return -Infinity;
}
