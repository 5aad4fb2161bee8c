// The code of a least-squares mean and its partials, shared by the residual kernel and the RSS kernel.

import type { Slot } from '../eval/slots.ts';
import { Emitter, Unsupported, type Emitted } from './emit.ts';

export interface MeanCode {
  readonly e: Emitter;
  /** Parameter indices the slots read (each becomes a local `th<j>`). */
  readonly params: ReadonlySet<number>;
  /** The statements computing every slot's value, in order. */
  readonly values: readonly string[];
  /** The statements computing the partials up to `order`. */
  readonly derivs: readonly string[];
  /** The mean's emitted value and partials (d: first, h: second, by the mean slot's pair index). */
  readonly mean: Emitted;
}

/**
 * Emits, for the parameter-dependent slots of [mean, y] in topological order, the value statements and the partials
 * to `order`; throws Unsupported (the caller interprets) for a residual without parameters or a parameter in y.
 */
export function meanCode(slots: readonly Slot[], mean: Slot, y: Slot, order: 1 | 2): MeanCode {
  if (y.m > 0 || mean.m === 0) throw new Unsupported('a residual without parameters');
  const e = new Emitter(slots);
  const params = new Set<number>();
  const values: string[] = [];
  for (const s of slots) {
    if (s.node.op === 'param') params.add(s.node.index);
    values.push(e.valueCode(s, (j) => `th${j}`));
  }
  const sym = new Map<Slot, Emitted>();
  const derivs: string[] = [];
  for (const s of slots) {
    const kids = s.kids.map((k) => sym.get(k) ?? { v: e.value(k), d: [], h: [] });
    const r = e.derivCode(s, kids, order);
    derivs.push(...r.code);
    sym.set(s, r.sym);
  }
  return { e, params, values, derivs, mean: sym.get(mean)! };
}
