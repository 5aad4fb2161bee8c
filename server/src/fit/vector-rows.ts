// Result rows of vector parameters: element fields (base, index, fixed), rows for fixed elements, simplex elements.

import type { Analysis } from '../language/analysis-types.ts';
import type { JsonParameter } from '../protocol.ts';
import { probit, twoSidedP } from '../engine/eval/special.ts';

type Matrix = readonly (readonly (number | null)[])[] | null;

interface Rows {
  readonly parameters: JsonParameter[];
  readonly covariance: (number | null)[][] | null;
  readonly correlation: (number | null)[][] | null;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Reshapes the engine's rows (one per free parameter) into the reported rows: every element of a vector in order,
 * fixed ones with estimate 0; a simplex's K elements w = softmax(0, u) in place of its K − 1 log-ratios u, with
 * delta-method covariance J V Jᵀ (∂w_k/∂u_j = w_k (δ_kj − w_j)). Covariance rows follow the reported rows; a
 * fixed element's row and column are null.
 */
export function vectorRows(an: Analysis, engineRows: readonly JsonParameter[], cov: Matrix, level: number): Rows {
  const P = engineRows.length;
  const byName = new Map(an.params.map((p, j) => [p.ident.name, j]));
  const rows: JsonParameter[] = [];
  // Each reported row as a linear combination of engine parameters (undefined: fixed, no uncertainty).
  const combos: (Float64Array | undefined)[] = [];
  const unit = (j: number): Float64Array => Float64Array.from({ length: P }, (_, i) => (i === j ? 1 : 0));
  const done = new Set<string>();
  an.params.forEach((entry, j) => {
    const base = entry.element?.base;
    const v = base !== undefined ? an.vectors?.get(base) : undefined;
    if (!v) {
      rows.push(engineRows[j]);
      combos.push(unit(j));
      return;
    }
    if (done.has(v.name)) return;
    done.add(v.name);
    if (entry.element?.simplex) {
      const us = v.elements.slice(1).map((e) => byName.get(`log(${e.name}/${v.elements[0].name})`)!);
      const ex = [1, ...us.map((u) => Math.exp(engineRows[u].estimate ?? NaN))];
      const total = ex.reduce((a, b) => a + b, 0);
      const w = ex.map((x) => x / total);
      v.elements.forEach((e, k) => {
        const g = new Float64Array(P);
        us.forEach((u, i) => (g[u] = w[k] * ((k === i + 1 ? 1 : 0) - w[i + 1])));
        rows.push({ ...blank(e.name, w[k]), base: v.name, index: e.levels, fixed: false });
        combos.push(g);
      });
      return;
    }
    for (const e of v.elements) {
      if (e.fixed) {
        rows.push({ ...blank(e.name, 0), base: v.name, index: e.levels, fixed: true });
        combos.push(undefined);
        continue;
      }
      const at = byName.get(e.name)!;
      rows.push({ ...engineRows[at], base: v.name, index: e.levels, fixed: false });
      combos.push(unit(at));
    }
  });
  // With profiles on, every row has a profile interval: none for a fixed element or a simplex element.
  if (engineRows.some((r) => r.ci.profile))
    rows.forEach((r, i) => {
      if (!r.ci.profile) rows[i] = { ...r, ci: { ...r.ci, profile: [null, null] } };
    });
  const terms = combos.map((a) => (a ? sparse(a) : undefined));
  const covariance = cov ? terms.map((a) => terms.map((b) => (a && b ? quad(a, cov, b) : null))) : null;
  // Simplex rows get their standard errors and Wald intervals from the transformed covariance.
  const z = probit(0.5 + level / 2);
  rows.forEach((r, i) => {
    if (r.fixed || r.base === undefined || !an.vectors?.get(r.base)?.simplex || !covariance) return;
    const s = covariance[i][i] !== null && covariance[i][i]! >= 0 ? Math.sqrt(covariance[i][i]!) : null;
    const est = r.estimate ?? NaN;
    rows[i] = {
      ...r,
      se: s,
      z: s ? finite(est / s) : null,
      p: s ? finite(twoSidedP(est / s)) : null,
      ci: { ...r.ci, wald: s === null ? [null, null] : [finite(est - z * s), finite(est + z * s)] },
    };
  });
  const sd = covariance?.map((r, i) => (r[i] !== null && r[i]! > 0 ? Math.sqrt(r[i]!) : null));
  const correlation =
    covariance?.map((r, i) =>
      r.map((c, j) => (c === null || !sd![i] || !sd![j] ? null : finite(c / (sd![i]! * sd![j]!)))),
    ) ?? null;
  return {
    parameters: rows,
    covariance: covariance?.map((r) => r.map((c) => (c === null ? null : finite(c)))) ?? null,
    correlation,
  };
}

function blank(name: string, estimate: number): JsonParameter {
  return { name, estimate: finite(estimate), se: null, z: null, p: null, ci: { wald: [null, null] }, seRobust: null };
}

/** The nonzero entries of a combination (a unit vector has one): aᵀ V b then costs their product, not P². */
interface Sparse {
  readonly idx: number[];
  readonly w: number[];
}

const sparse = (a: Float64Array): Sparse => {
  const idx: number[] = [];
  const w: number[] = [];
  a.forEach((x, i) => {
    if (x !== 0) {
      idx.push(i);
      w.push(x);
    }
  });
  return { idx, w };
};

/** aᵀ V b, with null entries of V (unreported) making the result null-free only when they meet zero weights. */
function quad(a: Sparse, V: NonNullable<Matrix>, b: Sparse): number | null {
  let s = 0;
  for (let p = 0; p < a.idx.length; p++) {
    const row = V[a.idx[p]];
    for (let q = 0; q < b.idx.length; q++) {
      const v = row?.[b.idx[q]];
      if (v === null || v === undefined) return null;
      s += a.w[p] * v * b.w[q];
    }
  }
  return s;
}
