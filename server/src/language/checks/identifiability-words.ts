// Turns a null direction of the argument Jacobian into a sentence: a sum, a product, a constant or collinear column.

import type { ColumnRole } from '../../engine/inference/column-roles.ts';
import { columnRelation, nice } from '../../engine/inference/dependencies.ts';

export type { ColumnRole };

export interface NullDirection {
  /** In parameter units, from the readable basis: the last entry of `involved` is its pivot, with coefficient 1. */
  readonly v: Float64Array;
  readonly involved: readonly number[];
  readonly names: readonly string[];
  readonly linear: boolean;
  readonly roles: readonly (ColumnRole | undefined)[];
  readonly theta: Float64Array;
}

const fmt = nice;
const q = (s: string): string => `\`${s}\``;

/**
 * "a + 2·b − c": a linear combination with readable coefficients. An invariant combination is defined up to scale,
 * so it is normalised to a leading 1; the right side of an equation (x2 = 2·x1 + 1) must not be.
 */
function combination(coefs: number[], terms: string[], normalise = true): string {
  const big = Math.max(...coefs.map(Math.abs));
  const lead = normalise ? (coefs.find((c) => Math.abs(c) > 1e-9 * big) ?? 1) : 1;
  return coefs
    .map((c, i) => ({ c: c / lead, t: terms[i] }))
    .filter((x) => Math.abs(x.c) > 1e-9)
    .map((x, i) => {
      const mag = Math.abs(x.c);
      const body = `${Math.abs(mag - 1) < 1e-9 ? '' : `${fmt(mag)}·`}${x.t}`;
      return i === 0 ? (x.c < 0 ? `−${body}` : body) : `${x.c < 0 ? ' − ' : ' + '}${body}`;
    })
    .join('');
}

export function describeNullDirection(d: NullDirection): string | undefined {
  const { v, involved, names, linear, roles, theta } = d;
  if (involved.length === 1) {
    const j = involved[0];
    const r = roles[j];
    const why =
      r?.kind === 'column' && r.constant === 0
        ? `: it multiplies column ${q(r.name)}, which is 0 in every used row`
        : '';
    return `${q(names[j])} is not identifiable${why}: changing it does not change the likelihood of these data.`;
  }
  if (!linear && involved.length === 2) {
    const [a, b] = involved;
    const ratio = v[a] / v[b];
    if (Math.abs(ratio + theta[a] / theta[b]) < 1e-4 * Math.abs(ratio))
      return `${q(names[a])} and ${q(names[b])} enter only through their product ${q(`${names[a]}·${names[b]}`)}: any pair with the same product fits equally well, so neither is identifiable alone. Fix one of them (e.g. drop it) or add a prior.`;
    if (Math.abs(ratio - theta[a] / theta[b]) < 1e-4 * Math.abs(ratio))
      return `${q(names[a])} and ${q(names[b])} enter only through their ratio ${q(`${names[a]}/${names[b]}`)}: neither is identifiable alone.`;
  }
  if (!linear) return undefined;
  const rs = involved.map((j) => roles[j]);
  if (rs.some((r) => !r)) return undefined;
  const cols = involved.filter(
    (j) => roles[j]!.kind === 'column' && (roles[j] as { constant?: number }).constant === undefined,
  );
  const consts = involved.filter((j) => !cols.includes(j));
  // Invariant combination: the gradient-weighted sum Σ κ_j θ_j orthogonal to v, for constant columns (sums like a1 + a2).
  if (cols.length === 0) {
    const constName = (j: number): string => {
      const r = roles[j]!;
      return r.kind === 'column' ? r.name : '';
    };
    const values = consts.map((j) => {
      const r = roles[j]!;
      return r.kind === 'constant' ? r.value : (r as { constant: number }).constant;
    });
    const named = consts.filter((j) => constName(j));
    if (involved.length === 2) {
      const [a, b] = involved;
      // The likelihood sees only Σ κ_j·θ_j, κ_j being the constant each parameter multiplies.
      const combo = combination(values, [names[a], names[b]]);
      if (named.length === 1) {
        const j = named[0];
        const other = involved.find((k) => k !== j)!;
        return `${q(names[j])} multiplies column ${q(constName(j))}, which is constant (${fmt((roles[j] as { constant: number }).constant)} in every used row), so it is confounded with ${q(names[other])}: only ${q(combo)} is estimable.`;
      }
      return `${q(names[a])} and ${q(names[b])} enter only as ${q(combo)}: only that combination is estimable, not each on its own.`;
    }
    return undefined;
  }
  // Collinear columns: the readable basis already solved the relation for the pivot, the last-declared parameter
  // involved, so the later column is written in terms of the earlier ones (x2 = 2·x1 + 1), in the columns' units.
  const target = involved[involved.length - 1];
  const rel = columnRelation({ pivot: target, v, involved }, roles);
  if (!rel) return undefined;
  const others = involved
    .filter((j) => j !== target)
    .map((j) => q(names[j]))
    .join(', ');
  return `${q(names[target])} is not identifiable: column ${q(rel.column)} is a linear function of ${
    rel.regressors.map(q).join(', ') || 'the intercept'
  } (${rel.relation}, exactly), so ${q(names[target])} cannot be separated from ${others}. Drop one of the columns or the parameter.`;
}
