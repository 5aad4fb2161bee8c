// Jacobian of every per-row distribution argument with respect to the parameters, over a sample of rows.

import type { EngineModel, Node, Term } from '../model.ts';
import { compileSlots, type Slot } from './slots.ts';
import { evalSlot, makeScratch, slotValues } from './kernels.ts';

export interface ArgJacobian {
  /**
   * Parameter j's column of the stacked Jacobian: ∂a(row)/∂θ_j for each sampled row and each argument that depends
   * on θ (row k·A + a), length `rows`; undefined when no argument depends on θ_j. Column-major, so a factor's many
   * levels cost one column each and no rows × P matrix is formed.
   */
  readonly cols: (Float64Array | undefined)[];
  readonly rows: number;
  /** For each parameter, its derivative column in the first argument it enters, over the sampled rows. */
  readonly columns: (Float64Array | undefined)[];
}

/**
 * What a term's density can tell apart: its arguments, except a Categorical's, whose softmax sees only the contrasts
 * η_k − η_0 (adding one constant to every η_k changes nothing), so those stand in for η in rank questions.
 */
export function identifiedArgs(t: Term): readonly Node[] {
  if (t.dist.name !== 'Categorical') return t.args;
  return t.args.slice(1).map((a): Node => ({ op: 'bin', fn: '-', a, b: t.args[0] }));
}

/** Up to `maxRows` rows, evenly spaced, so large data sets cost a bounded amount. */
export function sampleRows(n: number, maxRows: number): Int32Array {
  // Plain loops: Int32Array.from with a mapping callback runs ~30 ns a row, a cost every plot paid on every fit.
  const m = Math.min(n, maxRows);
  const rows = new Int32Array(m);
  if (n <= maxRows) for (let i = 0; i < m; i++) rows[i] = i;
  else for (let k = 0; k < m; k++) rows[k] = Math.floor((k * n) / maxRows);
  return rows;
}

/** Compiled slots per model: the structural checks evaluate one (subsampled) model at several points. */
const compiled = new WeakMap<EngineModel, { roots: Node[]; slots: Slot[]; of: Map<Node, Slot> }>();

/** Evaluates ∂(args)/∂θ at theta over the sampled rows (chunked, buffers reused, no per-row objects). */
export function argJacobian(model: EngineModel, theta: Float64Array, maxRows = 4000): ArgJacobian {
  const P = model.params.length;
  const n = model.n;
  const C = Math.max(1, Math.min(1024, n));
  let hit = compiled.get(model);
  if (!hit) {
    const roots: Node[] = model.terms.flatMap(identifiedArgs);
    hit = { roots, ...compileSlots(roots, n, C) };
    compiled.set(model, hit);
  }
  const { roots, slots, of } = hit;
  const sc = makeScratch(C);
  const valueOf = slotValues;
  const argSlots = [...new Set(roots.map((r) => of.get(r)!))].filter((a) => a.m > 0);
  const picks = sampleRows(n, Math.max(1, Math.floor(maxRows / Math.max(1, argSlots.length))));
  const S = picks.length;
  const A = argSlots.length;
  const owner: number[] = new Array(P).fill(-1);
  argSlots.forEach((a, ai) =>
    a.deps.forEach((j) => {
      if (owner[j] < 0) owner[j] = ai;
    }),
  );
  const cols: (Float64Array | undefined)[] = Array.from({ length: P }, (_, j) =>
    owner[j] >= 0 ? new Float64Array(S * A) : undefined,
  );
  // With one argument the first-argument columns are the stacked ones.
  const columns: (Float64Array | undefined)[] =
    A === 1 ? cols : Array.from({ length: P }, (_, j) => (owner[j] >= 0 ? new Float64Array(S) : undefined));
  let k = 0;
  for (let start = 0; start < n && k < S; start += C) {
    const len = Math.min(C, n - start);
    if (picks[k] >= start + len) continue;
    for (const s of slots) evalSlot(s, theta, start, len, 1, valueOf, sc);
    for (; k < S && picks[k] < start + len; k++) {
      const i = picks[k] - start;
      for (let ai = 0; ai < A; ai++) {
        const a = argSlots[ai];
        const row = k * A + ai;
        const { d, deps } = a;
        // The columns start at zero: a factor's many zero derivatives need no write.
        for (let p = 0, o = i; p < a.m; p++, o += C) {
          const v = d[o];
          if (v === 0) continue;
          cols[deps[p]]![row] = v;
          if (A > 1 && owner[deps[p]] === ai) columns[deps[p]]![k] = v;
        }
      }
    }
  }
  return { cols, rows: S * A, columns };
}

/** The same model on a subset of rows (data nodes sliced, shared nodes kept shared), for cheap structural checks. */
export function subsampleModel(model: EngineModel, picks: Int32Array): EngineModel {
  if (picks.length === model.n) return model;
  const memo = new Map<Node, Node>();
  const map = (x: Node): Node => {
    const hit = memo.get(x);
    if (hit) return hit;
    let out: Node;
    switch (x.op) {
      case 'data': {
        const values = new Float64Array(picks.length);
        for (let k = 0; k < picks.length; k++) values[k] = x.values[picks[k]];
        out = { ...x, values };
        break;
      }
      case 'lookup':
        out = { ...x, codes: Int32Array.from(picks, (i) => x.codes[i]) };
        break;
      case 'neg':
      case 'call':
        out = { ...x, a: map(x.a) };
        break;
      case 'bin':
        out = { ...x, a: map(x.a), b: map(x.b) };
        break;
      case 'ifelse':
        out = { ...x, c: map(x.c), a: map(x.a), b: map(x.b) };
        break;
      default:
        out = x;
    }
    memo.set(x, out);
    return out;
  };
  return {
    ...model,
    n: picks.length,
    terms: model.terms.map((t) => ({ ...t, y: map(t.y), args: t.args.map(map) })),
    priors: model.priors.map((t) => ({ ...t, args: t.args.map(map) })),
  };
}
