// Compiles expression DAGs into slots: per-node parameter dependencies, linearity, and hoisted data-only values.

import { children, lookupDeps, type Node } from '../model.ts';
import { UNARY, binaryPartials, isComparison, type BinaryPartials, type Unary } from './functions.ts';

export interface Slot {
  readonly node: Node;
  /** Parameter indices this node depends on, sorted; m = deps.length. */
  readonly deps: Int32Array;
  readonly m: number;
  /** Second derivatives are structurally zero. */
  readonly linear: boolean;
  /** Values of a parameter-free node over all rows (length n) or a scalar (length 1); computed once. */
  readonly fixed?: Float64Array;
  readonly kids: readonly Slot[];
  /** For each child, the position of each of its deps within this node's deps. */
  readonly maps: readonly Int32Array[];
  readonly fn?: Unary;
  /**
   * A sum flattened over its +/− tree (a + b[g] + b1·x1 + …): `kids` are the summands and `signs` their ±1. One
   * slot instead of a chain of binary ones, each of which would copy every derivative column of the sum so far.
   */
  readonly signs?: Float64Array;
  /** A lookup's position in `deps` of each level's parameter (−1: a fixed level). */
  readonly levelPos?: Int32Array;
  /** A lookup's column set to 1 per chunk row at its last derivative evaluation (−1: none), to clear just those. */
  readonly lastPos?: Int32Array;
  /** Packed pair index: pair[p * m + q] for p ≤ q. */
  readonly pair: Int32Array;
  val: Float64Array;
  d: Float64Array;
  h: Float64Array;
}

const scalarOf = (f: Float64Array | undefined): boolean => !!f && f.length === 1;

/** Evaluates a parameter-free node over n rows (or as a scalar when it involves no data). */
function evalFixed(node: Node, kids: readonly Slot[], n: number): Float64Array {
  const at = (k: Slot, i: number): number => (k.fixed!.length === 1 ? k.fixed![0] : k.fixed![i]);
  const len = kids.length && kids.some((k) => !scalarOf(k.fixed)) ? n : 1;
  switch (node.op) {
    case 'const':
      return Float64Array.of(node.value);
    case 'data':
      return node.values;
    case 'neg': {
      const o = new Float64Array(len);
      for (let i = 0; i < len; i++) o[i] = -at(kids[0], i);
      return o;
    }
    case 'call': {
      const f = UNARY[node.fn];
      const o = new Float64Array(len);
      for (let i = 0; i < len; i++) o[i] = f.f(at(kids[0], i));
      return o;
    }
    case 'bin': {
      const o = new Float64Array(len);
      const p: BinaryPartials = { v: 0, fa: 0, fb: 0, faa: 0, fab: 0, fbb: 0 };
      for (let i = 0; i < len; i++) {
        binaryPartials(node.fn, at(kids[0], i), at(kids[1], i), p);
        o[i] = p.v;
      }
      return o;
    }
    case 'ifelse': {
      const o = new Float64Array(len);
      for (let i = 0; i < len; i++) {
        const c = at(kids[0], i);
        o[i] = c !== c ? NaN : c !== 0 ? at(kids[1], i) : at(kids[2], i);
      }
      return o;
    }
    case 'lookup':
      // Only when every level is fixed: the constant 0.
      return Float64Array.of(0);
    case 'param':
      throw new Error('unreachable: a parameter is never fixed');
  }
}

function isLinear(node: Node, kids: readonly Slot[]): boolean {
  switch (node.op) {
    case 'param':
    case 'const':
    case 'data':
    case 'lookup':
      return true;
    case 'neg':
      return kids[0].linear;
    case 'call':
      return kids[0].m === 0;
    case 'ifelse':
      return kids[1].linear && kids[2].linear;
    case 'bin': {
      const [a, b] = kids;
      if (isComparison(node.fn)) return true;
      if (node.fn === '+' || node.fn === '-') return a.linear && b.linear;
      if (node.fn === '*') return (a.m === 0 && b.linear) || (b.m === 0 && a.linear);
      if (node.fn === '/') return b.m === 0 && a.linear;
      return a.m === 0 && b.m === 0;
    }
  }
}

const isSum = (n: Node): boolean => n.op === 'bin' && (n.fn === '+' || n.fn === '-');

/** The summands of a +/− tree with their signs (through `neg` too), left to right. */
function summands(n: Node, sign: number, out: [Node, number][]): void {
  if (n.op === 'bin' && (n.fn === '+' || n.fn === '-')) {
    summands(n.a, sign, out);
    summands(n.b, n.fn === '-' ? -sign : sign, out);
  } else if (n.op === 'neg') summands(n.a, -sign, out);
  else out.push([n, sign]);
}

/** Topologically ordered slots for all roots; shared nodes become one slot. */
export function compileSlots(roots: readonly Node[], n: number, chunk: number): { slots: Slot[]; of: Map<Node, Slot> } {
  const of = new Map<Node, Slot>();
  const slots: Slot[] = [];
  const visit = (node: Node): Slot => {
    const hit = of.get(node);
    if (hit) return hit;
    let kids = children(node).map(visit);
    let signs: Float64Array | undefined;
    if (isSum(node) && kids.some((k) => k.m > 0)) {
      const parts: [Node, number][] = [];
      summands(node, 1, parts);
      if (parts.length > 2) {
        kids = parts.map(([x]) => visit(x));
        signs = Float64Array.from(parts, ([, sg]) => sg);
      }
    }
    const depSet = new Set<number>();
    if (node.op === 'param') depSet.add(node.index);
    if (node.op === 'lookup') for (const j of lookupDeps(node)) depSet.add(j);
    for (const k of kids) k.deps.forEach((x) => depSet.add(x));
    const deps = Int32Array.from([...depSet].sort((a, b) => a - b));
    const m = deps.length;
    const maps = kids.map((k) => Int32Array.from(k.deps, (x) => deps.indexOf(x)));
    const linear = signs ? kids.every((k) => k.linear) : isLinear(node, kids);
    const pair = new Int32Array(m * m);
    for (let p = 0, idx = 0; p < m; p++)
      for (let q = p; q < m; q++) {
        pair[p * m + q] = idx;
        pair[q * m + p] = idx;
        idx++;
      }
    const fixed = m === 0 ? evalFixed(node, kids, n) : undefined;
    const slot: Slot = {
      node,
      deps,
      m,
      linear,
      fixed,
      kids,
      maps,
      pair,
      signs,
      levelPos: node.op === 'lookup' ? Int32Array.from(node.params, (j) => (j >= 0 ? deps.indexOf(j) : -1)) : undefined,
      lastPos: node.op === 'lookup' ? new Int32Array(chunk).fill(-1) : undefined,
      fn: node.op === 'call' ? UNARY[node.fn] : undefined,
      val: new Float64Array(m ? chunk : 0),
      d: new Float64Array(m * chunk),
      h: new Float64Array(linear ? 0 : ((m * (m + 1)) / 2) * chunk),
    };
    if (node.op === 'param') slot.d.fill(1);
    of.set(node, slot);
    if (m > 0) slots.push(slot);
    return slot;
  };
  roots.forEach(visit);
  return { slots, of };
}
