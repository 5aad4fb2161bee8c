// The Jacobian of a transformed outcome (`log(time) ~ …`): Σ log|g'(y)| over the used rows, by forward-mode tangents.

import type { Expr, LetStmt, LikelihoodStmt, ModelFile } from './ast.ts';
import { evalColumns } from './eval-columns.ts';
import type { Analysis } from './analysis-types.ts';
import { CONSTANTS } from './builtins.ts';
import { UNARY, binaryPartials, type BinaryPartials } from '../engine/eval/functions.ts';

/** The left side with lets replaced by their expressions, and the one column it transforms (undefined if bare). */
export function transformedColumn(
  an: Pick<Analysis, 'symbols'>,
  lhs: Expr,
): { expr: Expr; column: string } | undefined {
  const columns = new Set<string>();
  let bare = false;
  const resolve = (e: Expr, depth: number): boolean => {
    if (depth > 50) return false;
    if (e.kind === 'name') {
      if (e.name in CONSTANTS) return true;
      const s = an.symbols.get(e.name);
      if (s?.kind === 'column') {
        columns.add(e.name);
        return true;
      }
      return s?.kind === 'let' && !!(s.stmt as LetStmt).value && resolve((s.stmt as LetStmt).value!, depth + 1);
    }
    if (e.kind === 'number') return true;
    if (e.kind === 'unary') return resolve(e.operand, depth + 1);
    if (e.kind === 'binary') return resolve(e.left, depth + 1) && resolve(e.right, depth + 1);
    if (e.kind === 'call') return e.args.every((a) => resolve(a.value, depth + 1));
    return false;
  };
  let top = lhs;
  while (top.kind === 'name' && an.symbols.get(top.name)?.kind === 'let')
    top = (an.symbols.get(top.name)!.stmt as LetStmt).value!;
  if (!top) return undefined;
  bare = top.kind === 'name';
  if (bare || !resolve(lhs, 0) || columns.size !== 1) return undefined;
  return { expr: top, column: [...columns][0] };
}

/** True when the model says `fit jacobian = true`. */
export const jacobianRequested = (file: ModelFile): boolean =>
  file.statements.some(
    (s) =>
      s.kind === 'fit' &&
      s.options.some((o) => o.name.name === 'jacobian' && o.value?.kind === 'word' && o.value.word === 'true'),
  );

/**
 * Σ_terms Σ_rows log|dg/dy| (uncensored rows only) for every likelihood whose left side g(y) transforms one column y, over the used rows;
 * undefined when the model asks for no Jacobian or has no transformed outcome. Adding it to the log-likelihood of
 * g(y) gives the log-likelihood of y (change of variables).
 */
export function outcomeJacobian(an: Analysis): number | undefined {
  if (!jacobianRequested(an.file) || !an.data?.ok || !an.rowsUsed) return undefined;
  const table = an.data.table;
  const mask = an.rowsUsed;
  const n = an.rowsUsedCount ?? 0;
  const used = (name: string): Float64Array => {
    const src = table.byName.get(name)!.values;
    const out = new Float64Array(n);
    for (let i = 0, j = 0; i < src.length; i++) if (mask[i]) out[j++] = src[i];
    return out;
  };
  let total: number | undefined;
  for (const st of an.file.statements) {
    if (st.kind !== 'likelihood') continue;
    const t = transformedColumn(an, st.lhs);
    if (!t) continue;
    const tan = tangent(an, t.expr, t.column, used, n, 0);
    if (!tan) continue;
    // A censored row contributes a probability, log S(g(y)) or log F(g(y)), not a density: it has no Jacobian.
    const censored = censoredRows(an, st, n);
    let s = 0;
    for (let i = 0; i < n; i++) if (!censored?.[i]) s += Math.log(Math.abs(tan.d[i]));
    total = (total ?? 0) + s;
  }
  return total;
}

/** Per used row, 1 where a censoring condition of the likelihood holds (undefined when it has none). */
function censoredRows(an: Analysis, st: LikelihoodStmt, n: number): Uint8Array | undefined {
  if (!st.censored?.length || !an.data?.ok || !an.rowsUsed) return undefined;
  const out = new Uint8Array(n);
  for (const c of st.censored) {
    const v = c.when ? evalColumns(c.when, an.data.table, an) : undefined;
    if (!v) continue;
    for (let i = 0, j = 0; i < v.length; i++) if (an.rowsUsed[i]) out[j++] |= v[i] !== 0 ? 1 : 0;
  }
  return out;
}

interface Tangent {
  readonly v: Float64Array;
  readonly d: Float64Array;
}

/** Value and derivative with respect to column `y` of a data-only expression, row by row. */
function tangent(
  an: Pick<Analysis, 'symbols'>,
  e: Expr,
  y: string,
  used: (name: string) => Float64Array,
  n: number,
  depth: number,
): Tangent | undefined {
  const rec = (x: Expr): Tangent | undefined => tangent(an, x, y, used, n, depth + 1);
  const constant = (c: number): Tangent => ({ v: new Float64Array(n).fill(c), d: new Float64Array(n) });
  if (depth > 50) return undefined;
  switch (e.kind) {
    case 'number':
      return constant(e.value);
    case 'name': {
      if (e.name in CONSTANTS) return constant(CONSTANTS[e.name]);
      const s = an.symbols.get(e.name);
      if (s?.kind === 'let') return rec((s.stmt as LetStmt).value!);
      if (s?.kind !== 'column') return undefined;
      return { v: used(e.name), d: new Float64Array(n).fill(e.name === y ? 1 : 0) };
    }
    case 'unary': {
      const a = rec(e.operand);
      return a && { v: a.v.map((x) => -x), d: a.d.map((x) => -x) };
    }
    case 'binary': {
      const a = rec(e.left);
      const b = a && rec(e.right);
      if (!a || !b) return undefined;
      const p: BinaryPartials = { v: 0, fa: 0, fb: 0, faa: 0, fab: 0, fbb: 0 };
      const v = new Float64Array(n);
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        binaryPartials(e.op, a.v[i], b.v[i], p);
        v[i] = p.v;
        d[i] = p.fa * a.d[i] + p.fb * b.d[i];
      }
      return { v, d };
    }
    case 'call': {
      const f = UNARY[e.callee.name];
      const a = f && e.args.length === 1 ? rec(e.args[0].value) : undefined;
      if (!f || !a) return undefined;
      const v = a.v.map(f.f);
      return { v, d: a.d.map((x, i) => f.d1(a.v[i], v[i]) * x) };
    }
    default:
      return undefined;
  }
}
