// Separation in a Categorical fit: rows whose observed level gets probability 1 to machine precision, so the
// log-odds run off to ±∞ (the softmax analogue of glm's fitted probabilities of exactly 0 or 1).

import type { Term } from '../model.ts';
import { compileSlots } from '../eval/slots.ts';
import { evalSlot, makeScratch } from '../eval/kernels.ts';

/** A row whose other levels have total odds below this against the observed level is fitted with probability 1. */
const EXTREME = 1e-15;

/** Rows of the Categorical terms fitted with probability 1 at `theta` (0 when there is no Categorical term). */
export function categoricalExtremeRows(terms: readonly Term[], n: number, theta: Float64Array): number {
  let count = 0;
  for (const t of terms) {
    if (t.dist.name !== 'Categorical' || t.y.op !== 'data') continue;
    const y = t.y.values;
    const C = Math.max(1, Math.min(1024, n));
    const { slots, of } = compileSlots(t.args, n, C);
    const sc = makeScratch(C);
    // A scalar slot (a fixed element's 0) is broadcast once into its own buffer, as the Program does.
    const bcast = new Map<(typeof slots)[number], Float64Array>();
    const valueOf = (s: (typeof slots)[number], start: number, len: number): Float64Array => {
      if (s.m > 0) return s.val;
      if (s.fixed!.length !== 1) return s.fixed!.subarray(start, start + len);
      let b = bcast.get(s);
      if (!b) bcast.set(s, (b = new Float64Array(C).fill(s.fixed![0])));
      return b;
    };
    const etas = t.args.map((a) => of.get(a)!);
    const views: Float64Array[] = new Array(etas.length);
    for (let start = 0; start < n; start += C) {
      const len = Math.min(C, n - start);
      for (const s of slots) evalSlot(s, theta, start, len, 0, valueOf, sc);
      etas.forEach((s, k) => {
        views[k] = valueOf(s, start, len);
      });
      for (let i = 0; i < len; i++) {
        const yi = y[start + i];
        const own = views[yi][i];
        let odds = 0;
        for (let k = 0; k < views.length; k++) if (k !== yi) odds += Math.exp(views[k][i] - own);
        if (odds < EXTREME) count++;
      }
    }
  }
  return count;
}
