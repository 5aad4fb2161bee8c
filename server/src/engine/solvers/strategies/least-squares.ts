// Strategy: nonlinear least squares (Normal, σ a parameter) by Levenberg–Marquardt with σ profiled out.

import { concentrateSigma } from '../concentrated.ts';
import { levenbergMarquardt } from '../../optimize/levenberg-marquardt.ts';
import { newton } from '../../optimize/newton.ts';
import { multiStart } from '../multistart.ts';
import type { OptimizeResult } from '../../optimize/types.ts';
import type { Strategy } from '../solution.ts';

/** Restarts `auto` makes on its own when a least-squares optimum looks degenerate. */
const AUTO_RESTARTS = 24;

export const leastSquaresStrategy: Strategy = {
  name: 'levenberg-marquardt',
  solve({ model, pb }) {
    if (model.options.method !== 'auto' && model.options.method !== 'newton')
      return { skip: `method = ${model.options.method} was asked for` };
    const { P, terms, tr, objective } = pb;
    const c = concentrateSigma(model, terms, tr);
    if (!c) return { skip: 'not a Normal regression with σ a free parameter' };
    // The declared start when the compiled sums find the likelihood finite there (LM's first step replays that pass);
    // otherwise the problem's checked start (a pass through the likelihood program, with its fallbacks and note).
    const declared = Float64Array.from(pb.declared);
    const u0 = c.finiteAt?.(declared) ? Float64Array.from(declared, (t, j) => tr[j].toFree(t)) : pb.u0;
    const lsSolve = (v: Float64Array): OptimizeResult => {
      const lm = levenbergMarquardt(c.residuals, v, model.n, Math.max(model.options.maxiter, 500), c.gram);
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
    let autoRestarted = false;
    if (model.options.method === 'auto' && model.options.restarts === 0 && c.degenerate(ms.best)) {
      ms = multiStart(lsSolve, v0, AUTO_RESTARTS, model.options.seed);
      autoRestarted = true;
    }
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
    // The likelihood at the optimum (value, gradient, observed Hessian) from the sums of Newton's last pass: the fit's
    // inference then replays it instead of another order-2 pass over the data through the likelihood program.
    const thetaHat = Float64Array.from(u, (x, j) => tr[j].toNatural(x));
    const at = c.logLikAt?.(thetaHat);
    if (at) pb.remember(thetaHat, at);
    return {
      opt: { ...inner, u, f: at ? -at.value : objective(u, 0, new Float64Array(P), new Float64Array(0)) },
      method: 'levenberg-marquardt',
      restartInfo: {
        runs: ms.runs,
        reachedBest: ms.reachedBest,
        // f = RSS/2 here; with σ profiled out the log-likelihood is −n/2·(log(2π·RSS/n) + 1).
        distinctOptima: ms.distinctOptima.map((o) => ({
          logLik: (-model.n / 2) * (Math.log((2 * Math.PI * (-2 * o.logLik)) / model.n) + 1),
          runs: o.runs,
        })),
      },
      autoRestarted,
      gnCov: model.options.se === 'expected' ? c.gaussNewtonCov(inner.u, sHat) : undefined,
    };
  },
};
