// Per-chunk forward-mode kernels: value, gradient and packed Hessian of one slot from its children's.

import type { Slot } from './slots.ts';
import { binaryPartials, type BinaryPartials } from './functions.ts';

/** Scratch buffers of one chunk, shared by all slots of a program. */
export interface Scratch {
  readonly C: number;
  readonly fa: Float64Array;
  readonly fb: Float64Array;
  readonly faa: Float64Array;
  readonly fab: Float64Array;
  readonly fbb: Float64Array;
}

export const makeScratch = (C: number): Scratch => ({
  C,
  fa: new Float64Array(C),
  fb: new Float64Array(C),
  faa: new Float64Array(C),
  fab: new Float64Array(C),
  fbb: new Float64Array(C),
});

/** Values of any slot over the chunk [start, start + len): live buffer, data view or broadcast scalar. */
export type ValueOf = (s: Slot, start: number, len: number) => Float64Array;

/** The plain ValueOf: a slot's live buffer when it depends on parameters, else its fixed values (a scalar broadcast). */
export const slotValues: ValueOf = (s, start, len) =>
  s.m > 0
    ? s.val
    : s.fixed!.length === 1
      ? new Float64Array(len).fill(s.fixed![0])
      : s.fixed!.subarray(start, start + len);

export function evalSlot(
  s: Slot,
  theta: Float64Array,
  start: number,
  len: number,
  order: 0 | 1 | 2,
  valueOf: ValueOf,
  sc: Scratch,
): void {
  const C = sc.C;
  const { val, d, h, m } = s;
  const node = s.node;
  if (node.op === 'param') {
    val.fill(theta[node.index], 0, len);
    return;
  }
  if (node.op === 'lookup') {
    evalLookup(s, node.codes, node.params, theta, start, len, order, C);
    return;
  }
  if (s.signs) {
    evalSum(s, s.signs, start, len, order, valueOf, C);
    return;
  }
  const second = order === 2 && !s.linear;
  if (node.op === 'neg') {
    const a = s.kids[0];
    const av = valueOf(a, start, len);
    for (let i = 0; i < len; i++) val[i] = -av[i];
    if (order >= 1) for (let p = 0; p < m; p++) for (let i = 0, o = p * C; i < len; i++, o++) d[o] = -a.d[o];
    if (second) {
      const np = (m * (m + 1)) / 2;
      for (let p = 0; p < np; p++) for (let i = 0, o = p * C; i < len; i++, o++) h[o] = -a.h[o];
    }
    return;
  }
  if (node.op === 'call') {
    const a = s.kids[0];
    const f = s.fn!;
    const av = valueOf(a, start, len);
    const { fa, faa } = sc;
    for (let i = 0; i < len; i++) {
      const x = av[i];
      const y = f.f(x);
      val[i] = y;
      if (order >= 1) fa[i] = f.d1(x, y);
      if (second) faa[i] = f.d2(x, y);
    }
    if (order >= 1) for (let p = 0; p < m; p++) for (let i = 0, o = p * C; i < len; i++, o++) d[o] = fa[i] * a.d[o];
    if (second) {
      for (let p = 0; p < m; p++) {
        for (let q = p; q < m; q++) {
          const ho = s.pair[p * m + q] * C;
          const dp = p * C;
          const dq = q * C;
          if (a.linear) for (let i = 0; i < len; i++) h[ho + i] = faa[i] * a.d[dp + i] * a.d[dq + i];
          else for (let i = 0; i < len; i++) h[ho + i] = fa[i] * a.h[ho + i] + faa[i] * a.d[dp + i] * a.d[dq + i];
        }
      }
    }
    return;
  }
  if (node.op === 'ifelse') {
    evalIfElse(s, start, len, order, valueOf, C);
    return;
  }
  if (node.op !== 'bin') return;
  const [a, b] = s.kids;
  const av = valueOf(a, start, len);
  const bv = valueOf(b, start, len);
  const { fa, fb, faa, fab, fbb } = sc;
  const P: BinaryPartials = { v: 0, fa: 0, fb: 0, faa: 0, fab: 0, fbb: 0 };
  const op = node.fn;
  if (op === '+')
    for (let i = 0; i < len; i++) {
      val[i] = av[i] + bv[i];
      fa[i] = 1;
      fb[i] = 1;
    }
  else if (op === '-')
    for (let i = 0; i < len; i++) {
      val[i] = av[i] - bv[i];
      fa[i] = 1;
      fb[i] = -1;
    }
  else if (op === '*')
    for (let i = 0; i < len; i++) {
      val[i] = av[i] * bv[i];
      fa[i] = bv[i];
      fb[i] = av[i];
      faa[i] = 0;
      fab[i] = 1;
      fbb[i] = 0;
    }
  else {
    for (let i = 0; i < len; i++) {
      binaryPartials(op, av[i], bv[i], P);
      val[i] = P.v;
      fa[i] = P.fa;
      fb[i] = P.fb;
      faa[i] = P.faa;
      fab[i] = P.fab;
      fbb[i] = P.fbb;
    }
  }
  if (order === 0) return;
  d.fill(0, 0, m * C);
  for (const [k, w] of [
    [a, fa],
    [b, fb],
  ] as const) {
    const map = s.maps[k === a ? 0 : 1];
    for (let p = 0; p < k.m; p++) {
      const o = map[p] * C;
      const ko = p * C;
      for (let i = 0; i < len; i++) d[o + i] += w[i] * k.d[ko + i];
    }
  }
  if (!second) return;
  h.fill(0, 0, ((m * (m + 1)) / 2) * C);
  const linearOp = op === '+' || op === '-';
  for (const [idx, k, w, w2] of [
    [0, a, fa, faa],
    [1, b, fb, fbb],
  ] as const) {
    const map = s.maps[idx];
    for (let p = 0; p < k.m; p++) {
      for (let q = p; q < k.m; q++) {
        const ho = s.pair[map[p] * m + map[q]] * C;
        const kh = k.pair[p * k.m + q] * C;
        const dp = p * C;
        const dq = q * C;
        if (!k.linear) for (let i = 0; i < len; i++) h[ho + i] += w[i] * k.h[kh + i];
        if (!linearOp) for (let i = 0; i < len; i++) h[ho + i] += w2[i] * k.d[dp + i] * k.d[dq + i];
      }
    }
  }
  if (linearOp || a.m === 0 || b.m === 0) return;
  for (let p = 0; p < a.m; p++) {
    for (let q = 0; q < b.m; q++) {
      const x = s.maps[0][p];
      const y = s.maps[1][q];
      const ho = s.pair[x * m + y] * C;
      const dp = p * C;
      const dq = q * C;
      const twice = x === y ? 2 : 1;
      for (let i = 0; i < len; i++) h[ho + i] += twice * fab[i] * a.d[dp + i] * b.d[dq + i];
    }
  }
}

/** `c ? a : b` per row: value, gradient and Hessian are those of the chosen branch (c carries no derivative). */
function evalIfElse(s: Slot, start: number, len: number, order: 0 | 1 | 2, valueOf: ValueOf, C: number): void {
  const [c, a, b] = s.kids;
  const cv = valueOf(c, start, len);
  const av = valueOf(a, start, len);
  const bv = valueOf(b, start, len);
  const { val, d, h, m } = s;
  for (let i = 0; i < len; i++) {
    const x = cv[i];
    val[i] = x !== x ? NaN : x !== 0 ? av[i] : bv[i];
  }
  if (order === 0) return;
  d.fill(0, 0, m * C);
  const second = order === 2 && !s.linear;
  if (second) h.fill(0, 0, ((m * (m + 1)) / 2) * C);
  for (const [k, idx, pick] of [
    [a, 1, 1],
    [b, 2, 0],
  ] as const) {
    const map = s.maps[idx];
    for (let p = 0; p < k.m; p++) {
      const o = map[p] * C;
      const ko = p * C;
      for (let i = 0; i < len; i++) if ((cv[i] !== 0 ? 1 : 0) === pick) d[o + i] = k.d[ko + i];
    }
    if (!second || k.linear) continue;
    for (let p = 0; p < k.m; p++)
      for (let q = p; q < k.m; q++) {
        const ho = s.pair[map[p] * m + map[q]] * C;
        const kh = k.pair[p * k.m + q] * C;
        for (let i = 0; i < len; i++) if ((cv[i] !== 0 ? 1 : 0) === pick) h[ho + i] = k.h[kh + i];
      }
  }
}

/** A factor's per-row parameter: value θ[params[code]] (0 for a fixed level), derivative one-hot (linear: h = 0). */
function evalLookup(
  s: Slot,
  codes: Int32Array,
  params: Int32Array,
  theta: Float64Array,
  start: number,
  len: number,
  order: 0 | 1 | 2,
  C: number,
): void {
  const { val, d } = s;
  const pos = s.levelPos!;
  for (let i = 0; i < len; i++) {
    const j = params[codes[start + i]];
    val[i] = j >= 0 ? theta[j] : 0;
  }
  if (order === 0) return;
  // Only the ones written for the previous chunk need clearing, not all m columns.
  const last = s.lastPos!;
  for (let i = 0; i < C; i++) {
    if (last[i] >= 0) d[last[i] * C + i] = 0;
    last[i] = -1;
  }
  for (let i = 0; i < len; i++) {
    const q = pos[codes[start + i]];
    if (q >= 0) d[q * C + i] = 1;
    last[i] = q;
  }
}

/** Σ signs[k] · kid k: value, gradient and Hessian are the signed sums of the kids' (mapped into this slot's deps). */
function evalSum(
  s: Slot,
  signs: Float64Array,
  start: number,
  len: number,
  order: 0 | 1 | 2,
  valueOf: ValueOf,
  C: number,
): void {
  const { val, d, h, m, kids } = s;
  val.fill(0, 0, len);
  for (let k = 0; k < kids.length; k++) {
    const kv = valueOf(kids[k], start, len);
    const sg = signs[k];
    for (let i = 0; i < len; i++) val[i] += sg * kv[i];
  }
  if (order === 0) return;
  d.fill(0, 0, m * C);
  for (let k = 0; k < kids.length; k++) {
    const kid = kids[k];
    const map = s.maps[k];
    const sg = signs[k];
    const node = kid.node;
    if (node.op === 'lookup') {
      // One-hot: one column per row is ±1, found through the row's level rather than scanning every column.
      const pos = kid.levelPos!;
      const codes = node.codes;
      for (let i = 0; i < len; i++) {
        const q = pos[codes[start + i]];
        if (q >= 0) d[map[q] * C + i] += sg;
      }
      continue;
    }
    for (let p = 0; p < kid.m; p++) {
      const o = map[p] * C;
      const ko = p * C;
      for (let i = 0; i < len; i++) d[o + i] += sg * kid.d[ko + i];
    }
  }
  if (order < 2 || s.linear) return;
  h.fill(0, 0, ((m * (m + 1)) / 2) * C);
  for (let k = 0; k < kids.length; k++) {
    const kid = kids[k];
    if (kid.linear) continue;
    const map = s.maps[k];
    const sg = signs[k];
    for (let p = 0; p < kid.m; p++)
      for (let q = p; q < kid.m; q++) {
        const ho = s.pair[map[p] * m + map[q]] * C;
        const kh = kid.pair[p * kid.m + q] * C;
        for (let i = 0; i < len; i++) h[ho + i] += sg * kid.h[kh + i];
      }
  }
}
