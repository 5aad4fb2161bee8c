// Strategy: a GLM with a canonical link (logit, log) solved by IRLS, one fused pass over a row-major design per step.

import { solveGlm } from '../glm.ts';
import type { Strategy } from '../solution.ts';

export const irlsStrategy: Strategy = {
  name: 'irls',
  solve({ model, pb, warnings }) {
    if (!['auto', 'newton', 'irls'].includes(model.options.method))
      return { skip: `method = ${model.options.method} was asked for` };
    const { tr, terms } = pb;
    const { maxiter, tol } = model.options;
    // From the declared start unchecked: IRLS's first pass tells whether the likelihood is finite there, so the
    // feasibility check (a whole evaluation over the data) runs only when it is not, and the fit restarts from it.
    let glm = solveGlm(model, terms, Float64Array.from(pb.declared), maxiter, tol);
    if (glm && !glm.startFinite) glm = solveGlm(model, terms, Float64Array.from(pb.theta0), maxiter, tol);
    if (!glm) return { skip: 'not a GLM with a canonical link' };
    // Not a silent substitution: say what ran, and why it is the method that was asked for.
    if (model.options.method === 'newton')
      warnings.push({
        code: 'method-fallback',
        severity: 'info',
        message:
          'method = newton: this is a GLM with a canonical link, fitted by IRLS, which is Newton’s method here (the observed and expected information coincide), so the steps and the optimum are those of Newton.',
        params: [],
      });
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
