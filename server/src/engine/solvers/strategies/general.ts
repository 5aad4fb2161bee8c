// Strategy: any model, by Newton (Fisher scoring where available) or the requested BFGS / L-BFGS / Nelder–Mead.

import { newton } from '../../optimize/newton.ts';
import { bfgs } from '../../optimize/bfgs.ts';
import { nelderMead } from '../../optimize/nelder-mead.ts';
import type { OptimizeResult } from '../../optimize/types.ts';
import { multiStart } from '../multistart.ts';
import { restartRanges } from '../restart-ranges.ts';
import type { Strategy } from '../solution.ts';
import type { EngineModel } from '../../model.ts';
import { buildProblem } from '../../fit-problem.ts';
import { sampleRows, subsampleModel } from '../../eval/jacobian.ts';

/** Above this many rows a Newton run starts from the optimum of an evenly spaced tenth of the rows (≥ 50,000). */
const WARM_ROWS = 200_000;

/**
 * The optimum of the same model on an evenly spaced subsample (a tenth of the rows, at least 50,000), on the free
 * scale, or undefined where that fit fails. It lies within a few standard errors of the full optimum, so Newton on
 * all rows needs only its last two or three (quadratically converging) passes instead of the whole path.
 */
function subsampleStart(model: EngineModel, u0: Float64Array, scoring: boolean): Float64Array | undefined {
  const sub = subsampleModel(model, sampleRows(model.n, Math.max(50_000, Math.floor(model.n / 10))));
  const spb = buildProblem(sub);
  const r = newton(spb.objective, u0, { maxiter: model.options.maxiter, tol: model.options.tol, scoring });
  return r.converged && Number.isFinite(r.f) ? r.u : undefined;
}

export const generalStrategy: Strategy = {
  name: 'newton',
  solve({ model, pb, warnings }) {
    const { u0, objective, canScore } = pb;
    const o = { maxiter: model.options.maxiter, tol: model.options.tol, scoring: canScore };
    // EM is the mixture strategy's (mixture-em.ts); a model it does not apply to reaches here.
    if (model.options.method === 'em')
      warnings.push({
        code: 'method-fallback',
        severity: 'info',
        message:
          'method = em is implemented for a single Mixture term whose weights and component arguments are parameters; this model was fitted by Newton instead.',
        params: [],
      });
    const m = model.options.method;
    // The chosen optimizer; a derivative-free or quasi-Newton result is polished by Newton so SEs are at the optimum.
    const run = (u: Float64Array): OptimizeResult => {
      if (m === 'newton' || m === 'auto' || m === 'irls' || m === 'em') {
        const warm = model.n >= WARM_ROWS ? subsampleStart(model, u, canScore) : undefined;
        const r = warm ? newton(objective, warm, o) : undefined;
        // From the subsample's optimum when that converges; from the start itself otherwise.
        return r?.converged ? r : newton(objective, u, o);
      }
      const first = m === 'nelder_mead' ? nelderMead(objective, u, o) : bfgs(objective, u, o, m === 'lbfgs' ? 8 : 0);
      const fin = newton(objective, first.u, { ...o, maxiter: 20 });
      return fin.f <= first.f ? { ...fin, iterations: first.iterations + fin.iterations } : first;
    };
    const ms = multiStart(run, u0, model.options.restarts, model.options.seed, 1, restartRanges(model));
    const polished = ['bfgs', 'lbfgs', 'nelder_mead'].includes(m);
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
