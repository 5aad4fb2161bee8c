// not-identifiable: rank of the Jacobian of every per-row distribution argument w.r.t. the parameters, at random points.

import { dependencies, involvedIn, scaledSpectrum, smallDirections } from '../../engine/linalg/null-space.ts';
import type { Dependency } from '../../engine/inference/dependencies.ts';
import { columnRoles } from '../../engine/inference/column-roles.ts';
import type { Analysis } from '../analysis-types.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import { argJacobian } from '../../engine/eval/jacobian.ts';
import { structuralModel } from '../../engine/inference/structural-rows.ts';
import { lowerClean } from './lowered.ts';
import { transformFor, defaultStart } from '../../engine/eval/transforms.ts';
import { moveText } from '../../engine/inference/dependency-warnings.ts';
import { rng } from '../../engine/solvers/multistart.ts';
import { paramDeps, type EngineModel } from '../../engine/model.ts';
import { describeNullDirection } from './identifiability-words.ts';

const POINTS = 3;
/** Singular-value ratio below which a direction counts as null: exact collinearity in decimal data sits near 1e-15. */
const RTOL = 1e-12;

/** The Jacobian's columns for the parameters in `idx` (a parameter no argument depends on: a zero column). */
function columnsOf(cols: (Float64Array | undefined)[], rows: number, idx: readonly number[]): Float64Array[] {
  return idx.map((j) => cols[j] ?? new Float64Array(rows));
}

/**
 * Null directions of the Jacobian, decided with its columns scaled to unit norm (so units do not matter: wt in kg or
 * in 1000 lb, a column times 10⁶), from the SVD, which keeps the condition number unsquared (Filip's x^10 is
 * ill-conditioned, not deficient). Returned as a readable basis (RREF from the last parameter backwards: one
 * dependency per vector, several simultaneous ones kept apart), in parameter units with the pivot's coefficient 1.
 */
function nullDependencies(
  cols: (Float64Array | undefined)[],
  rows: number,
  P: number,
  present: ReadonlySet<number>,
): Dependency[] {
  const idx = [...present].sort((a, b) => a - b);
  if (rows < idx.length) return [];
  const sp = scaledSpectrum(columnsOf(cols, rows, idx));
  return dependencies(sp, smallDirections(sp, RTOL)).map((d) => {
    const v = new Float64Array(P);
    d.v.forEach((x, a) => {
      v[idx[a]] = x;
    });
    return { pivot: idx[d.pivot], v, involved: involvedIn(d).map((a) => idx[a]) };
  });
}

export function notIdentifiable(an: Analysis, lowered?: EngineModel): Diagnostic[] {
  const full = lowered ?? lowerClean(an);
  if (!full) return [];
  // The structural question needs a few thousand rows, not a million: slice the data once, up front.
  // Every factor level keeps rows in the sample (else a level with few rows would look unidentified).
  const { model, maxRows } = structuralModel(full);
  const P = model.params.length;
  if (P === 0 || model.n === 0 || model.terms.length === 0) return [];
  // Only parameters the terms use: an absent one is `unused-parameter`'s business, not a null direction.
  const present = new Set<number>();
  for (const t of model.terms) for (const a of t.args) for (const j of paramDeps(a)) present.add(j);
  // A prior pins its parameter (the posterior is proper in that direction): leave it out of the rank test.
  for (const pr of model.priors) if (pr.y.op === 'param') present.delete(pr.y.index);
  const rand = rng(1234567);
  const names = model.params.map((p) => p.name);
  const perPoint: { dirs: Dependency[]; theta: Float64Array; columns: (Float64Array | undefined)[] }[] = [];
  for (let k = 0; k < POINTS; k++) {
    const theta = Float64Array.from(model.params, (p) => {
      const t = transformFor(p);
      return t.toNatural(t.toFree(p.init ?? defaultStart(p)) + (rand() - 0.5) * 1.5);
    });
    const jac = argJacobian(model, theta, maxRows);
    // A point where the model overflows (exp of a large argument) says nothing about rank: skip it.
    if (!jac.cols.every(allFinite)) continue;
    perPoint.push({ dirs: nullDependencies(jac.cols, jac.rows, P, present), theta, columns: jac.columns });
  }
  if (perPoint.length === 0) return [];
  // Structural deficiency shows at every point; an accidental one at a single point is ignored.
  const rank = Math.min(...perPoint.map((p) => p.dirs.length));
  if (rank === 0) return [];
  const first = perPoint[0];
  const colRoles = columnRoles(model, first.columns);
  const out: Diagnostic[] = [];
  // A parameter enters linearly when its derivative column is the same at every point.
  const linearParam = (j: number): boolean => perPoint.every((p) => sameColumn(p.columns[j], first.columns[j]));
  for (const d of first.dirs.slice(0, rank)) {
    const { v, involved } = d;
    // Linear invariance: the same direction at every point (a sum), rather than one that turns (a product).
    const linear = perPoint.every((p) => p.dirs.some((w) => Math.abs(dot(w.v, v)) / (norm(w.v) * norm(v)) > 0.999));
    const words = describeNullDirection({ v, involved, names, linear, roles: colRoles, theta: first.theta });
    // Among parameters that enter nonlinearly, a rank drop at the sampled points can come from where the points
    // fell (an exp that underflows, one power of x that dominates): only recognised structures are reported then.
    const structural = involved.every(linearParam) || (words !== undefined && /product|ratio/.test(words));
    if (!structural) continue;
    const text =
      words ??
      `${involved.map((j) => `\`${names[j]}\``).join(', ')} cannot be estimated separately from these data: the likelihood does not change when ${moveText(d, names)}.`;
    const target = d.pivot;
    out.push(
      diag('warning', Codes.notIdentifiable, an.params[target].ident.span, text, {
        params: involved.map((j) => names[j]),
      }),
    );
  }
  return out;
}

const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: Float64Array): number => Math.sqrt(dot(a, a));

function sameColumn(a: Float64Array | undefined, b: Float64Array | undefined): boolean {
  if (!a || !b || a.length !== b.length) return a === b;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 1e-12 * Math.max(1, Math.abs(b[i]))) return false;
  return true;
}

function allFinite(c: Float64Array | undefined): boolean {
  if (c) for (let i = 0; i < c.length; i++) if (!Number.isFinite(c[i])) return false;
  return true;
}
