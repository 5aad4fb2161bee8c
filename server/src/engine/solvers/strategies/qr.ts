// Strategy: a Normal model with a linear mean is least squares, solved by QR as R's lm does.

import { solveLinearNormal } from '../linear-normal.ts';
import type { Strategy } from '../solution.ts';

/**
 * QR keeps the digits that the normal equations (and so Newton's Hessian) would lose on ill-conditioned designs.
 * The maximised log-likelihood, information and covariance are known in closed form: no further pass over the data.
 */
export const qrStrategy: Strategy = {
  name: 'qr',
  solve({ model, pb }) {
    if (model.options.method !== 'auto') return { skip: `method = ${model.options.method} was asked for` };
    const lin = solveLinearNormal(model, pb.terms);
    if (!lin) return { skip: 'not a Normal model with a mean linear in its parameters' };
    const { P, tr, objective } = pb;
    const u = Float64Array.from(lin.theta, (t, j) => tr[j].toFree(t));
    const f = Number.isFinite(lin.logLik) ? -lin.logLik : objective(u, 0, new Float64Array(P), new Float64Array(0));
    return {
      opt: { u, f, iterations: 1, converged: true, reason: 'least squares (QR or normal equations)' },
      method: 'qr',
      known: {
        theta: lin.theta,
        logLik: lin.logLik,
        gradNorm: lin.gradNorm,
        grad: lin.grad,
        info: lin.info,
        cov: lin.cov,
        residual: { rss: lin.rss, df: lin.residualDf, sigmaIndex: lin.sigmaIndex },
      },
      autoRestarted: false,
    };
  },
};
