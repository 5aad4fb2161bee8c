// Fits an EngineModel: build the problem, solve it, then inference on the natural scale (see fit-*.ts for the parts).

import type { EngineModel } from './model.ts';
import { makeEval } from './eval/program.ts';
import { covarianceFromInformation, wald } from './inference/inference.ts';
import { buildProblem } from './fit-problem.ts';
import { solve } from './fit-solve.ts';
import { derivedQuantities, fitWarnings, profiles, sandwichSEs } from './inference/fit-extras.ts';
import type { EngineFit, FitWarning } from './fit-types.ts';

export type { EngineFit, FitWarning } from './fit-types.ts';

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function fitModel(model: EngineModel): EngineFit {
  const t0 = performance.now();
  const pb = buildProblem(model);
  const { P, tr, lik, prior, theta, ev, evalNatural, canScore } = pb;
  const warnings: FitWarning[] = [];
  const sol = solve(model, pb, warnings);
  const { opt, known, gnCov } = sol;
  for (let j = 0; j < P; j++) theta[j] = known ? known.theta[j] : tr[j].toNatural(opt.u[j]);
  const estimates = Array.from(theta);
  if (!opt.converged)
    warnings.push({
      code: 'not-converged',
      message: `The optimizer did not converge: ${opt.reason}. The estimates below are where it stopped; try other init values, or fit method = nelder_mead.`,
      params: [],
    });

  // Log-likelihood and the natural-scale information at the estimate (expected information when asked and available).
  const useExpected = model.options.se === 'expected' && canScore;
  if (model.options.se === 'expected' && !canScore)
    warnings.push({
      code: 'se-method',
      severity: 'info',
      message:
        'se = expected: a distribution in this model has no closed-form expected information, so the SEs use the observed information.',
      params: [],
    });
  // The fast paths already hold the log-likelihood, gradient and information: no further pass over the data.
  let logObjective: number;
  let logLik: number;
  let gnorm = 0;
  let info: Float64Array;
  if (known) {
    logLik = known.logLik;
    logObjective = known.logPosterior ?? known.logLik;
    gnorm = known.gradNorm ** 2;
    info = known.info;
  } else {
    const ok = evalNatural(2, useExpected);
    logObjective = ok ? ev.value : NaN;
    const llEval = makeEval(P);
    lik.evaluate(theta, 0, llEval);
    logLik = llEval.value;
    for (let j = 0; j < P; j++) gnorm += ev.grad[j] ** 2;
    info = ev.hess.map((x) => -x);
  }
  const cv0 = covarianceFromInformation(info, P);
  // For a linear Normal model the observed and expected information coincide: the QR covariance serves both.
  const override = known?.cov ?? gnCov;
  const cv = override ? { ...cv0, cov: override, nullDirections: [], unidentified: new Set<number>() } : cv0;
  fitWarnings(model, pb, sol, cv, theta, warnings);
  const level = model.options.level;
  const waldRows = estimates.map((e, j) => wald(e, cv.cov[j]?.[j] ?? null, level));
  const derived = derivedQuantities(model, cv, theta, level);
  const seRobust = model.options.se === 'sandwich' ? sandwichSEs(model, pb, cv, theta) : undefined;
  const profile =
    model.options.ci === 'profile' && opt.converged ? profiles(model, pb, sol, derived, estimates, level) : undefined;
  const k = P;
  const n = model.n;
  const llOk = Number.isFinite(logLik);
  return {
    objective: prior ? 'posterior' : 'likelihood',
    method: sol.method,
    converged: opt.converged,
    iterations: opt.iterations,
    reason: opt.reason,
    n,
    k,
    logLik: finiteOrNull(logLik),
    logPosterior: prior ? finiteOrNull(logObjective) : null,
    aic: llOk ? 2 * k - 2 * logLik : null,
    bic: llOk ? k * Math.log(n) - 2 * logLik : null,
    gradientNorm: finiteOrNull(Math.sqrt(gnorm)),
    conditionNumber: cv.conditionNumber,
    level,
    estimates,
    wald: waldRows,
    seRobust,
    profile,
    cov: cv.cov,
    derived,
    warnings,
    elapsedMs: performance.now() - t0,
    restarts: sol.restartInfo ? { ...sol.restartInfo, auto: sol.autoRestarted } : undefined,
  };
}
