// Fit-time warnings for (near-)dependencies: singular-information when SEs were withheld, collinearity otherwise.

import type { EngineModel } from '../model.ts';
import type { FitWarning } from '../fit-types.ts';
import type { Covariance } from './inference.ts';
import { argJacobian, sampleRows, subsampleModel } from '../eval/jacobian.ts';
import { columnRoles, type ColumnRole } from './column-roles.ts';
import {
  closeness,
  columnRelation,
  estimableCombinations,
  nice,
  paramList,
  r2Text,
  type Dependency,
} from './dependencies.ts';

const q = (s: string): string => `\`${s}\``;

/** "`b_kg` moves by +t and `b_wt` by −453.592·t": the direction along which the likelihood is (nearly) flat. */
export function moveText(d: Dependency, names: readonly string[]): string {
  const others = d.involved.filter((j) => j !== d.pivot);
  const step = (c: number): string =>
    (c < 0 ? '−' : '+') + (nice(Math.abs(c)) === '1' ? 't' : `${nice(Math.abs(c))}·t`);
  const parts = others.map((j) => `${q(names[j])} by ${step(d.v[j])}`);
  return `${q(names[d.pivot])} moves by +t${parts.length ? ` and ${parts.join(' and ')}` : ''}`;
}

/** The words for one dependency; `withheld` says the SEs of its parameters were not reported. */
export function dependencyMessage(
  d: Dependency & { readonly ratio: number },
  names: readonly string[],
  roles: readonly (ColumnRole | undefined)[],
  withheld: boolean,
): string {
  const params = paramList(d.involved, names);
  if (d.involved.length === 1) {
    const j = d.pivot;
    return withheld
      ? `The information about ${q(names[j])} is zero: the data do not determine it, so its SE is not reported.`
      : `The data barely determine ${q(names[j])}: its column is nearly zero (scaled condition number ${condition(d.ratio)}), so its estimate and SE are unstable.`;
  }
  const rel = columnRelation(d, roles);
  // A relation that least squares does not reproduce to rounding is near, not exact, even when the information is
  // numerically singular (a GLM on columns with R² = 1 − 4e-13): say so, with R², rather than "is a function of".
  const c = rel ? closeness(d, roles) : undefined;
  const exact = !c || c.oneMinusR2 < EXACT_GAP;
  const combos = estimableCombinations(d, names, withheld && exact ? 6 : 4)
    .map(q)
    .join(' and ');
  const are = d.involved.length > 2 ? 'are' : 'is';
  if (withheld) {
    const fitted = (!exact && c && columnRelation(d, roles, c)) || rel;
    const why = !fitted
      ? `the likelihood does not change when ${moveText(d, names)}`
      : exact
        ? `column ${q(fitted.column)} is a linear function of ${fitted.regressors.map(q).join(', ') || 'the intercept'} (${fitted.relation})`
        : `column ${q(fitted.column)} is so nearly a linear function of ${fitted.regressors.map(q).join(', ') || 'the intercept'} (${fitted.relation.replace(' = ', ' ≈ ')}; ${r2Text(c!)}) that the information is numerically singular`;
    return `The information matrix is singular: ${why}, so the data determine only ${combos}, not ${params} separately; their SEs are not reported.`;
  }
  const how = `scaled condition number ${condition(d.ratio)}`;
  if (rel) {
    // The relation as least squares fits it (lm's R² and residual), rather than the near-null vector's rounding.
    const fitted = (c && columnRelation(d, roles, c)) || rel;
    const close = c ? `${r2Text(c)}, largest deviation ${nice(c.maxDeviation)}; ${how}` : how;
    return `Column ${q(fitted.column)} is nearly a linear function of ${rel.regressors.map(q).join(', ') || 'the intercept'} (${fitted.relation.replace(' = ', ' ≈ ')}; ${close}): the estimates of ${params} rest on that small deviation, so they and their SEs are large and unstable; only ${combos} ${are} well determined. Drop or combine the columns.`;
  }
  return `The data barely determine ${params} separately: the likelihood hardly changes when ${moveText(d, names)} (${how}), so their estimates and SEs are unstable; only ${combos} ${are} well determined.`;
}

/** κ = 1/ratio; below 1e-8 the information's smallest eigenvalue (κ⁻²) is at rounding level, so only a bound. */
const condition = (ratio: number): string => (ratio > 1e-8 ? (1 / ratio).toExponential(1) : 'above 1e+8');

/** 1 − R² below which a fitted relation is exact up to the rounding of decimal data in binary (about ε²). */
const EXACT_GAP = 1e-24;

/** More dependencies than this (a high-degree polynomial) get one summary warning instead of one each. */
const MAX_NAMED = 3;

function summary(
  all: readonly (Dependency & { ratio: number })[],
  names: readonly string[],
  cv: Covariance,
): FitWarning {
  const pivots = all.map((d) => d.pivot);
  const involved = [...new Set(all.flatMap((d) => d.involved))].sort((a, b) => a - b);
  const withheld = involved.some((j) => cv.cov[j]?.[j] === null);
  const tail = withheld
    ? 'the SEs of the parameters involved are not reported'
    : 'their estimates and SEs are unstable (they rest on tiny differences between the columns)';
  return {
    code: withheld ? 'singular-information' : 'collinearity',
    message: `The information matrix is ${withheld ? 'singular' : 'nearly singular'} in ${all.length} directions (scaled condition number ${condition(all[0].ratio)}): given the other parameters, the data barely determine ${paramList(pivots, names)}, which are (nearly) linear combinations of ${paramList(
      involved.filter((j) => !pivots.includes(j)),
      names,
    )}; ${tail}. Reduce the model (e.g. a lower polynomial degree, or centred and scaled columns).`,
    params: [...pivots, ...involved.filter((j) => !pivots.includes(j))],
  };
}

/** Roles of the parameters' derivative columns at the estimate, over a sample of rows. */
function rolesAt(model: EngineModel, theta: Float64Array): (ColumnRole | undefined)[] {
  try {
    const sub = subsampleModel(model, sampleRows(model.n, 4000));
    return columnRoles(sub, argJacobian(sub, theta).columns);
  } catch {
    return model.params.map(() => undefined);
  }
}

/**
 * One warning per dependency: `singular-information` when the covariance withheld the SEs of its parameters,
 * `collinearity` when estimates and SEs were reported although the design is (nearly) rank-deficient.
 */
export function dependencyWarnings(model: EngineModel, cv: Covariance, theta: Float64Array): FitWarning[] {
  const deps = cv.dependencies;
  if (!deps) return [];
  const all = deps.all;
  if (all.length === 0) return [];
  const names = model.params.map((p) => p.name);
  if (all.length > MAX_NAMED) return [summary(all, names, cv)];
  const roles = rolesAt(model, theta);
  return all.map((d) => {
    const withheld = d.involved.some((j) => cv.cov[j]?.[j] === null);
    return {
      code: withheld ? 'singular-information' : 'collinearity',
      message: dependencyMessage(d, names, roles, withheld),
      params: [d.pivot, ...d.involved.filter((j) => j !== d.pivot)],
    };
  });
}
