// Strategy: a Weibull AFT regression (right censoring allowed) by Newton over one fused log-linear pass per step.

import { solveWeibullAft, weibullAftProblem } from '../weibull-aft.ts';
import type { Strategy } from '../solution.ts';

/** The method reported in results when this strategy fitted the model. */
export const WEIBULL_AFT_METHOD = 'weibull-aft-newton';

export const weibullAftStrategy: Strategy = {
  name: 'weibull-aft',
  solve({ model, pb }) {
    const o = model.options;
    // `method = newton` asks for the general Newton path by name (the same optimum, through the AD evaluator).
    if (o.method !== 'auto') return { skip: `method = ${o.method} was asked for` };
    // Restarts and the expected information are the general path's (its multistart and Fisher scoring).
    if (o.restarts > 0) return { skip: 'restarts were asked for' };
    if (o.se === 'expected') return { skip: 'se = expected was asked for' };
    const pr = weibullAftProblem(model, pb.terms);
    if (!pr) return { skip: 'not a Weibull AFT term with a linear predictor' };
    const fit = solveWeibullAft(pr, pb.theta0, o.maxiter, o.tol);
    // Any failure is left to the general path, which reports it as it always has.
    if (!fit?.converged) return { skip: 'the Weibull AFT Newton did not converge' };
    const { known } = fit;
    return {
      opt: {
        u: Float64Array.from(known.theta, (t, j) => pb.tr[j].toFree(t)),
        f: -known.logLik,
        iterations: fit.iterations,
        converged: true,
        reason: 'Newton decrement below tolerance',
      },
      method: WEIBULL_AFT_METHOD,
      known,
      autoRestarted: false,
    };
  },
};
