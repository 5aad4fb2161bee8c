// A continued fraction and its exact first and second partials in two parameters (p, q), by differentiated recurrences.

/**
 * Every quantity carries 6 components: value, ∂p, ∂q, ∂pp, ∂pq, ∂qq. A coefficient function fills α_n and β_n of
 * f = α_1/(β_1 + α_2/(β_2 + …)) with their partials. The convergents A_n/B_n follow the three-term recurrence
 * X_n = β_n X_{n−1} + α_n X_{n−2}, which is linear, so differentiating it term by term gives the partials' own
 * recurrences (Boik & Robison-Cox 1998 do this for the incomplete beta function); rescaling A and B by the same
 * number keeps every quotient, so the iteration never overflows.
 */
export type CfCoef = (n: number, alpha: Float64Array, beta: Float64Array) => void;

const NC = 6;
const EPS = 1e-15;
const FLOOR = 1e-13;
const alpha = new Float64Array(NC);
const beta = new Float64Array(NC);
const A1 = new Float64Array(NC);
const A2 = new Float64Array(NC);
const B1 = new Float64Array(NC);
const B2 = new Float64Array(NC);
const An = new Float64Array(NC);
const Bn = new Float64Array(NC);
const prev = new Float64Array(NC);

/** X = β·X1 + α·X2 with the product rule applied to every component (pairs (p,p), (p,q), (q,q)). */
function step(X: Float64Array, X1: Float64Array, X2: Float64Array): void {
  X[0] = beta[0] * X1[0] + alpha[0] * X2[0];
  for (let i = 1; i <= 2; i++) X[i] = beta[0] * X1[i] + beta[i] * X1[0] + alpha[0] * X2[i] + alpha[i] * X2[0];
  // (i, j) pairs for components 3, 4, 5.
  for (let c = 3; c < NC; c++) {
    const i = c === 5 ? 2 : 1;
    const j = c === 3 ? 1 : 2;
    X[c] =
      beta[0] * X1[c] +
      beta[i] * X1[j] +
      beta[j] * X1[i] +
      beta[c] * X1[0] +
      alpha[0] * X2[c] +
      alpha[i] * X2[j] +
      alpha[j] * X2[i] +
      alpha[c] * X2[0];
  }
}

/** f = A/B and its partials by the quotient rule, into out. */
function quotient(out: Float64Array): void {
  const b = Bn[0];
  const f = An[0] / b;
  out[0] = f;
  out[1] = (An[1] - f * Bn[1]) / b;
  out[2] = (An[2] - f * Bn[2]) / b;
  out[3] = (An[3] - 2 * out[1] * Bn[1] - f * Bn[3]) / b;
  out[4] = (An[4] - out[1] * Bn[2] - out[2] * Bn[1] - f * Bn[4]) / b;
  out[5] = (An[5] - 2 * out[2] * Bn[2] - f * Bn[5]) / b;
}

/**
 * Evaluates the fraction into out (6 components). Stops when every component moved by less than 1e-15 of its size
 * (or of f, for a partial that tends to zero), or by less than 1e-13 without shrinking any more (the rounding noise
 * of the differentiated recurrences); returns false if maxIter was reached.
 */
export function cfDerivs(coef: CfCoef, out: Float64Array, maxIter = 100000): boolean {
  A2.fill(0);
  A2[0] = 1;
  B2.fill(0);
  A1.fill(0);
  B1.fill(0);
  B1[0] = 1;
  prev.fill(NaN);
  let last = Infinity;
  for (let n = 1; n <= maxIter; n++) {
    coef(n, alpha, beta);
    step(An, A1, A2);
    step(Bn, B1, B2);
    if (Bn[0] !== 0) {
      quotient(out);
      let moved = 0;
      for (let c = 0; c < NC; c++) {
        const d = Math.abs(out[c] - prev[c]) / (Math.abs(out[c]) + 1e-3 * Math.abs(out[0]));
        if (!(d <= moved)) moved = d;
      }
      // Converged; or at the rounding floor of the partials' recurrences (~1e-14: they stop shrinking).
      if (moved <= EPS || (moved <= FLOOR && moved >= 0.5 * last)) return true;
      last = moved;
      prev.set(out);
      // Rescale so B_n = 1: the quotients are unchanged and nothing overflows.
      const s = 1 / Bn[0];
      for (let c = 0; c < NC; c++) {
        A2[c] = A1[c] * s;
        B2[c] = B1[c] * s;
        A1[c] = An[c] * s;
        B1[c] = Bn[c] * s;
      }
    } else {
      A2.set(A1);
      B2.set(B1);
      A1.set(An);
      B1.set(Bn);
    }
  }
  return false;
}
