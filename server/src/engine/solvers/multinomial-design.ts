// The design of a multinomial logit: each class's η read as offset + Σ param·column, over one shared column set.

import { paramDeps, type EngineModel, type Node, type Term } from '../model.ts';
import { compileSlots } from '../eval/slots.ts';
import { directDesign } from './linear-design.ts';

export interface MultinomialDesign {
  readonly n: number;
  /** Number of classes K (the Categorical's arguments η_0…η_{K−1}). */
  readonly K: number;
  /** Classes whose η depends on a parameter (the others, e.g. the reference level, are parameter-free). */
  readonly free: Int32Array;
  /** The distinct columns, row-major n × pu (a column shared by several classes' η is stored once). */
  readonly X: Float64Array;
  readonly pu: number;
  /** Parameter-free parts of every η, row-major n × K; undefined when all are zero. */
  readonly offset?: Float64Array;
  /** Level codes 0…K−1. */
  readonly y: Int32Array;
  /**
   * For each coefficient slot s = f·pu + u (free class index f, column u), the parameter it holds, or −1. A
   * parameter shared by several classes (or columns) holds several slots; η_k = offset + Σ_u X_u·θ[slot(k, u)].
   */
  readonly slotParam: Int32Array;
  /** For each parameter, its slots. */
  readonly slotsOf: readonly Int32Array[];
}

/** `0 * x` or `x * 0` with x a finite column or a number and no parameter: identically 0. */
function zeroProduct(x: Node): boolean {
  if (x.op !== 'bin' || x.fn !== '*') return false;
  const other = x.a.op === 'const' && x.a.value === 0 ? x.b : x.b.op === 'const' && x.b.value === 0 ? x.a : undefined;
  if (!other) return false;
  if (other.op === 'const') return Number.isFinite(other.value);
  if (other.op !== 'data') return false;
  const v = other.values;
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/**
 * η rewritten for directDesign: every parameter-free subexpression becomes its values over the rows (a `data` node,
 * or a number), through sums, differences, negations and products; a product with a literal 0 (the reference
 * level's elements) becomes 0 and a 0 summand is dropped, with no pass over the rows. Shared nodes are rewritten
 * once (memo), so an expression used by every η (a standardised column) is one column. Other nodes are kept.
 */
function linearForm(n: number): (eta: Node) => Node {
  const memo = new Map<Node, Node>();
  const deps = new Map<Node, number[]>();
  const isZero = (x: Node): boolean => x.op === 'const' && x.value === 0;
  const visit = (x: Node): Node => {
    const hit = memo.get(x);
    if (hit) return hit;
    let out: Node = x;
    if (x.op === 'const' || x.op === 'data') out = x;
    else if (paramDeps(x, deps).length === 0) {
      if (zeroProduct(x)) out = { op: 'const', value: 0 };
      else {
        // Chunk 1: only the hoisted values are used, not the AD buffers.
        const v = compileSlots([x], n, 1).of.get(x)!.fixed!;
        out = v.length === 1 ? { op: 'const', value: v[0] } : { op: 'data', values: v, name: '(expression)' };
      }
    } else if (x.op === 'neg') out = { op: 'neg', a: visit(x.a) };
    else if (x.op === 'bin' && (x.fn === '+' || x.fn === '-' || x.fn === '*')) {
      const a = visit(x.a);
      const b = visit(x.b);
      if (x.fn !== '*' && isZero(b)) out = a;
      else if (x.fn === '+' && isZero(a)) out = b;
      else if (x.fn === '-' && isZero(a)) out = { op: 'neg', a: b };
      else out = { op: 'bin', fn: x.fn, a, b };
    }
    memo.set(x, out);
    return out;
  };
  return visit;
}

/** Whether every row of a column has the same value (an intercept, however it was built). */
function constantValue(c: Float64Array): number | undefined {
  const v = c[0];
  for (let i = 1; i < c.length; i++) if (c[i] !== v) return undefined;
  return v;
}

/**
 * Applies to one Categorical term over a data outcome whose every η is linear in the parameters (directDesign on
 * its linearForm), every parameter appearing in some η and at
 * most once per (class, column). Undefined otherwise: the caller falls back to the general path.
 */
export function multinomialDesign(model: EngineModel, t: Term): MultinomialDesign | undefined {
  const K = t.dist.classes;
  const n = model.n;
  if (t.dist.name !== 'Categorical' || !K || t.y.op !== 'data' || t.args.length !== K || n === 0) return undefined;
  const codes = t.y.values;
  for (let i = 0; i < n; i++)
    if (!(codes[i] >= 0 && codes[i] < K && codes[i] === Math.floor(codes[i]))) return undefined;
  const y = Int32Array.from(codes);
  const linear = linearForm(n);
  const designs = t.args.map((eta) => directDesign(linear(eta), n));
  if (designs.some((d) => !d)) return undefined;
  const free = Int32Array.from(
    designs.flatMap((d, k) => (d!.deps.length ? [k] : [])),
    (k) => k,
  );
  // Distinct columns: by identity (a data column, a hoisted expression), then constant columns by value.
  const cols: Float64Array[] = [];
  const byRef = new Map<Float64Array, number>();
  const byConst = new Map<number, number>();
  const columnOf = (c: Float64Array): number => {
    let u = byRef.get(c);
    if (u !== undefined) return u;
    const v = constantValue(c);
    u = v !== undefined ? byConst.get(v) : undefined;
    if (u === undefined) {
      u = cols.length;
      cols.push(c);
      if (v !== undefined) byConst.set(v, u);
    }
    byRef.set(c, u);
    return u;
  };
  const entries: [f: number, u: number, j: number][] = [];
  free.forEach((k, f) => {
    const d = designs[k]!;
    d.deps.forEach((j, q) => entries.push([f, columnOf(d.cols[q]), j]));
  });
  const pu = cols.length;
  const P = model.params.length;
  const slotParam = new Int32Array(free.length * pu).fill(-1);
  for (const [f, u, j] of entries) {
    if (slotParam[f * pu + u] !== -1) return undefined; // two parameters on one column of one η: not worth a case
    slotParam[f * pu + u] = j;
  }
  const slotsOf = Array.from({ length: P }, (_, j) =>
    Int32Array.from(entries.filter((e) => e[2] === j).map(([f, u]) => f * pu + u)),
  );
  if (slotsOf.some((s) => s.length === 0)) return undefined;
  const X = new Float64Array(n * pu);
  cols.forEach((c, u) => {
    for (let i = 0; i < n; i++) X[i * pu + u] = c[i];
  });
  let offset: Float64Array | undefined;
  designs.forEach((d, k) => {
    const o = d!.offset;
    if (!o || o.every((v) => v === 0)) return;
    offset ??= new Float64Array(n * K);
    for (let i = 0; i < n; i++) offset[i * K + k] = o[i];
  });
  return { n, K, free, X, pu, offset, y, slotParam, slotsOf };
}
