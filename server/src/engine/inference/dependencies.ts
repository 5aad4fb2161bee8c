// One (near-)dependency among the parameters' columns, in words: which column is a linear function of which, how
// closely (R², largest deviation), and which combinations of the parameters the data still determine.

import { leastSquaresQR } from '../linalg/householder-qr.ts';
import type { ColumnRole } from './column-roles.ts';

/** A dependency from the readable basis: v in the parameters' own units with v[pivot] = 1. */
export interface Dependency {
  readonly pivot: number;
  readonly v: Float64Array;
  /** The parameters that carry weight in it (judged on the column-scaled coefficients), pivot last. */
  readonly involved: readonly number[];
}

/** Display rounding only: six significant digits, so 453.592 stays 453.592 and 0.3650000001 reads 0.365. */
export const nice = (x: number, digits = 6): string => {
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return x.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(digits)));
};
const q = (s: string): string => `\`${s}\``;

/** "2·x1 − x2 + 1": Σ c_i·t_i with signs folded in; a term "1" prints as its coefficient alone. */
export function linearText(coefs: readonly number[], terms: readonly string[], digits = 6): string {
  return coefs
    .map((c, i) => ({ c, t: terms[i] }))
    .filter((x) => x.c !== 0)
    .map((x, i) => {
      const m = nice(Math.abs(x.c), digits);
      const body = x.t === '1' ? m : `${m === '1' ? '' : `${m}·`}${x.t}`;
      return i === 0 ? (x.c < 0 ? `−${body}` : body) : `${x.c < 0 ? ' − ' : ' + '}${body}`;
    })
    .join('');
}

/**
 * The combinations the data still determine: with Σ_j v_j·X_j = 0, the mean Σ_j θ_j·X_j depends on θ only through
 * θ_j − v_j·θ_p for j ≠ p (p the pivot), so those are estimable and θ_p alone is not.
 */
export function estimableCombinations(d: Dependency, names: readonly string[], digits = 6): string[] {
  return d.involved
    .filter((j) => j !== d.pivot)
    .map((j) => linearText([1, -d.v[j]], [names[j], names[d.pivot]], digits));
}

export interface ColumnRelation {
  /** The pivot's data column, written as a function of the others: "wt_kg = 453.592·wt". */
  readonly column: string;
  readonly relation: string;
  /** Non-constant columns on the right side. */
  readonly regressors: readonly string[];
}

/**
 * The dependency as a relation between data columns, when every involved parameter multiplies a data column or a
 * constant (intercepts): X_p = −Σ_{j≠p} v_j·X_j, constants gathered into one number.
 */
export function columnRelation(
  d: Dependency,
  roles: readonly (ColumnRole | undefined)[],
  fit?: Closeness,
): ColumnRelation | undefined {
  const target = roles[d.pivot];
  if (target?.kind !== 'column' || target.constant !== undefined) return undefined;
  let intercept = fit?.constant ?? 0;
  const coefs: number[] = [];
  const terms: string[] = [];
  for (const j of d.involved) {
    if (j === d.pivot) continue;
    const r = roles[j];
    if (!r) return undefined;
    const c = fit ? (fit.coef.get(j) ?? 0) : -d.v[j];
    if (r.kind === 'constant') intercept += c * r.value;
    else if (r.constant !== undefined) intercept += c * r.constant;
    else {
      coefs.push(c);
      terms.push(r.name);
    }
  }
  // A fitted (approximate) relation is shown to 4 digits, and a constant below 10⁻⁴ of the column's size dropped:
  // its coefficients carry the rounding that made it approximate, which is noise, not part of the relation.
  const digits = fit ? 4 : 6;
  const size = fit ? Math.max(...Array.from(target.values, Math.abs)) : 1;
  if (Math.abs(intercept) > (fit ? 1e-4 * size : 1e-9 * Math.max(1, ...coefs.map(Math.abs)))) {
    coefs.push(intercept);
    terms.push('1');
  }
  const rhs = linearText(coefs, terms, digits) || '0';
  return { column: target.name, relation: `${target.name} = ${rhs}`, regressors: terms.filter((t) => t !== '1') };
}

export interface Closeness {
  /** 1 − R² of the pivot's column regressed on the other involved columns (and a constant when the model has one). */
  readonly oneMinusR2: number;
  /** Largest absolute residual of that regression, in the column's units. */
  readonly maxDeviation: number;
  /** The regression's coefficients by parameter index, and that of the constant it added (0 when none). */
  readonly coef: ReadonlyMap<number, number>;
  readonly constant: number;
}

/** How close a near-dependency is: least squares of the pivot's column on the other columns it involves. */
export function closeness(d: Dependency, roles: readonly (ColumnRole | undefined)[]): Closeness | undefined {
  const y = roles[d.pivot]?.values;
  if (!y) return undefined;
  const regs: Float64Array[] = [];
  const of: number[] = [];
  for (const j of d.involved)
    if (j !== d.pivot && roles[j]) {
      regs.push(roles[j]!.values);
      of.push(j);
    }
  const isConst = (c: Float64Array): boolean => c.every((x) => x === c[0]);
  // R² as lm reports it: centred, with a constant among the regressors, when the model has an intercept.
  const hasConst = roles.some((r) => r && isConst(r.values));
  if (hasConst && !regs.some(isConst)) regs.push(new Float64Array(y.length).fill(1));
  const centred = regs.some(isConst);
  const ls = leastSquaresQR(regs, y, 0, false);
  if (!ls.coef.every(Number.isFinite)) return undefined;
  const mean = centred ? y.reduce((s, x) => s + x, 0) / y.length : 0;
  let tss = 0;
  let rss = 0;
  let maxDeviation = 0;
  for (let i = 0; i < y.length; i++) {
    let r = y[i];
    regs.forEach((c, k) => {
      r -= c[i] * ls.coef[k];
    });
    rss += r * r;
    tss += (y[i] - mean) ** 2;
    maxDeviation = Math.max(maxDeviation, Math.abs(r));
  }
  const coef = new Map(of.map((j, k) => [j, ls.coef[k]]));
  const constant = regs.length > of.length ? ls.coef[of.length] : 0;
  return tss > 0 ? { oneMinusR2: rss / tss, maxDeviation, coef, constant } : undefined;
}

/** "R² = 1 − 2.3e-14" for values near 1, "R² = 0.9994" otherwise. */
export function r2Text(c: Closeness): string {
  const gap = Math.max(c.oneMinusR2, 0);
  return gap < 1e-3 ? `R² = 1 − ${gap.toExponential(1)}` : `R² = ${Number((1 - gap).toPrecision(4))}`;
}

export const paramList = (js: readonly number[], names: readonly string[]): string =>
  js.map((j) => q(names[j])).join(', ');
