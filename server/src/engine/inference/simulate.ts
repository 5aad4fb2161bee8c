// Simulated outcomes of every likelihood term at given parameter values, and the model refitted to such outcomes.

import type { EngineModel, Node, Term } from '../model.ts';
import { children } from '../model.ts';
import { compileSlots, type Slot } from '../eval/slots.ts';
import { evalSlot, makeScratch } from '../eval/kernels.ts';
import { cannotDraw, draw } from '../distributions/draw.ts';

/** The first likelihood term that cannot be simulated, and why; undefined when every term can. */
export function unsimulable(model: EngineModel): { readonly term: Term; readonly why: string } | undefined {
  for (const term of model.terms) {
    const why = cannotDraw(term.dist);
    if (why) return { term, why };
  }
  return undefined;
}

/**
 * One simulated outcome vector per likelihood term (length n, the used rows): each row's arguments are evaluated at
 * theta (chunk by chunk, buffers allocated once) and y is drawn from the term's distribution with `rand`. Terms are
 * drawn in order, rows in order, so a seed fixes the result. The caller has checked `unsimulable`.
 */
export function simulateOutcomes(model: EngineModel, theta: Float64Array, rand: () => number): Float64Array[] {
  const n = model.n;
  const C = Math.max(1, Math.min(1024, n));
  const roots: Node[] = model.terms.flatMap((t) => t.args);
  const { slots, of } = compileSlots(roots, n, C);
  const sc = makeScratch(C);
  const bcast = new Map<Slot, Float64Array>();
  const valueOf = (s: Slot, start: number, len: number): Float64Array => {
    if (s.m > 0) return s.val;
    const f = s.fixed!;
    if (f.length !== 1 || n === 1) return f.subarray(start, start + len);
    let b = bcast.get(s);
    if (!b) bcast.set(s, (b = new Float64Array(C).fill(f[0])));
    return b;
  };
  const out = model.terms.map(() => new Float64Array(n));
  const argSlots = model.terms.map((t) => t.args.map((a) => of.get(a)!));
  const rows = model.terms.map((t) => new Array<number>(t.args.length));
  for (let start = 0; start < n; start += C) {
    const len = Math.min(C, n - start);
    for (const s of slots) evalSlot(s, theta, start, len, 0, valueOf, sc);
    model.terms.forEach((t, ti) => {
      const vals = argSlots[ti].map((s) => valueOf(s, start, len));
      const row = rows[ti];
      const y = out[ti];
      for (let i = 0; i < len; i++) {
        for (let a = 0; a < vals.length; a++) row[a] = vals[a][i];
        y[start + i] = draw(t.dist, row, rand);
      }
    });
  }
  return out;
}

/**
 * The model with each term's outcome replaced by `ys[term]`. A plain column outcome is replaced everywhere it occurs
 * (a column used as an outcome and elsewhere is one node, shared by identity); a transformed outcome (`log(y)`) is
 * replaced in its term only. Options and parameters are the caller's to change.
 */
export function withOutcomes(model: EngineModel, ys: readonly Float64Array[]): EngineModel {
  const swap = new Map<Node, Node>();
  model.terms.forEach((t, i) => {
    if (t.y.op === 'data') swap.set(t.y, { op: 'data', values: ys[i], name: t.y.name });
  });
  const memo = new Map<Node, Node>();
  const re = (node: Node): Node => {
    const hit = swap.get(node) ?? memo.get(node);
    if (hit) return hit;
    let r: Node = node;
    if (children(node).length) {
      if (node.op === 'neg' || node.op === 'call') r = { ...node, a: re(node.a) };
      else if (node.op === 'bin') r = { ...node, a: re(node.a), b: re(node.b) };
      else if (node.op === 'ifelse') r = { ...node, c: re(node.c), a: re(node.a), b: re(node.b) };
    }
    memo.set(node, r);
    return r;
  };
  return {
    ...model,
    terms: model.terms.map((t, i) => ({
      ...t,
      y: t.y.op === 'data' ? re(t.y) : { op: 'data', values: ys[i], name: 'simulated' },
      args: t.args.map(re),
    })),
    derived: model.derived.map((d) => ({ ...d, expr: re(d.expr) })),
  };
}
