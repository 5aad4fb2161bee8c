// The starting points of the grid: the engine's own, adversarial inits (far off, wrong sign, beyond the data), restarts.

import type { Columns, ParamSpec, SimCase } from './sim-case.ts';

export interface Start {
  readonly label: string;
  /** `init` per parameter (in `params` order); absent: the engine chooses its own starts. */
  readonly init?: readonly number[];
  readonly restarts?: number;
}

/** A probability moved on the odds scale (so it stays inside (0, 1)): odds × factor. */
const oddsTimes = (p: number, factor: number): number => (p * factor) / (p * factor + 1 - p);

const scaled = (p: ParamSpec, factor: number): number =>
  p.domain === 'probability' ? oddsTimes(p.truth, factor) : p.truth === 0 ? factor : p.truth * factor;

/** Wrong sign where the domain allows it (−10 × truth), the complement of a probability, a scale 10× too large. */
const wrongSign = (p: ParamSpec): number =>
  p.domain === 'real' ? (p.truth === 0 ? -10 : -10 * p.truth) : p.domain === 'probability' ? 1 - p.truth : 10 * p.truth;

/** Real parameters beyond every observation: the j-th real one at max(y) + (j + 1)·range(y); the others at the truth. */
function beyondData(params: readonly ParamSpec[], y: Float64Array): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of y) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const range = hi > lo ? hi - lo : 1;
  let j = 0;
  return params.map((p) => (p.domain === 'real' ? hi + ++j * range : p.truth));
}

export function startsFor(c: SimCase, cols: Columns): Start[] {
  const starts: Start[] = [
    { label: 'default' },
    { label: 'x100', init: c.params.map((p) => scaled(p, 100)) },
    { label: 'div100', init: c.params.map((p) => scaled(p, 0.01)) },
    { label: 'wrong-sign', init: c.params.map(wrongSign) },
  ];
  if (c.params.some((p) => p.domain === 'real'))
    starts.push({ label: 'beyond-data', init: beyondData(c.params, cols.y) });
  starts.push({ label: 'x100+restarts', init: c.params.map((p) => scaled(p, 100)), restarts: 3 });
  return starts;
}
