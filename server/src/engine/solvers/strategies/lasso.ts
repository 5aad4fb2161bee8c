// Strategy: Laplace priors (lasso) make the log-posterior an L1 problem; proximal Newton gives exact zeros and the MAP.

import { Program, makeEval } from '../../eval/program.ts';
import type { EngineModel } from '../../model.ts';
import type { FitProblem } from '../../fit-problem.ts';
import type { FitWarning } from '../../fit-types.ts';
import { covarianceFromInformation } from '../../inference/inference.ts';
import { splitLaplacePriors, type L1Prior } from '../laplace-priors.ts';
import { proxNewton, pseudoGradient, type L1Part, type SmoothFn } from '../prox-newton.ts';
import type { Strategy, StrategyResult } from '../solution.ts';

/** The subgradient condition, in SEs of the smooth part (|∂/∂θ|/√H), counts as met below this. */
const KKT_TOL = 1e-6;

/**
 * Any likelihood (smooth in its parameters) with Laplace priors of constant location m and scale s: the smooth part
 * (likelihood and the other priors) plus Σ|θⱼ − mⱼ|/sⱼ is minimised by orthant-wise Newton. Penalised parameters are
 * moved on their natural scale (that is where the kink is), the others on the free scale of their bounds.
 */
export const lassoStrategy: Strategy = {
  name: 'proximal-newton',
  solve({ model, pb, warnings }): StrategyResult {
    const split = splitLaplacePriors(model);
    if (split === undefined) return { skip: 'no Laplace prior' };
    if (typeof split === 'string') {
      warnings.push({
        code: 'non-regular',
        message: `The log-posterior has a kink (a Laplace prior) that the exact lasso solver does not take here: ${split}. It is fitted as if smooth, so an estimate at or near the prior's location may be inexact and its SE is not valid there.`,
        params: [],
      });
      return { skip: split };
    }
    const { P, tr } = pb;
    const smoothPrior = split.smooth.length ? new Program(split.smooth, 1, P) : undefined;
    const l1 = l1Part(model, split.l1, P);
    const isL = Int8Array.from(l1.w, (w) => (w > 0 ? 1 : 0));
    const f = smoothOnMixedScale(pb, smoothPrior, isL);
    // Two starts: the usual one, and every penalised parameter at its prior's location (the all-zero lasso start).
    const x0 = Float64Array.from(pb.theta0, (t, j) => (isL[j] ? clip(t, l1, j) : pb.u0[j]));
    const x1 = Float64Array.from(x0, (v, j) => (isL[j] ? clip(l1.m[j], l1, j) : v));
    const maxiter = Math.max(model.options.maxiter, 200);
    const runs = [proxNewton(f, l1, x0, maxiter), proxNewton(f, l1, x1, maxiter)];
    const best = runs.reduce((a, b) => (Number.isFinite(b.F) && !(b.F >= a.F) ? b : a));
    const theta = Float64Array.from(best.x, (v, j) => (isL[j] ? v : tr[j].toNatural(v)));
    return finish(model, pb, smoothPrior, split.l1, l1, theta, best, warnings);
  },
};

const clip = (v: number, l1: L1Part, j: number): number => Math.min(l1.hi[j], Math.max(l1.lo[j], v));

function l1Part(model: EngineModel, priors: readonly L1Prior[], P: number): L1Part {
  const w = new Float64Array(P);
  const m = new Float64Array(P);
  const lo = new Float64Array(P).fill(-Infinity);
  const hi = new Float64Array(P).fill(Infinity);
  for (const q of priors) {
    w[q.index] = 1 / q.s;
    m[q.index] = q.m;
    lo[q.index] = model.params[q.index].lower ?? -Infinity;
    hi[q.index] = model.params[q.index].upper ?? Infinity;
  }
  return { w, m, lo, hi };
}

/** −(log-likelihood + smooth log priors) with its gradient and Hessian: natural scale where isL, free scale elsewhere. */
function smoothOnMixedScale(pb: FitProblem, smoothPrior: Program | undefined, isL: Int8Array): SmoothFn {
  const { P, tr, lik } = pb;
  const ev = makeEval(P);
  const theta = new Float64Array(P);
  return (x, order, g, H) => {
    for (let j = 0; j < P; j++) theta[j] = isL[j] ? x[j] : tr[j].toNatural(x[j]);
    ev.value = 0;
    ev.grad.fill(0);
    ev.hess.fill(0);
    if (!lik.evaluate(theta, order, ev) || (smoothPrior && !smoothPrior.evaluate(theta, order, ev))) return NaN;
    if (order === 2) {
      for (let i = 0; i < P; i++) {
        const di = isL[i] ? 1 : tr[i].d1(x[i]);
        g[i] = -ev.grad[i] * di;
        for (let j = 0; j < P; j++) H[i * P + j] = -ev.hess[i * P + j] * di * (isL[j] ? 1 : tr[j].d1(x[j]));
        if (!isL[i]) H[i * P + i] -= ev.grad[i] * tr[i].d2(x[i]);
      }
    }
    return Number.isFinite(ev.value) ? -ev.value : NaN;
  };
}

/** Checks the subgradient conditions on the natural scale and assembles the solution, SEs and notes. */
function finish(
  model: EngineModel,
  pb: FitProblem,
  smoothPrior: Program | undefined,
  priors: readonly L1Prior[],
  l1: L1Part,
  theta: Float64Array,
  run: ReturnType<typeof proxNewton>,
  warnings: FitWarning[],
): StrategyResult {
  const { P, tr, lik } = pb;
  const names = model.params.map((p) => p.name);
  const ev = makeEval(P);
  const okLik = lik.evaluate(theta, 2, ev);
  const logLik = ev.value;
  if (!okLik || (smoothPrior && !smoothPrior.evaluate(theta, 2, ev)))
    return { skip: 'the log-posterior is not finite at the proximal Newton solution' };
  let logPosterior = ev.value;
  for (const q of priors) logPosterior += -Math.log(2 * q.s) - Math.abs(theta[q.index] - q.m) / q.s;
  const g = Float64Array.from(ev.grad, (v) => -v);
  const H = Float64Array.from(ev.hess, (v) => -v);
  // KKT: θⱼ ≠ mⱼ: ∂smooth/∂θⱼ + sign(θⱼ − mⱼ)/sⱼ = 0; θⱼ = mⱼ: |∂smooth/∂θⱼ| ≤ 1/sⱼ; unpenalised: score 0.
  const pg = new Float64Array(P);
  const orient = new Int8Array(P);
  pseudoGradient(theta, g, l1, pg, orient);
  let worst = 0;
  let worstZero = 0;
  const zeros: number[] = [];
  for (let j = 0; j < P; j++) {
    if (l1.w[j] > 0 && theta[j] === l1.m[j]) {
      zeros.push(j);
      worstZero = Math.max(worstZero, Math.abs(g[j]) / l1.w[j]);
    } else worst = Math.max(worst, Math.abs(pg[j]) / Math.sqrt(Math.max(H[j * P + j], 1e-300)));
  }
  const ok = run.converged && worst <= KKT_TOL && worstZero <= 1 + 1e-9;
  const cov = conditionalCovariance(H, zeros, P);
  const notes = lassoNotes(model, names, priors, zeros, warnings);
  let gn = 0;
  for (let j = 0; j < P; j++) gn += pg[j] * pg[j];
  const condition =
    `subgradient (KKT) conditions of the log-posterior: max |∂/∂θ − sign(θ − m)/s| = ${worst.toExponential(2)} SE units away from the priors' locations` +
    (zeros.length
      ? `; at the ${zeros.length} exact zero${zeros.length === 1 ? '' : 's'} max |∂/∂θ|·s = ${worstZero.toPrecision(4)} (≤ 1 required)`
      : '');
  return {
    opt: {
      u: Float64Array.from(theta, (v, j) => tr[j].toFree(v)),
      f: -logPosterior,
      iterations: run.iterations,
      converged: ok,
      reason: ok ? `proximal Newton: ${run.reason}; ${condition}` : `proximal Newton: ${run.reason}; ${condition}`,
    },
    method: 'proximal-newton',
    known: { theta, logLik, logPosterior, gradNorm: Math.sqrt(gn), info: H, cov },
    verified: { ok, condition },
    inferenceNotes: notes,
    autoRestarted: false,
  };
}

/**
 * The covariance with the exact zeros held fixed: the inverse of the log-posterior's curvature over the other
 * parameters (a Laplace prior adds none away from its location). Zeros get null: the curvature does not exist there.
 */
function conditionalCovariance(H: Float64Array, zeros: readonly number[], P: number): (number | null)[][] {
  const keep = Array.from({ length: P }, (_, j) => j).filter((j) => !zeros.includes(j));
  const k = keep.length;
  const sub = new Float64Array(k * k);
  keep.forEach((i, a) =>
    keep.forEach((j, b) => {
      sub[a * k + b] = H[i * P + j];
    }),
  );
  const cv = covarianceFromInformation(sub, k);
  const cov = Array.from({ length: P }, () => new Array<number | null>(P).fill(null));
  keep.forEach((i, a) =>
    keep.forEach((j, b) => {
      cov[i][j] = cv.cov[a][b];
    }),
  );
  return cov;
}

function lassoNotes(
  model: EngineModel,
  names: readonly string[],
  priors: readonly L1Prior[],
  zeros: readonly number[],
  warnings: FitWarning[],
): string[] {
  const notes: string[] = [];
  const list = (js: readonly number[]) => js.map((j) => `\`${names[j]}\``).join(', ');
  if (zeros.length) {
    const msg = `The Laplace priors put the MAP of ${list(zeros)} exactly at ${zeros.length === 1 ? 'its' : 'their'} prior location${zeros.length === 1 ? '' : 's'} (the log-posterior's kink; the subgradient condition |∂ log-likelihood/∂θ| ≤ 1/s holds there). The curvature does not exist at a kink, so ${zeros.length === 1 ? 'it has' : 'they have'} no SE; the other SEs are from the log-posterior's curvature with ${zeros.length === 1 ? 'it' : 'them'} held fixed (conditional on which are zero), and do not account for the selection.`;
    warnings.push({ code: 'se-method', severity: 'info', message: msg, params: [...zeros] });
    notes.push(msg);
  }
  if (model.options.ci === 'profile') {
    const msg = `ci = profile: the profile intervals are computed by the general (smooth) optimizer, which is not exact on the kinks of Laplace priors; treat them as approximate.`;
    warnings.push({ code: 'se-method', message: msg, params: [] });
    notes.push(msg);
  }
  if (model.options.method !== 'auto') {
    const msg = `method = ${model.options.method} was asked for, but Laplace priors on ${list(priors.map((q) => q.index))} make the log-posterior non-smooth, so the MAP is found by proximal Newton (exact zeros, subgradient check) instead.`;
    warnings.push({ code: 'se-method', severity: 'info', message: msg, params: [] });
    notes.push(msg);
  }
  return notes;
}
