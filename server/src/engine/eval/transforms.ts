// Maps between a parameter's natural scale and the optimizer's unconstrained scale (log / logit transforms).

import type { ParamSpec } from '../model.ts';
import { logistic } from './functions.ts';

export interface Transform {
  toNatural(u: number): number;
  toFree(theta: number): number;
  /** dθ/du and d²θ/du² at u. */
  d1(u: number): number;
  d2(u: number): number;
  /** How far into the bound the estimate sits, as |u| on the free scale (∞ for unconstrained). */
  readonly bounded: boolean;
}

const identity: Transform = { toNatural: (u) => u, toFree: (t) => t, d1: () => 1, d2: () => 0, bounded: false };

export function transformFor(p: ParamSpec): Transform {
  const { lower: lo, upper: hi } = p;
  if (lo !== undefined && hi !== undefined) {
    const w = hi - lo;
    return {
      toNatural: (u) => lo + w * logistic(u),
      toFree: (t) => Math.log((t - lo) / (hi - t)),
      d1: (u) => {
        const s = logistic(u);
        return w * s * (1 - s);
      },
      d2: (u) => {
        const s = logistic(u);
        return w * s * (1 - s) * (1 - 2 * s);
      },
      bounded: true,
    };
  }
  if (lo !== undefined)
    return {
      toNatural: (u) => lo + Math.exp(u),
      toFree: (t) => Math.log(t - lo),
      d1: Math.exp,
      d2: Math.exp,
      bounded: true,
    };
  if (hi !== undefined)
    return {
      toNatural: (u) => hi - Math.exp(u),
      toFree: (t) => Math.log(hi - t),
      d1: (u) => -Math.exp(u),
      d2: (u) => -Math.exp(u),
      bounded: true,
    };
  return identity;
}

/** A natural-scale default start strictly inside the constraint. */
export function defaultStart(p: ParamSpec): number {
  const { lower: lo, upper: hi } = p;
  if (lo !== undefined && hi !== undefined) return (lo + hi) / 2;
  if (lo !== undefined) return lo + 1;
  if (hi !== undefined) return hi - 1;
  return 0;
}
