// Jacobian of every per-row distribution argument with respect to the parameters: its Gram matrix and sample columns.

import type { EngineModel, Node } from './model.ts';
import { compileSlots } from './slots.ts';
import { evalSlot, makeScratch } from './kernels.ts';

export interface ArgJacobian {
  /** Σ over rows and arguments of ∇a ∇aᵀ (P×P, row-major): its null space is the set of invisible directions. */
  readonly gram: Float64Array;
  /** For each parameter, the derivative column of the first argument it enters, over the first `sampleRows` rows. */
  readonly columns: (Float64Array | undefined)[];
  readonly sampleRows: number;
}

/** Evaluates ∂(args)/∂θ at theta over all rows, chunk by chunk (no per-row objects, buffers reused). */
export function argJacobian(model: EngineModel, theta: Float64Array, sampleRows = 2000): ArgJacobian {
  const P = model.params.length;
  const n = model.n;
  const C = Math.max(1, Math.min(1024, n));
  const roots: Node[] = model.terms.flatMap((t) => t.args);
  const { slots, of } = compileSlots(roots, n, C);
  const sc = makeScratch(C);
  const valueOf = (s: (typeof slots)[number], start: number, len: number): Float64Array =>
    s.m > 0 ? s.val : s.fixed!.length === 1 ? new Float64Array(len).fill(s.fixed![0]) : s.fixed!.subarray(start, start + len);
  const gram = new Float64Array(P * P);
  const S = Math.min(sampleRows, n);
  const columns: (Float64Array | undefined)[] = new Array(P).fill(undefined);
  const owner: number[] = new Array(P).fill(-1);
  const argSlots = roots.map((r) => of.get(r)!);
  argSlots.forEach((a, ai) => a.deps.forEach((j) => { if (owner[j] < 0) owner[j] = ai; }));
  for (let start = 0; start < n; start += C) {
    const len = Math.min(C, n - start);
    for (const s of slots) evalSlot(s, theta, start, len, 1, valueOf, sc);
    argSlots.forEach((a, ai) => {
      for (let p = 0; p < a.m; p++) {
        const jp = a.deps[p];
        for (let q = p; q < a.m; q++) {
          const jq = a.deps[q];
          let acc = 0;
          for (let i = 0; i < len; i++) acc += a.d[p * C + i] * a.d[q * C + i];
          gram[jp * P + jq] += acc;
          if (jp !== jq) gram[jq * P + jp] += acc;
        }
        if (owner[jp] === ai && start < S) {
          const col = (columns[jp] ??= new Float64Array(S));
          col.set(a.d.subarray(p * C, p * C + Math.min(len, S - start)), start);
        }
      }
    });
  }
  // A prior pins its parameter: it adds a unit row, so a parameter with a prior is never flagged.
  for (const pr of model.priors) if (pr.y.op === 'param') gram[pr.y.index * P + pr.y.index] += 1;
  return { gram, columns, sampleRows: S };
}
