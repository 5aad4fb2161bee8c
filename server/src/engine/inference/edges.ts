// Edges of the parameter space: estimates that ran to a constraint bound or off to infinity on the free scale.

import type { EngineModel } from '../model.ts';
import type { Objective } from '../optimize/types.ts';

/** A parameter whose maximum lies on an edge: a finite bound (`value`) or ±Infinity. */
export interface Edge {
  readonly j: number;
  /** Which end of the parameter's range: a declared bound, or infinity on the unbounded side. */
  readonly side: 'lower' | 'upper';
  /** The bound itself, or ±Infinity when the estimate runs off to infinity. */
  readonly value: number;
  /** The free-scale direction that moves towards the edge. */
  readonly dir: 1 | -1;
  /** How much the log-likelihood still gains over the test step towards the edge (≤ FLAT: the edge is the optimum). */
  readonly gain: number;
}

/** |u| beyond which a bounded coordinate can be at an edge: e^8 ≈ 3000 times (or 1/3000 of) its unit distance. */
const DEEP = 8;
/** The free-scale step of the flatness test: a factor e^10 ≈ 22000 towards the edge. */
const STEP = 10;
/** A log-likelihood change below this (far below the χ²₁ cut of 1.92) counts as flat. */
export const FLAT = 1e-3;

/**
 * Coordinates where the supremum of the likelihood lies on the edge: deep on the free scale and the objective does
 * not get worse (by more than FLAT) when the coordinate moves a further factor e^10 towards the edge, the others held.
 * An interior maximum always falls away over such a step; an edge is approached, never reached, by the transforms.
 * A gain above FLAT means the optimizer stopped short of the edge (the verdict then fails).
 */
export function findEdges(model: EngineModel, objective: Objective, u: Float64Array, fHat: number): Edge[] {
  const P = u.length;
  const g = new Float64Array(P);
  const H = new Float64Array(0);
  const out: Edge[] = [];
  const trial = new Float64Array(P);
  model.params.forEach((p, j) => {
    if (p.lower === undefined && p.upper === undefined) return;
    if (!(Math.abs(u[j]) > DEEP) || !Number.isFinite(fHat)) return;
    const dir: 1 | -1 = u[j] > 0 ? 1 : -1;
    // Near an upper bound the far point can round onto the bound itself (logistic(45) = 1), where the objective may
    // not be finite: shorter steps then.
    let f = NaN;
    for (let step = STEP; step >= 1 && !Number.isFinite(f); step /= 2) {
      trial.set(u);
      trial[j] += dir * step;
      f = objective(trial, 0, g, H);
    }
    if (!Number.isFinite(f) || f > fHat + FLAT) return;
    out.push({ ...edgeOf(p, j, dir), gain: fHat - f });
  });
  return out;
}

/** Which edge the free-scale direction `dir` leads to, from the transform of eval/transforms.ts. */
function edgeOf(p: EngineModel['params'][number], j: number, dir: 1 | -1): Omit<Edge, 'gain'> {
  const { lower: lo, upper: hi } = p;
  if (lo !== undefined && hi !== undefined)
    return dir < 0 ? { j, side: 'lower', value: lo, dir } : { j, side: 'upper', value: hi, dir };
  // lower only: θ = lo + e^u; upper only: θ = hi − e^u.
  if (lo !== undefined)
    return dir < 0 ? { j, side: 'lower', value: lo, dir } : { j, side: 'upper', value: Infinity, dir };
  return dir < 0 ? { j, side: 'upper', value: hi!, dir } : { j, side: 'lower', value: -Infinity, dir };
}
