// Strategy: a multinomial logit (one Categorical term, every η linear in the parameters) by Newton over its columns.

import { multinomialDesign } from '../multinomial-design.ts';
import { solveMultinomial } from '../multinomial.ts';
import type { Strategy } from '../solution.ts';

/** The method reported in results when this strategy fitted the model. */
export const MULTINOMIAL_METHOD = 'multinomial-newton';

export const multinomialStrategy: Strategy = {
  name: 'multinomial',
  solve({ model, pb }) {
    // `method = newton` asks for the general Newton path by name (the same iteration, through the AD evaluator).
    if (model.options.method !== 'auto') return { skip: `method = ${model.options.method} was asked for` };
    // pb.theta0 is read only once the strategy applies: it costs a pass through the likelihood program.
    const { terms, tr } = pb;
    if (terms.length !== 1 || terms[0].dist.name !== 'Categorical') return { skip: 'not a single Categorical term' };
    if (model.priors.length) return { skip: 'priors' };
    // The log-likelihood is concave, but restarts asked for are run and reported by the general path.
    if (model.options.restarts > 0) return { skip: 'restarts were asked for' };
    if (model.params.some((p) => p.lower !== undefined || p.upper !== undefined)) return { skip: 'bounded parameters' };
    const d = multinomialDesign(model, terms[0]);
    if (!d) return { skip: 'an η is not linear in the parameters over data columns' };
    const P = model.params.length;
    const fit = solveMultinomial(d, P, Float64Array.from(pb.theta0), model.options.maxiter, model.options.tol);
    // Separated data (rows fitted with probability 1, estimates running off to infinity) and any other failure are
    // left to the general path, which reports them as it always has.
    if (!fit.converged || fit.extremeRows > 0 || !fit.theta.every(Number.isFinite))
      return { skip: fit.extremeRows > 0 ? 'separation' : 'did not converge' };
    return {
      opt: {
        u: Float64Array.from(fit.theta, (t, j) => tr[j].toFree(t)),
        f: -fit.logLik,
        iterations: fit.iterations,
        converged: true,
        reason: 'Newton decrement below tolerance',
      },
      method: MULTINOMIAL_METHOD,
      known: { theta: fit.theta, logLik: fit.logLik, gradNorm: fit.gradNorm, info: fit.info },
      extremeRows: 0,
      autoRestarted: false,
    };
  },
};
