// Strategy: any model, by Newton (Fisher scoring where available) or the requested BFGS / L-BFGS / Nelder–Mead / EM.

import { newton } from '../../optimize/newton.ts';
import { bfgs } from '../../optimize/bfgs.ts';
import { nelderMead } from '../../optimize/nelder-mead.ts';
import { emNormalMixture, emSetup } from '../../optimize/em-normal-mixture.ts';
import type { OptimizeResult } from '../../optimize/types.ts';
import { multiStart } from '../multistart.ts';
import { restartRanges } from '../restart-ranges.ts';
import type { Strategy } from '../solution.ts';

export const generalStrategy: Strategy = {
  name: 'newton',
  solve({ model, pb, warnings }) {
    const { terms, tr, u0, objective, canScore } = pb;
    const o = { maxiter: model.options.maxiter, tol: model.options.tol, scoring: canScore };
    const em = model.options.method === 'em' ? emSetup(model, terms) : undefined;
    if (model.options.method === 'em' && !em)
      warnings.push({
        code: 'method-fallback',
        severity: 'info',
        message:
          'method = em is implemented for two-component Normal mixtures whose arguments are parameters; this model was fitted by Newton instead.',
        params: [],
      });
    const m = model.options.method;
    // The chosen optimizer; a derivative-free or quasi-Newton result is polished by Newton so SEs are at the optimum.
    const run = (u: Float64Array): OptimizeResult => {
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
    const ms = multiStart(run, u0, model.options.restarts, model.options.seed, 1, restartRanges(model));
    const polished = ['bfgs', 'lbfgs', 'nelder_mead'].includes(m) || (m === 'em' && !!em);
    return {
      opt: ms.best,
      method: polished ? `${m} + newton` : 'newton',
      restartInfo:
        model.options.restarts > 0
          ? { runs: ms.runs, reachedBest: ms.reachedBest, distinctOptima: ms.distinctOptima }
          : undefined,
      autoRestarted: false,
    };
  },
};
