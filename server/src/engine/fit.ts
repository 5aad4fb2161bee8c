// Fits an EngineModel: starting values, Newton on the free scale, then observed-information inference on the natural scale.

import type { EngineModel, Term } from './model.ts';
import { Program, makeEval } from './program.ts';
import { transformFor, defaultStart, type Transform } from './transforms.ts';
import { newton } from './optimize/newton.ts';
import { bfgs } from './optimize/bfgs.ts';
import { nelderMead } from './optimize/nelder-mead.ts';
import { emNormalMixture, emSetup } from './optimize/em-normal-mixture.ts';
import type { OptimizeResult } from './optimize/types.ts';
import { solveLinearNormal } from './linear-normal.ts';
import { solveGlm, type GlmFit } from './glm.ts';
import { concentrateSigma } from './concentrated.ts';
import { levenbergMarquardt } from './optimize/levenberg-marquardt.ts';
import { multiStart } from './multistart.ts';

/** Restarts `auto` makes on its own when a least-squares optimum looks degenerate. */
const AUTO_RESTARTS = 24;
import { covarianceFromInformation, describeDirection, wald, type WaldRow } from './inference.ts';
import { scalarEval } from './scalar-eval.ts';
import { fuseTerm } from './fuse.ts';
import { guessStarts } from './starts.ts';
import { profileParameter, profileDerived, type ProfileProblem } from './profile.ts';
import { cholesky, cholSolve } from './optimize/cholesky.ts';

export interface FitWarning {
  readonly code: 'not-converged' | 'singular-information' | 'boundary' | 'separation' | 'non-regular' | 'se-method';
  /** Defaults to warning. */
  readonly severity?: 'warning' | 'info';
  readonly message: string;
  /** Parameter indices the warning is about. */
  readonly params: readonly number[];
  /** Statement index of a term, when the warning is about one. */
  readonly source?: number;
}

export interface EngineFit {
  readonly objective: 'likelihood' | 'posterior';
  readonly method: string;
  readonly converged: boolean;
  readonly iterations: number;
  readonly reason: string;
  readonly n: number;
  readonly k: number;
  readonly logLik: number | null;
  readonly logPosterior: number | null;
  readonly aic: number | null;
  readonly bic: number | null;
  readonly gradientNorm: number | null;
  readonly conditionNumber: number | null;
  readonly level: number;
  readonly estimates: readonly number[];
  readonly wald: readonly WaldRow[];
  /** Sandwich (robust) SEs, when options.se = 'sandwich'. */
  readonly seRobust?: readonly (number | null)[];
  /** Profile-likelihood intervals (natural scale), when options.ci = 'profile'. */
  readonly profile?: readonly [number | null, number | null][];
  readonly cov: (number | null)[][] | null;
  readonly derived: readonly { readonly name: string; readonly estimate: number | null; readonly wald: WaldRow; readonly profile?: [number | null, number | null]; readonly source: number }[];
  readonly warnings: readonly FitWarning[];
  readonly elapsedMs: number;
  /** Optimizer runs (1 + restarts) and how many reached the best optimum; `auto` when the engine restarted by itself. */
  readonly restarts?: { readonly runs: number; readonly reachedBest: number; readonly auto: boolean };
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function fitModel(model: EngineModel): EngineFit {
  const t0 = performance.now();
  const P = model.params.length;
  const terms: Term[] = model.terms.map(fuseTerm);
  const lik = new Program(terms, model.n, P);
  const prior = model.priors.length ? new Program(model.priors, 1, P) : undefined;
  const tr: Transform[] = model.params.map(transformFor);
  const guesses = guessStarts({ ...model, terms });
  const inside = (j: number, v: number): boolean => {
    const p = model.params[j];
    return Number.isFinite(v) && (p.lower === undefined || v > p.lower) && (p.upper === undefined || v < p.upper);
  };
  const theta0 = model.params.map((p, j) => p.init ?? (inside(j, guesses.get(j) ?? NaN) ? guesses.get(j)! : defaultStart(p)));
  const u0 = Float64Array.from(theta0, (t, j) => tr[j].toFree(t));

  const ev = makeEval(P);
  const theta = new Float64Array(P);
  const evalNatural = (order: 0 | 1 | 2, expected = false): boolean => {
    ev.value = 0;
    ev.grad.fill(0);
    ev.hess.fill(0);
    let ok = lik.evaluate(theta, order, ev, undefined, expected);
    if (ok && prior) ok = prior.evaluate(theta, order, ev, undefined, expected);
    return ok;
  };
  const canScore = lik.hasFisher && (!prior || prior.hasFisher);
  // Minimise −objective on the free scale: chain rule through the elementwise transforms.
  const objective = (u: Float64Array, order: 0 | 1 | 2, g: Float64Array, H: Float64Array, expected = false): number => {
    for (let j = 0; j < P; j++) theta[j] = tr[j].toNatural(u[j]);
    if (!evalNatural(order, expected)) return NaN;
    if (order >= 1) for (let j = 0; j < P; j++) g[j] = -ev.grad[j] * tr[j].d1(u[j]);
    if (order === 2) {
      for (let i = 0; i < P; i++) {
        const di = tr[i].d1(u[i]);
        for (let j = 0; j < P; j++) H[i * P + j] = -ev.hess[i * P + j] * di * tr[j].d1(u[j]);
        // Information transforms as a metric: the scoring Hessian drops the transform's own curvature.
        if (!expected) H[i * P + i] -= ev.grad[i] * tr[i].d2(u[i]);
      }
    }
    return -ev.value;
  };

  // A Normal model with a linear mean is least squares: solve it by QR (as lm does), which keeps the digits that
  // the normal equations (and so Newton's Hessian) would lose on ill-conditioned designs.
  const lin = model.options.method === 'auto' ? solveLinearNormal(model, terms) : undefined;
  const warnings: FitWarning[] = [];
  let opt: OptimizeResult;
  let conc: ReturnType<typeof concentrateSigma>;
  let glm: GlmFit | undefined;
  let restartInfo: { runs: number; reachedBest: number } | undefined;
  let autoRestarted = false;
  let emUsed = false;
  let gnCov: number[][] | undefined;
  if (lin) {
    const u = Float64Array.from(lin.theta, (t, j) => tr[j].toFree(t));
    // The maximised log-likelihood is known in closed form: no pass over the data for it.
    opt = { u, f: Number.isFinite(lin.logLik) ? -lin.logLik : objective(u, 0, new Float64Array(P), new Float64Array(0)), iterations: 1, converged: true, reason: 'least squares (QR or normal equations)' };
  } else if ((glm = ['auto', 'newton', 'irls'].includes(model.options.method) ? solveGlm(model, terms, Float64Array.from(theta0), model.options.maxiter, model.options.tol) : undefined)) {
    // A GLM with a canonical link: Newton is IRLS here, run as one fused pass per iteration over a row-major design.
    opt = { u: Float64Array.from(glm.theta, (t, j) => tr[j].toFree(t)), f: -glm.logLik, iterations: glm.iterations, converged: glm.converged, reason: glm.converged ? 'IRLS converged' : 'IRLS did not converge' };
  } else if ((conc = model.options.method === 'auto' || model.options.method === 'newton' ? concentrateSigma(model, terms, tr) : undefined)) {
    // Nonlinear least squares: Levenberg–Marquardt over the mean's parameters (σ profiled out), then σ̂² = RSS/n.
    const c = conc;
    const lsSolve = (v: Float64Array): OptimizeResult => {
      const lm = levenbergMarquardt(c.residuals, v, model.n, Math.max(model.options.maxiter, 500));
      // Large-residual problems converge only linearly under Gauss–Newton: a few exact Newton steps finish them.
      const polish = lm.converged ? newton(c.objective, lm.u, { maxiter: 20, tol: 1e-15, relative: true }) : undefined;
      // At the optimum the two sums of squares tie to rounding; the Newton point is then the more accurate in β.
      return polish && polish.f <= lm.f * (1 + 1e-13) ? { ...polish, iterations: lm.iterations + polish.iterations, converged: true } : lm;
    };
    const v0 = Float64Array.from(c.rest, (j) => u0[j]);
    let ms = multiStart(lsSolve, v0, model.options.restarts, model.options.seed);
    // auto: an optimum where a parameter no longer affects the fit (a saturated exp) or no convergence is a sign of a
    // bad start; restart from scaled starts and keep the best.
    if (model.options.method === 'auto' && model.options.restarts === 0 && c.degenerate(ms.best)) {
      const again = multiStart(lsSolve, v0, AUTO_RESTARTS, model.options.seed);
      ms = { ...again, runs: again.runs };
      autoRestarted = true;
    }
    restartInfo = { runs: ms.runs, reachedBest: ms.reachedBest };
    const inner = ms.best;
    const th = new Float64Array(P);
    c.rest.forEach((j, a) => { th[j] = tr[j].toNatural(inner.u[a]); });
    const sHat = c.sigmaHat(th);
    const u = new Float64Array(P);
    c.rest.forEach((j, a) => { u[j] = inner.u[a]; });
    u[c.sigma] = tr[c.sigma].toFree(sHat);
    opt = { ...inner, u, f: objective(u, 0, new Float64Array(P), new Float64Array(0)) };
    if (model.options.se === 'expected') gnCov = c.gaussNewtonCov(inner.u, sHat);
  } else {
    const o = { maxiter: model.options.maxiter, tol: model.options.tol, scoring: canScore };
    const em = model.options.method === 'em' ? emSetup(model, terms) : undefined;
    emUsed = !!em;
    if (model.options.method === 'em' && !em) warnings.push({ code: 'se-method', severity: 'info', message: 'method = em is implemented for two-component Normal mixtures whose arguments are parameters; this model was fitted by Newton instead.', params: [] });
    const m = model.options.method;
    // The chosen optimizer; a derivative-free or quasi-Newton result is polished by Newton so SEs are at the optimum.
    const solve = (u: Float64Array): OptimizeResult => {
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
    const ms = multiStart(solve, u0, model.options.restarts, model.options.seed, 1);
    if (model.options.restarts > 0) restartInfo = { runs: ms.runs, reachedBest: ms.reachedBest };
    opt = ms.best;
  }
  for (let j = 0; j < P; j++) theta[j] = lin ? lin.theta[j] : glm ? glm.theta[j] : tr[j].toNatural(opt.u[j]);
  const estimates = Array.from(theta);
  const names = model.params.map((p) => p.name);
  if (!opt.converged) warnings.push({ code: 'not-converged', message: `The optimizer did not converge: ${opt.reason}. The estimates below are where it stopped; try other init values, or fit method = nelder_mead.`, params: [] });

  // Log-likelihood and the natural-scale information at the estimate (expected information when asked and available).
  const useExpected = model.options.se === 'expected' && canScore;
  if (model.options.se === 'expected' && !canScore) warnings.push({ code: 'se-method', severity: 'info', message: 'se = expected: a distribution in this model has no closed-form expected information, so the SEs use the observed information.', params: [] });
  // The fast paths already hold the log-likelihood, gradient and information: no further pass over the data.
  let logObjective: number;
  let logLik: number;
  let gnorm = 0;
  let info: Float64Array;
  if (glm) {
    logObjective = logLik = glm.logLik;
    gnorm = glm.gradNorm ** 2;
    info = glm.info;
  } else if (lin) {
    logObjective = logLik = lin.logLik;
    gnorm = lin.gradNorm ** 2;
    info = lin.info;
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
  const override = lin?.cov ?? gnCov;
  const cv = override ? { ...cv0, cov: override, nullDirections: [], unidentified: new Set<number>() } : cv0;
  for (const v of cv.nullDirections) {
    const involved = [...v.keys()].filter((j) => Math.abs(v[j]) > 0.05);
    warnings.push({
      code: 'singular-information',
      message: involved.length === 1
        ? `The information about \`${names[involved[0]]}\` is zero: the data do not determine it, so its SE is not reported.`
        : `The information matrix is singular in the direction ${describeDirection(v, names)}: the data do not determine ${involved.map((j) => `\`${names[j]}\``).join(', ')} separately (only combinations orthogonal to that direction are estimable), so their SEs are not reported.`,
      params: involved,
    });
  }
  model.params.forEach((p, j) => {
    if (!tr[j].bounded) return;
    const u = opt.u[j];
    const nearLower = p.lower !== undefined && (p.upper === undefined ? u < -13.8 : u < -13.8);
    const nearUpper = p.upper !== undefined && (p.lower === undefined ? u < -13.8 : u > 13.8);
    if (nearLower || nearUpper) {
      const bound = nearLower ? p.lower : p.upper;
      warnings.push({ code: 'boundary', message: `\`${p.name}\` = ${Number(theta[j].toPrecision(6))} is at its bound ${bound}: the maximum lies on the edge of the parameter space, so Wald intervals and SEs are unreliable.`, params: [j] });
    }
  });

  if (glm && glm.extremeRows > 0 && terms[0].dist.name !== 'PoissonLog') {
    // R's glm reports "converged" here; say plainly that these estimates run off to infinity.
    const big = model.params.map((_, j) => j).filter((j) => Math.abs(theta[j]) > 5 || (cv.cov[j]?.[j] ?? 0) > 100);
    warnings.push({
      code: 'separation',
      message: `${glm.extremeRows} row${glm.extremeRows === 1 ? ' has' : 's have'} a fitted probability of exactly 0 or 1: the outcome is (quasi-)completely separated by the predictors, so the maximum likelihood estimates ${big.length ? `of ${big.map((j) => `\`${model.params[j].name}\``).join(', ')} ` : ''}are infinite and the reported values and SEs are meaningless. Remove the separating covariate, or add a prior (e.g. prior b ~ Normal(0, 2.5)) for a finite MAP estimate.`,
      params: big,
    });
  }
  const level = model.options.level;
  const waldRows = estimates.map((e, j) => wald(e, cv.cov[j]?.[j] ?? null, level));
  const derived = model.derived.map((d) => {
    const sg = scalarEval(d.expr, theta);
    let v: number | null = 0;
    for (let i = 0; i < P; i++) {
      if (sg.grad[i] === 0) continue;
      for (let j = 0; j < P; j++) {
        if (sg.grad[j] === 0) continue;
        const c = cv.cov[i][j];
        if (c === null) { v = null; break; }
        v += sg.grad[i] * c * sg.grad[j];
      }
      if (v === null) break;
    }
    return { name: d.name, estimate: finiteOrNull(sg.value), wald: wald(sg.value, v, level), source: d.source };
  });
  let seRobust: (number | null)[] | undefined;
  if (model.options.se === 'sandwich') {
    // Huber–White: I⁻¹ (Σ_i s_i s_iᵀ) I⁻¹ with s_i the per-row scores at the estimate.
    const S = lik.rowScores(theta);
    const meat = new Float64Array(P * P);
    for (let i = 0; i < model.n; i++) for (let a = 0; a < P; a++) { const sa = S[i * P + a]; if (sa !== 0) for (let b = 0; b < P; b++) meat[a * P + b] += sa * S[i * P + b]; }
    seRobust = model.params.map((_, j) => {
      let v = 0;
      for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) {
        const ca = cv.cov[j][a];
        const cb = cv.cov[b][j];
        if (ca === null || cb === null) return null;
        v += ca * meat[a * P + b] * cb;
      }
      return v >= 0 ? Math.sqrt(v) : null;
    });
  }
  let profile: [number | null, number | null][] | undefined;
  if (model.options.ci === 'profile' && opt.converged) {
    const pr: ProfileProblem = { objective, uHat: opt.u, fHat: opt.f, P, tol: model.options.tol };
    const seFree = freeScaleSEs(objective, opt.u, P);
    profile = model.params.map((_, j) => {
      const [a, b] = profileParameter(pr, j, seFree[j], level);
      // Transforms are monotone; an upper bound's is decreasing, so the ends may swap.
      const ends = [a, b].map((x) => (x === null ? null : tr[j].toNatural(x))) as [number | null, number | null];
      return ends[0] !== null && ends[1] !== null && ends[0] > ends[1] ? [ends[1], ends[0]] : ends;
    });
    derived.forEach((d, i) => {
      const expr = model.derived[i].expr;
      const h = (u: Float64Array) => {
        const th = Float64Array.from(u, (x, j) => tr[j].toNatural(x));
        const sg = scalarEval(expr, th);
        return { value: sg.value, grad: Float64Array.from(sg.grad, (gv, j) => gv * tr[j].d1(u[j])) };
      };
      if (d.estimate !== null) (d as { profile?: [number | null, number | null] }).profile = profileDerived(pr, h, d.estimate, d.wald.se ?? NaN, level);
    });
    for (let j = 0; j < P; j++) theta[j] = estimates[j];
  }
  const k = P;
  const n = model.n;
  const llOk = Number.isFinite(logLik);
  return {
    objective: prior ? 'posterior' : 'likelihood',
    method: lin ? 'qr' : glm ? 'irls' : conc ? 'levenberg-marquardt' : ['bfgs', 'lbfgs', 'nelder_mead'].includes(model.options.method) || (model.options.method === 'em' && emUsed) ? `${model.options.method} + newton` : 'newton',
    converged: opt.converged,
    iterations: opt.iterations,
    reason: opt.reason,
    n, k,
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
    restarts: restartInfo ? { ...restartInfo, auto: autoRestarted } : undefined,
  };
}

/** SEs on the free scale from the inverse Hessian of −objective there (step sizes for the profile search). */
function freeScaleSEs(objective: (u: Float64Array, order: 0 | 1 | 2, g: Float64Array, H: Float64Array) => number, u: Float64Array, P: number): number[] {
  const g = new Float64Array(P);
  const H = new Float64Array(P * P);
  objective(u, 2, g, H);
  const L = new Float64Array(P * P);
  if (!cholesky(H, P, 0, L)) return new Array<number>(P).fill(NaN);
  const e = new Float64Array(P);
  const x = new Float64Array(P);
  return Array.from({ length: P }, (_, j) => {
    e.fill(0);
    e[j] = 1;
    cholSolve(L, P, e, x);
    return Math.sqrt(x[j]);
  });
}
