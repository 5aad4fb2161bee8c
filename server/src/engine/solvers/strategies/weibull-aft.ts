// Strategy: a Weibull AFT regression (right censoring allowed) by Newton over one fused log-linear pass per step.

import { solveWeibullAft, weibullAftProblem } from '../weibull-aft.ts';
import type { Strategy } from '../solution.ts';

export const weibullAftStrategy: Strategy = {
  name: 'weibull-aft',
  solve({ model, pb }) {
    const o = model.options;
    if (o.method !== 'auto' && o.method !== 'newton') return { skip: `method = ${o.method} was asked for` };
    // Restarts and the expected information are the general path's (its multistart and Fisher scoring).
    if (o.restarts > 0) return { skip: 'restarts were asked for' };
    if (o.se === 'expected') return { skip: 'se = expected was asked for' };
    const pr = weibullAftProblem(model, pb.terms);
    if (!pr) return { skip: 'not a Weibull AFT term with a linear predictor' };
    const fit = solveWeibullAft(pr, pb.theta0, o.maxiter, o.tol);
    if (!fit) return { skip: 'the Weibull AFT Newton did not reach a finite optimum' };
    const { known } = fit;
    return {
      opt: {
        u: Float64Array.from(known.theta, (t, j) => pb.tr[j].toFree(t)),
        f: -known.logLik,
        iterations: fit.iterations,
        converged: fit.converged,
        reason: fit.converged ? 'Newton decrement below tolerance' : 'Newton did not converge',
      },
      method: 'newton',
      known,
      autoRestarted: false,
    };
  },
};
