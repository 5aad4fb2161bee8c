// Chooses and runs the optimizer: QR least squares, IRLS, Levenberg–Marquardt, or Newton/BFGS/Nelder–Mead/EM.

import type { EngineModel } from './model.ts';
import type { FitProblem } from './fit-problem.ts';
import type { FitWarning } from './fit-types.ts';
import { newton } from './optimize/newton.ts';
import { bfgs } from './optimize/bfgs.ts';
import { nelderMead } from './optimize/nelder-mead.ts';
import { emNormalMixture, emSetup } from './optimize/em-normal-mixture.ts';
import type { OptimizeResult } from './optimize/types.ts';
import { solveLinearNormal, type LinearNormalSolution } from './solvers/linear-normal.ts';
import { solveGlm, type GlmFit } from './solvers/glm.ts';
import { concentrateSigma } from './solvers/concentrated.ts';
import { levenbergMarquardt } from './optimize/levenberg-marquardt.ts';
import { multiStart } from './solvers/multistart.ts';

/** Restarts `auto` makes on its own when a least-squares optimum looks degenerate. */
const AUTO_RESTARTS = 24;

export interface Solution {
  readonly opt: OptimizeResult;
  /** The fast path that produced it, if any (each carries its own log-likelihood and information). */
  readonly lin?: LinearNormalSolution;
  readonly glm?: GlmFit;
  readonly leastSquares: boolean;
  readonly restartInfo?: { runs: number; reachedBest: number };
  readonly autoRestarted: boolean;
  readonly emUsed: boolean;
  /** σ̂²(JᵀJ)⁻¹ from the least-squares path, for se = expected. */
  readonly gnCov?: number[][];
}

export function solve(model: EngineModel, pb: FitProblem, warnings: FitWarning[]): Solution {
  const { P, terms, tr, theta0, u0, objective, canScore } = pb;
  // A Normal model with a linear mean is least squares: solve it by QR (as lm does), which keeps the digits that
  // the normal equations (and so Newton's Hessian) would lose on ill-conditioned designs.
  const lin = model.options.method === 'auto' ? solveLinearNormal(model, terms) : undefined;
  let opt: OptimizeResult;
  let conc: ReturnType<typeof concentrateSigma>;
  let glm: GlmFit | undefined;
  let restartInfo: { runs: number; reachedBest: number } | undefined;
  let autoRestarted = false;
  let emUsed = false;
  let gnCov: number[][] | undefined;
  if (lin) {
    const u = Float64Array.from(lin.theta, (t, j) => tr[j].toFree(t));
    // The maximised log-likelihood is known in closed form: no pass over the data for it.
    opt = {
      u,
      f: Number.isFinite(lin.logLik) ? -lin.logLik : objective(u, 0, new Float64Array(P), new Float64Array(0)),
      iterations: 1,
      converged: true,
      reason: 'least squares (QR or normal equations)',
    };
  } else if (
    (glm = ['auto', 'newton', 'irls'].includes(model.options.method)
      ? solveGlm(model, terms, Float64Array.from(theta0), model.options.maxiter, model.options.tol)
      : undefined)
  ) {
    // A GLM with a canonical link: Newton is IRLS here, run as one fused pass per iteration over a row-major design.
    opt = {
      u: Float64Array.from(glm.theta, (t, j) => tr[j].toFree(t)),
      f: -glm.logLik,
      iterations: glm.iterations,
      converged: glm.converged,
      reason: glm.converged ? 'IRLS converged' : 'IRLS did not converge',
    };
  } else if (
    (conc =
      model.options.method === 'auto' || model.options.method === 'newton'
        ? concentrateSigma(model, terms, tr)
        : undefined)
  ) {
    // Nonlinear least squares: Levenberg–Marquardt over the mean's parameters (σ profiled out), then σ̂² = RSS/n.
    const c = conc;
    const lsSolve = (v: Float64Array): OptimizeResult => {
      const lm = levenbergMarquardt(c.residuals, v, model.n, Math.max(model.options.maxiter, 500));
      // Large-residual problems converge only linearly under Gauss–Newton: a few exact Newton steps finish them.
      const polish = lm.converged ? newton(c.objective, lm.u, { maxiter: 20, tol: 1e-15, relative: true }) : undefined;
      // At the optimum the two sums of squares tie to rounding; the Newton point is then the more accurate in β.
      return polish && polish.f <= lm.f * (1 + 1e-13)
        ? { ...polish, iterations: lm.iterations + polish.iterations, converged: true }
        : lm;
    };
    const v0 = Float64Array.from(c.rest, (j) => u0[j]);
    let ms = multiStart(lsSolve, v0, model.options.restarts, model.options.seed);
    // auto: an optimum where a parameter no longer affects the fit (a saturated exp) or no convergence is a sign of a
    // bad start; restart from scaled starts and keep the best.
    if (model.options.method === 'auto' && model.options.restarts === 0 && c.degenerate(ms.best)) {
      const again = multiStart(lsSolve, v0, AUTO_RESTARTS, model.options.seed);
      ms = { ...again, runs: again.runs };
      autoRestarted = true;
    }
    restartInfo = { runs: ms.runs, reachedBest: ms.reachedBest };
    const inner = ms.best;
    const th = new Float64Array(P);
    c.rest.forEach((j, a) => {
      th[j] = tr[j].toNatural(inner.u[a]);
    });
    const sHat = c.sigmaHat(th);
    const u = new Float64Array(P);
    c.rest.forEach((j, a) => {
      u[j] = inner.u[a];
    });
    u[c.sigma] = tr[c.sigma].toFree(sHat);
    opt = { ...inner, u, f: objective(u, 0, new Float64Array(P), new Float64Array(0)) };
    if (model.options.se === 'expected') gnCov = c.gaussNewtonCov(inner.u, sHat);
  } else {
    const o = { maxiter: model.options.maxiter, tol: model.options.tol, scoring: canScore };
    const em = model.options.method === 'em' ? emSetup(model, terms) : undefined;
    emUsed = !!em;
    if (model.options.method === 'em' && !em)
      warnings.push({
        code: 'se-method',
        severity: 'info',
        message:
          'method = em is implemented for two-component Normal mixtures whose arguments are parameters; this model was fitted by Newton instead.',
        params: [],
      });
    const m = model.options.method;
    // The chosen optimizer; a derivative-free or quasi-Newton result is polished by Newton so SEs are at the optimum.
    const solve = (u: Float64Array): OptimizeResult => {
      if (m === 'em' && em) {
        // EM to the neighbourhood (it converges linearly), then Newton for the last digits and the information.
        const start = Float64Array.from(u, (x, j) => tr[j].toNatural(x));
        const e = emNormalMixture(em, start, model.options.maxiter, 1e-10);
        const ue = Float64Array.from(e.theta, (t, j) => tr[j].toFree(t));
        const fin = newton(objective, ue, { ...o, maxiter: 20 });
        return { ...fin, iterations: e.result.iterations + fin.iterations };
      }
      if (m === 'newton' || m === 'auto' || m === 'irls' || m === 'em') return newton(objective, u, o);
      const first = m === 'nelder_mead' ? nelderMead(objective, u, o) : bfgs(objective, u, o, m === 'lbfgs' ? 8 : 0);
      const fin = newton(objective, first.u, { ...o, maxiter: 20 });
      return fin.f <= first.f ? { ...fin, iterations: first.iterations + fin.iterations } : first;
    };
    const ms = multiStart(solve, u0, model.options.restarts, model.options.seed, 1);
    if (model.options.restarts > 0) restartInfo = { runs: ms.runs, reachedBest: ms.reachedBest };
    opt = ms.best;
  }
  return { opt, lin, glm, leastSquares: !!conc, restartInfo, autoRestarted, emUsed, gnCov };
}
