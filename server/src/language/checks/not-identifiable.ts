// not-identifiable: rank of the Jacobian of every per-row distribution argument w.r.t. the parameters, at random points.

import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { triangularFactor } from '../../engine/linalg/householder-qr.ts';
import type { Analysis } from '../analysis-types.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import { argJacobian, sampleRows, subsampleModel } from '../../engine/eval/jacobian.ts';
import { lowerClean } from './lowered.ts';
import { transformFor, defaultStart } from '../../engine/eval/transforms.ts';
import { describeDirection } from '../../engine/inference/inference.ts';
import { rng } from '../../engine/solvers/multistart.ts';
import { paramDeps, type EngineModel } from '../../engine/model.ts';
import { describeNullDirection, type ColumnRole } from './identifiability-words.ts';

const POINTS = 3;
/** Singular-value ratio below which a direction counts as null: exact collinearity in decimal data sits near 1e-15. */
const RTOL = 1e-12;

/**
 * Null directions of the Jacobian (columns scaled to unit norm), from its SVD: singular values keep the
 * condition number unsquared, so an ill-conditioned but full-rank design (Filip's x^10) is not mistaken for a
 * deficient one. Returned in parameter units, each normalised to max |v| = 1.
 */
function nullDirections(J: Float64Array, rows: number, P: number, present: ReadonlySet<number>): Float64Array[] {
  const idx = [...present].sort((a, b) => a - b);
  if (rows < idx.length) return [];
  const scale = idx.map((j) => {
    let s = 0;
    for (let r = 0; r < rows; r++) s += J[r * P + j] ** 2;
    return s > 0 ? 1 / Math.sqrt(s) : 1;
  });
  // X = QR, so X's singular values and right singular vectors are those of the small R: SVD of p×p, not rows×p.
  const m = idx.length;
  const cols = idx.map((j, a) => {
    const c = new Float64Array(rows);
    for (let r = 0; r < rows; r++) c[r] = J[r * P + j] * scale[a];
    return c;
  });
  const Rf = triangularFactor(cols);
  const M = new Matrix(m, m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) M.set(a, b, Rf[a * m + b]);
  const svd = new SingularValueDecomposition(M, { autoTranspose: true });
  const sv = svd.diagonal;
  const max = Math.max(...sv, 0);
  const out: Float64Array[] = [];
  sv.forEach((sigma, k) => {
    if (max > 0 && sigma > RTOL * max) return;
    const v = new Float64Array(P);
    svd.rightSingularVectors.getColumn(k).forEach((x, a) => {
      v[idx[a]] = x * scale[a];
    });
    const big = Math.max(...Array.from(v, Math.abs));
    out.push(v.map((x) => x / big));
  });
  return out;
}

/** What a parameter's derivative column is over the sampled rows: a constant, or (a multiple of) a data column. */
function roles(model: EngineModel, columns: (Float64Array | undefined)[]): (ColumnRole | undefined)[] {
  const data = new Map<string, Float64Array>();
  const visit = (n: EngineModel['terms'][number]['args'][number]): void => {
    if (n.op === 'data') data.set(n.name, n.values);
    else if (n.op === 'neg' || n.op === 'call') visit(n.a);
    else if (n.op === 'bin') {
      visit(n.a);
      visit(n.b);
    }
  };
  model.terms.forEach((t) => t.args.forEach(visit));
  return columns.map((c) => {
    if (!c || c.length === 0) return undefined;
    for (const [name, values] of data) {
      let same = true;
      for (let i = 0; i < c.length && same; i++)
        same = Math.abs(c[i] - values[i]) <= 1e-12 * Math.max(1, Math.abs(values[i]));
      if (same) {
        const constant = c.every((x) => x === c[0]) ? c[0] : undefined;
        return { kind: 'column', name, values: c, constant };
      }
    }
    return c.every((x) => Math.abs(x - c[0]) <= 1e-12 * Math.max(1, Math.abs(c[0])))
      ? { kind: 'constant', value: c[0], values: c }
      : undefined;
  });
}

export function notIdentifiable(an: Analysis, lowered?: EngineModel): Diagnostic[] {
  const full = lowered ?? lowerClean(an);
  if (!full) return [];
  // The structural question needs a few thousand rows, not a million: slice the data once, up front.
  const model = subsampleModel(full, sampleRows(full.n, 4000));
  const P = model.params.length;
  if (P === 0 || model.n === 0 || model.terms.length === 0) return [];
  // Only parameters the terms use: an absent one is `unused-parameter`'s business, not a null direction.
  const present = new Set<number>();
  for (const t of model.terms) for (const a of t.args) for (const j of paramDeps(a)) present.add(j);
  // A prior pins its parameter (the posterior is proper in that direction): leave it out of the rank test.
  for (const pr of model.priors) if (pr.y.op === 'param') present.delete(pr.y.index);
  const rand = rng(1234567);
  const names = model.params.map((p) => p.name);
  const perPoint: { dirs: Float64Array[]; theta: Float64Array; columns: (Float64Array | undefined)[] }[] = [];
  for (let k = 0; k < POINTS; k++) {
    const theta = Float64Array.from(model.params, (p) => {
      const t = transformFor(p);
      return t.toNatural(t.toFree(p.init ?? defaultStart(p)) + (rand() - 0.5) * 1.5);
    });
    const jac = argJacobian(model, theta);
    // A point where the model overflows (exp of a large argument) says nothing about rank: skip it.
    if (!jac.J.every(Number.isFinite)) continue;
    perPoint.push({ dirs: nullDirections(jac.J, jac.rows, P, present), theta, columns: jac.columns });
  }
  if (perPoint.length === 0) return [];
  // Structural deficiency shows at every point; an accidental one at a single point is ignored.
  const rank = Math.min(...perPoint.map((p) => p.dirs.length));
  if (rank === 0) return [];
  const first = perPoint[0];
  const colRoles = roles(model, first.columns);
  const out: Diagnostic[] = [];
  // A parameter enters linearly when its derivative column is the same at every point.
  const linearParam = (j: number): boolean => perPoint.every((p) => sameColumn(p.columns[j], first.columns[j]));
  for (const v of first.dirs.slice(0, rank)) {
    const involved = [...v.keys()].filter((j) => Math.abs(v[j]) > 0.05);
    // Linear invariance: the same direction at every point (a sum), rather than one that turns (a product).
    const linear = perPoint.every((p) => p.dirs.some((w) => Math.abs(dot(w, v)) / (norm(w) * norm(v)) > 0.999));
    const words = describeNullDirection({ v, involved, names, linear, roles: colRoles, theta: first.theta });
    // Among parameters that enter nonlinearly, a rank drop at the sampled points can come from where the points
    // fell (an exp that underflows, one power of x that dominates): only recognised structures are reported then.
    const structural = involved.every(linearParam) || (words !== undefined && /product|ratio/.test(words));
    if (!structural) continue;
    const text =
      words ??
      `${involved.map((j) => `\`${names[j]}\``).join(', ')} cannot be estimated separately from these data: the likelihood does not change along ${describeDirection(v, names)}.`;
    const target = involved[involved.length - 1];
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
