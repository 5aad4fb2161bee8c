// Lowers vector parameters: `b["B"]` to one element, `b[wool]` to a per-row lookup of b[level], simplexes to softmax.

import type { Expr, Index } from './ast.ts';
import type { VectorParam } from './vectors.ts';
import { simplexRatioName, validSimplex } from './vectors.ts';
import type { Node } from '../engine/model.ts';

export interface VectorLowering {
  /** The node of an indexed expression; throws on a form the checks reject (lowering runs on clean models only). */
  index(e: Index): Node;
  /** The node of one element by its level codes (fixed elements are the constant 0). */
  element(v: VectorParam, codes: readonly number[]): Node;
  /**
   * The indexed expression with every index written as `key` taken at level `code` (a Categorical outcome's level
   * k); other indices keep each row's level. An expression that does not index by `key` lowers as `index` does.
   */
  indexAt(e: Index, key: string, code: number): Node;
}

/** Level codes of `b["B", "H"]` / `mu[2]` when every argument is a literal, else undefined (a per-row index). */
export function literalCodes(v: VectorParam, args: Index['args']): number[] | undefined {
  if (!v.dims || args.length !== v.dims.length) return undefined;
  const codes: number[] = [];
  for (let j = 0; j < args.length; j++) {
    const a = args[j];
    const text = a.kind === 'level' ? a.value : a.kind === 'number' ? String(a.value) : undefined;
    if (text === undefined) return undefined;
    const at = v.dims[j].levels.indexOf(text);
    if (at < 0) return undefined;
    codes.push(at);
  }
  return codes;
}

/** The column key an index argument names: `wool` or `factor(cyl)`; undefined for anything else. */
export function indexKey(e: Expr | Index['args'][number]): string | undefined {
  if (e.kind === 'name') return e.name;
  if (e.kind === 'call' && e.callee.name === 'factor' && e.args.length === 1 && e.args[0].value.kind === 'name')
    return `factor(${e.args[0].value.name})`;
  return undefined;
}

/**
 * `vectors`: the model's vector parameters; `paramIndex`: engine index by parameter name; `mask`/`n`: the used
 * rows (indicator columns are built over them).
 */
export function vectorLowering(
  vectors: ReadonlyMap<string, VectorParam>,
  paramIndex: ReadonlyMap<string, number>,
  mask: Uint8Array | undefined,
  n: number,
): VectorLowering {
  const perRow = new Map<string, Node>();
  const simplexMemo = new Map<string, Node[]>();
  const zero: Node = { op: 'const', value: 0 };

  const simplexNodes = (v: VectorParam): Node[] => {
    const hit = simplexMemo.get(v.name);
    if (hit) return hit;
    // w_1 = 1 / (1 + Σ_k e^{u_k}), w_k = e^{u_k} / (1 + Σ e^{u}) with u_k = log(w_k / w_1), k = 2..K.
    const exps: Node[] = v.elements
      .slice(1)
      .map((_, k) => ({ op: 'call', fn: 'exp', a: param(simplexRatioName(v, k + 1)) }));
    const denom = exps.reduce<Node>((acc, x) => ({ op: 'bin', fn: '+', a: acc, b: x }), { op: 'const', value: 1 });
    const out: Node[] = [
      { op: 'bin', fn: '/', a: { op: 'const', value: 1 }, b: denom },
      ...exps.map((x): Node => ({ op: 'bin', fn: '/', a: x, b: denom })),
    ];
    simplexMemo.set(v.name, out);
    return out;
  };

  const param = (name: string): Node => {
    const index = paramIndex.get(name);
    if (index === undefined) throw new Error(`no parameter ${name}`);
    return { op: 'param', index };
  };

  const element = (v: VectorParam, codes: readonly number[]): Node => {
    if (validSimplex(v)) return simplexNodes(v)[codes[0]];
    const e = v.elements.find((x) => x.codes.every((c, j) => c === codes[j]));
    if (!e) throw new Error(`no element of ${v.name}`);
    return e.fixed ? zero : param(e.name);
  };

  /**
   * Each row's element as one lookup node: Σ over free elements of element · 1{row's levels = element's levels}
   * without the indicator columns. The code of a row is its levels' mixed-radix number (first index most
   * significant); a row with no level (never a used row) gets the extra code L, a fixed 0.
   */
  const rowwise = (v: VectorParam): Node => {
    const hit = perRow.get(v.name);
    if (hit) return hit;
    const dims = v.dims!;
    const sizes = dims.map((d) => d.levels.length);
    const L = sizes.reduce((a, b) => a * b, 1);
    const code = (levels: readonly number[]): number => levels.reduce((acc, c, j) => acc * sizes[j] + c, 0);
    const params = new Int32Array(L + 1).fill(-1);
    const labels: string[] = new Array<string>(L + 1).fill('no level');
    for (const e of v.elements) {
      const at = code(e.codes);
      labels[at] = dims.map((d, j) => `${d.key} == "${e.levels[j]}"`).join(' & ');
      if (!e.fixed) params[at] = paramIndex.get(e.name) ?? -1;
    }
    const codes = new Int32Array(n);
    const all = dims.map((d) => d.factor!.codes);
    for (let i = 0, r = 0; i < all[0].length && r < n; i++) {
      if (mask && all[0].length !== n && !mask[i]) continue;
      let c = 0;
      for (let j = 0; j < all.length && c >= 0; j++) c = all[j][i] >= 0 ? c * sizes[j] + all[j][i] : -1;
      codes[r++] = c >= 0 ? c : L;
    }
    const node: Node = params.some((j) => j >= 0) ? { op: 'lookup', codes, params, labels } : zero;
    perRow.set(v.name, node);
    return node;
  };

  const index = (e: Index): Node => {
    const v = vectors.get(e.base.name);
    if (!v?.dims) throw new Error(`\`${e.base.name}\` is not a resolved vector parameter`);
    const codes = literalCodes(v, e.args);
    if (codes) return element(v, codes);
    const keys = e.args.map((a) => (a.kind === 'level' ? undefined : indexKey(a)));
    if (!v.dims.every((d, j) => d.factor && keys[j] === d.key)) throw new Error(`bad index of ${v.name}`);
    return rowwise(v);
  };

  /** The used rows' level codes of one factor dimension. */
  const usedCodes = (all: Int32Array): Int32Array => {
    if (!mask || all.length === n) return all;
    const used = new Int32Array(n);
    for (let i = 0, j = 0; i < all.length; i++) if (mask[i]) used[j++] = all[i];
    return used;
  };

  const overridden = new Map<string, Node>();
  /** Σ over free elements at the `fixed` levels of element · indicator(row's levels on the other dimensions). */
  const rowwiseAt = (v: VectorParam, fixed: readonly (number | undefined)[]): Node => {
    const memoKey = `${v.name}@${fixed.join(',')}`;
    const hit = overridden.get(memoKey);
    if (hit) return hit;
    const dims = v.dims!;
    const free = dims.map((_, j) => j).filter((j) => fixed[j] === undefined);
    const codes = free.map((j) => usedCodes(dims[j].factor!.codes));
    let sum: Node | undefined;
    for (const e of v.elements) {
      if (e.fixed || e.codes.some((c, j) => fixed[j] !== undefined && c !== fixed[j])) continue;
      const ind = new Float64Array(n);
      for (let i = 0; i < n; i++) ind[i] = codes.every((c, f) => c[i] === e.codes[free[f]]) ? 1 : 0;
      const label = free.map((j) => `${dims[j].key} == "${e.levels[j]}"`).join(' & ');
      const term: Node = { op: 'bin', fn: '*', a: param(e.name), b: { op: 'data', values: ind, name: label } };
      sum = sum ? { op: 'bin', fn: '+', a: sum, b: term } : term;
    }
    const node = sum ?? zero;
    overridden.set(memoKey, node);
    return node;
  };

  const indexAt = (e: Index, key: string, code: number): Node => {
    const v = vectors.get(e.base.name);
    const keys = e.args.map((a) => (a.kind === 'level' ? undefined : indexKey(a)));
    if (!v?.dims || literalCodes(v, e.args) || !keys.includes(key)) return index(e);
    if (!v.dims.every((d, j) => d.factor && keys[j] === d.key)) throw new Error(`bad index of ${v.name}`);
    const fixed = keys.map((k) => (k === key ? code : undefined));
    return fixed.every((c) => c !== undefined) ? element(v, fixed as number[]) : rowwiseAt(v, fixed);
  };

  return { index, element, indexAt };
}
