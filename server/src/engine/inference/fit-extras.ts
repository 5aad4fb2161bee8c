// What a fit reports beyond its estimates: fit-time warnings, delta-method derived quantities, sandwich SEs, profiles.

import type { EngineModel } from '../model.ts';
import type { FitProblem } from '../fit-problem.ts';
import type { EngineFit, FitWarning } from '../fit-types.ts';
import type { Solution } from '../fit-solve.ts';
import { wald, type Covariance } from './inference.ts';
import { dependencyWarnings } from './dependency-warnings.ts';
import { categoricalExtremeRows } from './categorical-separation.ts';
import { scalarEval } from '../eval/scalar-eval.ts';
import { chisqQuantile } from '../eval/special.ts';
import { chi2Cut, profileEnd, profileParameter, profileDerived, type ProfileProblem } from './profile.ts';
import type { Edge } from './edges.ts';
import type { Transform } from '../eval/transforms.ts';
import { cholesky, cholSolve } from '../optimize/cholesky.ts';
import { progressStep } from '../optimize/progress.ts';

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** singular-information or collinearity (naming each dependency) and separation at fit time (edges: see edge-inference.ts). */
export function fitWarnings(
  model: EngineModel,
  pb: FitProblem,
  sol: Solution,
  cv: Covariance,
  theta: Float64Array,
  warnings: FitWarning[],
): void {
  const { terms } = pb;
  const extremeRows = sol.extremeRows ?? categoricalExtremeRows(terms, model.n, theta);
  // One warning per dependency, each named on its own and in the columns' units (dependency-warnings.ts); the fused
  // terms (logit p = η) expose the linear predictor's columns, as the check before fitting sees them. A separated
  // Categorical fit sits at estimates running off to ±∞, where the information's null directions are artefacts.
  const categoricalSeparated = !sol.extremeRows && extremeRows > 0;
  if (!categoricalSeparated) warnings.push(...dependencyWarnings({ ...model, terms }, cv, theta));
  if (extremeRows && terms[0].dist.name !== 'PoissonLog') {
    // R's glm reports "converged" here; say plainly that these estimates run off to infinity.
    const big = model.params.map((_, j) => j).filter((j) => Math.abs(theta[j]) > 5 || (cv.cov[j]?.[j] ?? 0) > 100);
    warnings.push({
      code: 'separation',
      message: `${extremeRows} row${extremeRows === 1 ? ' has' : 's have'} a fitted probability of exactly 0 or 1: the outcome is (quasi-)completely separated by the predictors, so the maximum likelihood estimates ${big.length ? `of ${big.map((j) => `\`${model.params[j].name}\``).join(', ')} ` : ''}are infinite and the reported values and SEs are meaningless. Remove the separating covariate, or add a prior (e.g. prior b ~ Normal(0, 2.5)) for a finite MAP estimate.`,
      params: big,
    });
  }
}

type Derived = EngineFit['derived'][number];

/** Estimates, delta-method SEs and Wald intervals of the derived quantities. */
export function derivedQuantities(model: EngineModel, cv: Covariance, theta: Float64Array, level: number): Derived[] {
  const P = model.params.length;
  return model.derived.map((d) => {
    const sg = scalarEval(d.expr, theta);
    let v: number | null = 0;
    for (let i = 0; i < P; i++) {
      if (sg.grad[i] === 0) continue;
      for (let j = 0; j < P; j++) {
        if (sg.grad[j] === 0) continue;
        const c = cv.cov[i][j];
        if (c === null) {
          v = null;
          break;
        }
        v += sg.grad[i] * c * sg.grad[j];
      }
      if (v === null) break;
    }
    return { name: d.name, estimate: finiteOrNull(sg.value), wald: wald(sg.value, v, level), source: d.source };
  });
}

/** Huber–White sandwich SEs, I⁻¹ (Σ_i s_i s_iᵀ) I⁻¹ with s_i the per-row scores at the estimate. */
export function sandwichSEs(
  model: EngineModel,
  pb: FitProblem,
  cv: Covariance,
  theta: Float64Array,
): (number | null)[] {
  const { P, lik } = pb;
  let seRobust: (number | null)[] = [];
  {
    // Huber–White: I⁻¹ (Σ_i s_i s_iᵀ) I⁻¹ with s_i the per-row scores at the estimate.
    const S = lik.rowScores(theta);
    const meat = new Float64Array(P * P);
    for (let i = 0; i < model.n; i++)
      for (let a = 0; a < P; a++) {
        const sa = S[i * P + a];
        if (sa !== 0) for (let b = 0; b < P; b++) meat[a * P + b] += sa * S[i * P + b];
      }
    seRobust = model.params.map((_, j) => {
      let v = 0;
      for (let a = 0; a < P; a++)
        for (let b = 0; b < P; b++) {
          const ca = cv.cov[j][a];
          const cb = cv.cov[b][j];
          if (ca === null || cb === null) return null;
          v += ca * meat[a * P + b] * cb;
        }
      return v >= 0 ? Math.sqrt(v) : null;
    });
  }
  return seRobust;
}

/**
 * Profile-likelihood intervals for the parameters (natural scale) and, in place, the derived quantities. At an edge the
 * interval is one-sided: from a finite bound to the likelihood-ratio limit, or only the finite limit when the estimate
 * runs off to infinity.
 */
export function profiles(
  model: EngineModel,
  pb: FitProblem,
  sol: Solution,
  edges: readonly Edge[],
  derived: Derived[],
  estimates: readonly number[],
  level: number,
  curves?: ProfileCurve[],
): [number | null, number | null][] | undefined {
  const { P, tr, objective, theta } = pb;
  const { opt } = sol;
  let profile: [number | null, number | null][] | undefined;
  if (model.options.ci === 'profile') {
    let traced: [number, number][] = [];
    const pr: ProfileProblem = {
      objective,
      uHat: opt.u,
      fHat: opt.f,
      P,
      tol: model.options.tol,
      trace: curves && ((t, dev) => traced.push([t, dev])),
    };
    const seFree = freeScaleSEs(objective, opt.u, P);
    const steps = P + derived.length;
    const cutoff = chisqQuantile(level, 1);
    const profileOne = (j: number): [number | null, number | null] => {
      const edge = edges.find((e) => e.j === j);
      if (edge) return oneSided(edge, profileEnd(pr, j, edge.dir === 1 ? -1 : 1, seFree[j], chi2Cut(level)), tr[j]);
      const [a, b] = profileParameter(pr, j, seFree[j], level);
      // Transforms are monotone; an upper bound's is decreasing, so the ends may swap.
      const ends = [a, b].map((x) => (x === null ? null : tr[j].toNatural(x))) as [number | null, number | null];
      return ends[0] !== null && ends[1] !== null && ends[0] > ends[1] ? [ends[1], ends[0]] : ends;
    };
    profile = model.params.map((_, j) =>
      progressStep('profiles', j + 1, steps, () => {
        traced = [];
        const ends = profileOne(j);
        curves?.push({ param: j, points: curvePoints(traced, estimates[j], (u) => tr[j].toNatural(u)), cutoff });
        return ends;
      }),
    );
    derived.forEach((d, i) => {
      const expr = model.derived[i].expr;
      const h = (u: Float64Array) => {
        const th = Float64Array.from(u, (x, j) => tr[j].toNatural(x));
        const sg = scalarEval(expr, th);
        return { value: sg.value, grad: Float64Array.from(sg.grad, (gv, j) => gv * tr[j].d1(u[j])) };
      };
      const at = d.estimate;
      if (at === null) return;
      const se = d.wald.se ?? NaN;
      // The search runs on the derived quantity's own scale, so its points need no transform.
      traced = [];
      (d as { profile?: [number | null, number | null] }).profile = progressStep('profiles', P + i + 1, steps, () =>
        profileDerived(pr, h, at, se, level),
      );
      curves?.push({ param: -1, derived: i, points: curvePoints(traced, at, (c) => c), cutoff });
    });
    for (let j = 0; j < P; j++) theta[j] = estimates[j];
  }
  return profile;
}

/** [bound, limit] (ordered on the natural scale); an infinite edge leaves that end null. */
function oneSided(e: Edge, uLimit: number | null, t: Transform): [number | null, number | null] {
  const limit = uLimit === null ? null : t.toNatural(uLimit);
  const bound = Number.isFinite(e.value) ? e.value : null;
  return e.side === 'lower' ? [bound, limit] : [limit, bound];
}

/** SEs on the free scale from the inverse Hessian of −objective there (step sizes for the profile search). */
function freeScaleSEs(
  objective: (u: Float64Array, order: 0 | 1 | 2, g: Float64Array, H: Float64Array) => number,
  u: Float64Array,
  P: number,
): number[] {
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

/**
 * One parameter's (or derived quantity's) profile deviance curve, natural scale, as the interval search evaluated it
 * (FitJson.profiles).
 */
export interface ProfileCurve {
  /** The parameter's index; −1 for a derived quantity. */
  readonly param: number;
  /** The derived quantity's index (model.derived), when the curve is one's: ℓ maximised subject to g(θ) = value. */
  readonly derived?: number;
  /** (value, 2(ℓ̂ − ℓ_p(value))) sorted by value, the estimate at deviance 0. */
  readonly points: [number, number][];
  /** χ²₁ quantile at the level: the deviance where the interval ends. */
  readonly cutoff: number;
}

/** Points per side of the estimate kept for the plot (the search rarely needs more; evenly thinned if it did). */
const MAX_PER_SIDE = 30;

function curvePoints(
  traced: readonly [number, number][],
  estimate: number,
  toNatural: (u: number) => number,
): [number, number][] {
  const nat = traced.map(([u, dev]): [number, number] => [toNatural(u), dev]).filter(([x]) => Number.isFinite(x));
  const thin = (side: [number, number][]): [number, number][] =>
    side.length <= MAX_PER_SIDE
      ? side
      : Array.from({ length: MAX_PER_SIDE }, (_, k) => side[Math.round((k * (side.length - 1)) / (MAX_PER_SIDE - 1))]);
  const below = thin(nat.filter(([x]) => x < estimate).sort((a, b) => a[0] - b[0]));
  const above = thin(nat.filter(([x]) => x > estimate).sort((a, b) => a[0] - b[0]));
  return Number.isFinite(estimate) ? [...below, [estimate, 0], ...above] : [...below, ...above];
}
