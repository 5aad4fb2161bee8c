// Data for the "does the fitted distribution match the data" plot: a histogram of y and the fitted density on it.

import type { EngineModel, Term } from '../engine/model.ts';
import { paramDeps } from '../engine/model.ts';
import { family, resolveDist } from '../engine/distributions/index.ts';
import { makeOut } from '../engine/distributions/types.ts';
import { scalarEval } from '../engine/eval/scalar-eval.ts';
import { CENSOR_EXTRA } from '../engine/distributions/censored.ts';

export interface DensityPlot {
  /** Statement index of the likelihood term. */
  readonly source: number;
  readonly discrete: boolean;
  /** Bin edges (length bins + 1); for discrete data the integer values' half-way points. */
  readonly edges: number[];
  readonly counts: number[];
  /** The fitted distribution as expected counts per bin width, at `x` (a smooth curve, or the integers). */
  readonly x: number[];
  readonly expected: number[];
}

/** Whether the family's support is discrete (a probability mass per integer, not a density). */
// A Categorical outcome is its level codes 0…K−1: observed vs expected counts per level.
const isDiscrete = (name: string): boolean => name === 'Categorical' || (family(name)?.support.discrete ?? false);
const CURVE_POINTS = 200;

/** One plot per term whose arguments are parameters only (an i.i.d. fit), at the estimates theta. */
export function densityPlots(model: EngineModel, theta: Float64Array): DensityPlot[] {
  const out: DensityPlot[] = [];
  for (const t of model.terms) {
    if (t.y.op !== 'data' || t.args.some((a) => hasData(a))) continue;
    const plot = plotTerm(t, theta);
    if (plot) out.push(plot);
  }
  return out;
}

function hasData(n: Term['args'][number]): boolean {
  if (n.op === 'data' || n.op === 'lookup') return true;
  if (n.op === 'neg' || n.op === 'call') return hasData(n.a);
  if (n.op === 'bin') return hasData(n.a) || hasData(n.b);
  if (n.op === 'ifelse') return hasData(n.c) || hasData(n.a) || hasData(n.b);
  return false;
}

function plotTerm(t: Term, theta: Float64Array): DensityPlot | undefined {
  const y = (t.y as { values: Float64Array }).values;
  const n = y.length;
  // A truncated term's bounds may be ±∞ (its last two arguments); the family's own arguments must be finite.
  const own = t.dist.base ? t.args.slice(0, t.args.length - CENSOR_EXTRA) : t.args;
  if (n < 2 || own.some((a) => paramDeps(a).length === 0 && !Number.isFinite(scalarEval(a, theta).value)))
    return undefined;
  const args = t.args.map((a) => scalarEval(a, theta).value);
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (y[i] < lo) lo = y[i];
    if (y[i] > hi) hi = y[i];
  }
  if (!(hi > lo)) return undefined;
  // A truncated term's density is its family's renormalised on (LO, HI) (the Censored wrapper with no censored rows).
  const discrete =
    isDiscrete(t.dist.base?.name ?? t.dist.name) || (t.dist.components?.every((c) => isDiscrete(c.name)) ?? false);
  let edges: number[];
  let x: number[];
  if (discrete && hi - lo <= 60) {
    edges = Array.from({ length: hi - lo + 2 }, (_, k) => lo - 0.5 + k);
    x = Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
  } else {
    // Rice's rule: about 2·n^(1/3) bins, capped for legibility.
    const bins = Math.max(5, Math.min(60, Math.ceil(2 * Math.cbrt(n))));
    const w = (hi - lo) / bins;
    edges = Array.from({ length: bins + 1 }, (_, k) => lo + k * w);
    x = Array.from({ length: CURVE_POINTS }, (_, k) => lo + ((hi - lo) * k) / (CURVE_POINTS - 1));
  }
  const counts = new Array<number>(edges.length - 1).fill(0);
  const width = edges[1] - edges[0];
  for (let i = 0; i < n; i++) counts[Math.min(counts.length - 1, Math.floor((y[i] - edges[0]) / width))]++;
  const impl = resolveDist(t.dist, x.length);
  if (!impl) return undefined;
  const out = makeOut(args.length + 1, x.length);
  impl.logpdf(x.length, [Float64Array.from(x), ...args.map((v) => new Float64Array(x.length).fill(v))], 0, out);
  // Expected counts: n·f(x)·bin width for a density, n·P(x) for a probability mass.
  const expected = Array.from(out.lp.subarray(0, x.length), (lp) =>
    Number.isFinite(lp) ? n * Math.exp(lp) * (discrete ? 1 : width) : 0,
  );
  return { source: t.source, discrete, edges, counts, x, expected };
}
