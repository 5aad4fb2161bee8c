// Chooses the fitting strategy: the first in the list that applies solves the problem.

import type { EngineModel } from './model.ts';
import type { FitProblem } from './fit-problem.ts';
import type { FitWarning } from './fit-types.ts';
import { skipped, type Solution, type Strategy } from './solvers/solution.ts';
import { qrStrategy } from './solvers/strategies/qr.ts';
import { irlsStrategy } from './solvers/strategies/irls.ts';
import { multinomialStrategy } from './solvers/strategies/multinomial.ts';
import { leastSquaresStrategy } from './solvers/strategies/least-squares.ts';
import { mixtureEmStrategy } from './solvers/strategies/mixture-em.ts';
import { generalStrategy } from './solvers/strategies/general.ts';
import { l1LocationStrategy } from './solvers/strategies/l1-location.ts';
import { supportBoundsStrategy } from './solvers/strategies/support-bounds.ts';
import { lassoStrategy } from './solvers/strategies/lasso.ts';
import { weibullAftStrategy } from './solvers/strategies/weibull-aft.ts';

export type { Solution } from './solvers/solution.ts';

/** Most specific first; the general strategy applies to every model, so the list always ends in a solution. */
export const STRATEGIES: readonly Strategy[] = [
  qrStrategy,
  irlsStrategy,
  weibullAftStrategy,
  multinomialStrategy,
  leastSquaresStrategy,
  l1LocationStrategy,
  supportBoundsStrategy,
  lassoStrategy,
  mixtureEmStrategy,
  generalStrategy,
];

export function solve(model: EngineModel, pb: FitProblem, warnings: FitWarning[]): Solution {
  const ctx = { model, pb, warnings };
  for (const s of STRATEGIES) {
    const r = s.solve(ctx);
    if (!skipped(r)) return r;
  }
  throw new Error('no fitting strategy applied (the general strategy should always apply)');
}
