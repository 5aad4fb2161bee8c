// collinearity: data columns that are nearly (not exactly) linear functions of each other, before fitting.

import type { Analysis } from '../analysis-types.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import { argJacobian } from '../../engine/eval/jacobian.ts';
import { structuralModel } from '../../engine/inference/structural-rows.ts';
import { defaultStart, transformFor } from '../../engine/eval/transforms.ts';
import { columnRoles, type ColumnRole } from '../../engine/inference/column-roles.ts';
import { dependencyMessage } from '../../engine/inference/dependency-warnings.ts';
import { NEAR_RTOL } from '../../engine/inference/information-dependencies.ts';
import { dependencies, involvedIn, scaledSpectrum, smallDirections } from '../../engine/linalg/null-space.ts';
import { paramDeps, type EngineModel } from '../../engine/model.ts';
import { lowerClean } from './lowered.ts';

/** Below this singular-value ratio a dependency is exact: `not-identifiable` reports it, not this check. */
const EXACT_RTOL = 1e-12;

/** Parameters that multiply a data column or a constant, the same at two points (so they enter linearly). */
function linearColumns(
  model: EngineModel,
  maxRows?: number,
): {
  js: number[];
  roles: (ColumnRole | undefined)[];
  cols: (Float64Array | undefined)[];
  rows: number;
} {
  const at = (shift: number): Float64Array =>
    Float64Array.from(model.params, (p) => {
      const t = transformFor(p);
      return t.toNatural(t.toFree(p.init ?? defaultStart(p)) + shift);
    });
  const a = argJacobian(model, at(0.37), maxRows);
  const b = argJacobian(model, at(-0.61), maxRows);
  const roles = columnRoles(model, a.columns);
  const rolesB = columnRoles(model, b.columns);
  const present = new Set<number>();
  for (const t of model.terms) for (const arg of t.args) for (const j of paramDeps(arg)) present.add(j);
  for (const pr of model.priors) if (pr.y.op === 'param') present.delete(pr.y.index);
  const same = (j: number): boolean => {
    const [r, s] = [roles[j], rolesB[j]];
    return !!r && !!s && r.kind === s.kind && (r.kind !== 'column' || s.kind !== 'column' || r.name === s.name);
  };
  return { js: [...present].filter(same).sort((x, y) => x - y), roles, cols: a.cols, rows: a.rows };
}

export function collinearity(an: Analysis, lowered?: EngineModel): Diagnostic[] {
  const full = lowered ?? lowerClean(an);
  if (!full || full.n === 0 || full.terms.length === 0) return [];
  // Every factor level keeps rows in the sample (else a level with few rows would look unidentified).
  const { model, maxRows } = structuralModel(full);
  const { js, roles, cols: stacked, rows } = linearColumns(model, maxRows);
  if (js.length < 2 || rows < js.length) return [];
  // The stacked Jacobian over every argument (an intercept of the mean and σ are not collinear: different rows).
  const cols = js.map((j) => stacked[j] ?? new Float64Array(rows));
  const sp = scaledSpectrum(cols);
  const max = sp.singular[0];
  if (!(max > 0)) return [];
  const exact = smallDirections(sp, EXACT_RTOL);
  const near = smallDirections(sp, NEAR_RTOL).filter((k) => !exact.includes(k));
  if (near.length === 0) return [];
  const names = model.params.map((p) => p.name);
  // How close: the scaled condition number σ_max/σ_min (R's kappa(scale(X, center = FALSE), exact = TRUE)).
  const ratio = sp.singular[sp.singular.length - 1] / max;
  return dependencies(sp, near).map((d) => {
    const v = new Float64Array(names.length);
    d.v.forEach((x, a) => {
      v[js[a]] = x;
    });
    const dep = { pivot: js[d.pivot], v, involved: involvedIn(d).map((a) => js[a]), ratio };
    return diag(
      'warning',
      Codes.collinearity,
      an.params[dep.pivot].ident.span,
      dependencyMessage(dep, names, roles, false),
      {
        params: dep.involved.map((j) => names[j]),
      },
    );
  });
}
