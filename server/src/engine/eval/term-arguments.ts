// Per-row values of a likelihood term's arguments at given parameters (for plots and residuals after a fit).

import type { EngineModel, Term } from '../model.ts';
import { compileSlots } from './slots.ts';
import { evalSlot, makeScratch, slotValues } from './kernels.ts';

/** One Float64Array of n values per argument of `t`, evaluated at theta in chunks like the engine's passes. */
export function termArguments(model: EngineModel, t: Term, theta: Float64Array): Float64Array[] {
  const n = model.n;
  const C = Math.max(1, Math.min(1024, n));
  const { slots, of } = compileSlots(t.args, n, C);
  const sc = makeScratch(C);
  const argSlots = t.args.map((a) => of.get(a)!);
  const args = t.args.map(() => new Float64Array(n));
  for (let start = 0; start < n; start += C) {
    const len = Math.min(C, n - start);
    for (const s of slots) evalSlot(s, theta, start, len, 0, slotValues, sc);
    argSlots.forEach((s, a) => args[a].set(slotValues(s, start, len).subarray(0, len), start));
  }
  return args;
}
