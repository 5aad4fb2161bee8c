// Weibull AFT fast path: Weibull(k, exp(η)) with right censoring, η linear, fitted by Newton as a log-linear GLM pass.

import { spdSolve } from '../linalg/arrowhead.ts';
import { logLinearPass } from '../compile/log-linear-kernel.ts';
import type { KnownAtOptimum } from './solution.ts';
import { finishPass, type WeibullAftProblem } from './weibull-aft-problem.ts';
import { warmStart } from './weibull-aft-warm.ts';
import { halvingStep } from '../optimize/step-halving.ts';

export { weibullAftProblem, type WeibullAftProblem } from './weibull-aft-problem.ts';

export interface WeibullAftFit {
  readonly known: KnownAtOptimum;
  readonly iterations: number;
  readonly converged: boolean;
}

/** A Newton step shorter than this many standard errors is not taken. */
const NEGLIGIBLE_STEP = 1e-9;

/** Newton in ψ from the natural-scale start theta0; undefined when the information is not positive definite. */
export function solveWeibullAft(
  pr: WeibullAftProblem,
  theta0: ArrayLike<number>,
  maxiter: number,
  tol: number,
  warm = { above: 300_000, rows: 100_000 },
): WeibullAftFit | undefined {
  const { cols, d, deps, shape, events, constant } = pr;
  const p = deps.length;
  const q = p + 1;
  const n = d.length;
  const psi = psiOf(pr, theta0, theta0[shape] > 0 ? theta0[shape] : 1);
  const kernel = logLinearPass(q);
  if (n > warm.above) psi.set(warmStart(pr, psi, Math.ceil(n / warm.rows)));
  const g = new Float64Array(q);
  const H = new Float64Array(q * q);
  const L = new Float64Array(q * q);
  const step = new Float64Array(q);
  const trial = new Float64Array(q);
  const pass = (b: Float64Array): number => {
    if (!(b[p] > 0)) return -Infinity;
    g.fill(0);
    H.fill(0);
    const ll = kernel(cols, d, b, 0, n, g, H);
    return finishPass(ll, b[p], events, constant, g, H, q);
  };
  let ll = pass(psi);
  let converged = false;
  let polish = 0;
  let it = 0;
  for (it = 1; it <= maxiter && Number.isFinite(ll); it++) {
    if (!spdSolve(H, q, g, step, L)) break;
    let dec = 0;
    for (let j = 0; j < q; j++) dec += g[j] * step[j];
    // The remaining step is below 1e-9 standard errors (dec is its squared length in that metric): this point is the
    // estimate, and this pass's information is at it.
    if (dec <= NEGLIGIBLE_STEP * NEGLIGIBLE_STEP) {
      converged = true;
      break;
    }
    // Converged to tol: at most two more (quadratically exact) steps, until the step is negligible; the last pass
    // gives the log-likelihood, score and information at the estimate itself, so the SEs are the returned point's.
    if (dec / 2 <= tol * (1 + Math.abs(ll))) polish++;
    const gPrev = Float64Array.from(g);
    const hPrev = Float64Array.from(H);
    const llNew = halvingStep(psi, step, trial, ll, (t) => pass(t));
    if (!Number.isFinite(llNew)) {
      g.set(gPrev);
      H.set(hPrev);
      break;
    }
    psi.set(trial);
    ll = llNew;
    if (polish >= 2) {
      converged = true;
      break;
    }
  }
  if (!Number.isFinite(ll) || !psi.every(Number.isFinite)) return undefined;
  const nat = naturalScale(pr, psi, g, H);
  let gn = 0;
  for (const x of nat.grad) gn += x * x;
  return {
    known: { theta: nat.theta, logLik: ll, gradNorm: Math.sqrt(gn), info: nat.info },
    iterations: it,
    converged,
  };
}

/** ψ = (−kβ, k) in the pass's column order from natural-scale θ. */
function psiOf(pr: WeibullAftProblem, theta: ArrayLike<number>, k: number): Float64Array {
  const p = pr.deps.length;
  const psi = new Float64Array(p + 1);
  pr.deps.forEach((j, c) => {
    psi[c] = -k * theta[j];
  });
  psi[p] = k;
  return psi;
}

/** Log-likelihood, natural-scale score and information at θ in one single-threaded pass (for tests and checks). */
export function weibullAftAt(
  pr: WeibullAftProblem,
  theta: ArrayLike<number>,
): { logLik: number; grad: Float64Array; info: Float64Array } {
  const q = pr.deps.length + 1;
  const psi = psiOf(pr, theta, theta[pr.shape]);
  const g = new Float64Array(q);
  const H = new Float64Array(q * q);
  let ll = -Infinity;
  if (psi[q - 1] > 0) {
    const raw = logLinearPass(q)(pr.cols, pr.d, psi, 0, pr.d.length, g, H);
    ll = finishPass(raw, psi[q - 1], pr.events, pr.constant, g, H, q);
  }
  const nat = naturalScale(pr, psi, g, H);
  return { logLik: ll, grad: nat.grad, info: nat.info };
}

/**
 * θ = (β, k) from ψ = (−kβ, k), and the natural-scale score and information by the chain rule: with J = ∂ψ/∂θ
 * (∂ψ_c/∂β_c = −k, ∂ψ_c/∂k = −β_c, ∂k/∂k = 1), g_θ = Jᵀg and I_θ = Jᵀ I J − Σ_c g_c ∂²ψ_c, where ∂²ψ_c/∂β_c∂k = −1
 * is the only second derivative: so I_θ(β_c, k) gains + g_c (≈ 0 at the optimum, kept so I_θ is exact there).
 */
function naturalScale(
  pr: WeibullAftProblem,
  psi: Float64Array,
  g: Float64Array,
  H: Float64Array,
): { theta: Float64Array; grad: Float64Array; info: Float64Array } {
  const { deps, shape } = pr;
  const p = deps.length;
  const q = p + 1;
  const k = psi[p];
  const beta = Float64Array.from(psi.subarray(0, p), (a) => -a / k);
  const P = q;
  const pos = new Int32Array(q);
  deps.forEach((j, c) => {
    pos[c] = j;
  });
  pos[p] = shape;
  const theta = new Float64Array(P);
  deps.forEach((j, c) => {
    theta[j] = beta[c];
  });
  theta[shape] = k;
  // J as q × q (ψ rows, θ columns in the ψ order).
  const J = new Float64Array(q * q);
  for (let c = 0; c < p; c++) {
    J[c * q + c] = -k;
    J[c * q + p] = -beta[c];
  }
  J[p * q + p] = 1;
  const info = new Float64Array(P * P);
  const grad = new Float64Array(P);
  for (let a = 0; a < q; a++) {
    let ga = 0;
    for (let m = 0; m < q; m++) ga += J[m * q + a] * g[m];
    grad[pos[a]] = ga;
    for (let b = 0; b < q; b++) {
      let s = 0;
      for (let m = 0; m < q; m++) {
        const jm = J[m * q + a];
        if (jm === 0) continue;
        for (let r = 0; r < q; r++) s += jm * H[m * q + r] * J[r * q + b];
      }
      if (a < p && b === p) s += g[a];
      if (b < p && a === p) s += g[b];
      info[pos[a] * P + pos[b]] = s;
    }
  }
  return { theta, grad, info };
}
