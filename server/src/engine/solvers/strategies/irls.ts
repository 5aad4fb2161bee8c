// Strategy: a GLM with a canonical link (logit, log) solved by IRLS, one fused pass over a row-major design per step.

import { solveGlm } from '../glm.ts';
import type { Strategy } from '../solution.ts';

export const irlsStrategy: Strategy = {
  name: 'irls',
  solve({ model, pb }) {
    if (!['auto', 'newton', 'irls'].includes(model.options.method))
      return { skip: `method = ${model.options.method} was asked for` };
    const { tr, terms, theta0 } = pb;
    const glm = solveGlm(model, terms, Float64Array.from(theta0), model.options.maxiter, model.options.tol);
    if (!glm) return { skip: 'not a GLM with a canonical link' };
    return {
      opt: {
        u: Float64Array.from(glm.theta, (t, j) => tr[j].toFree(t)),
        f: -glm.logLik,
        iterations: glm.iterations,
        converged: glm.converged,
        reason: glm.converged ? 'IRLS converged' : 'IRLS did not converge',
      },
      method: 'irls',
      known: { theta: glm.theta, logLik: glm.logLik, gradNorm: glm.gradNorm, info: glm.info },
      extremeRows: glm.extremeRows,
      autoRestarted: false,
    };
  },
};
