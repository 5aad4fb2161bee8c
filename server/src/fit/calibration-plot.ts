// Data for the calibration plot of a regression term: observed against fitted means, in 20 bins of the fitted mean.

import type { EngineModel, Node, Term } from '../engine/model.ts';
import { termArguments } from '../engine/eval/term-arguments.ts';
import { sampleRows, subsampleModel } from '../engine/eval/jacobian.ts';
import { family } from '../engine/distributions/index.ts';

export interface CalibrationPlot {
  readonly source: number;
  /** Per bin (equal numbers of rows, ordered by fitted mean): mean fitted, mean observed, rows. */
  readonly fitted: number[];
  readonly observed: number[];
  readonly rows: number[];
}

const BINS = 20;

const hasData = (n: Node): boolean =>
  n.op === 'data' ||
  n.op === 'lookup' ||
  ((n.op === 'neg' || n.op === 'call') && hasData(n.a)) ||
  (n.op === 'bin' && (hasData(n.a) || hasData(n.b))) ||
  (n.op === 'ifelse' && (hasData(n.c) || hasData(n.a) || hasData(n.b)));

/** One plot per likelihood term whose arguments vary by row (a regression), on the unfused terms at theta. */
export function calibrationPlots(full: EngineModel, theta: Float64Array): CalibrationPlot[] {
  // 20 bin means need tens of thousands of rows, not millions: an evenly spaced sample keeps this off the fit's time.
  const model = subsampleModel(full, sampleRows(full.n, 20_000));
  const out: CalibrationPlot[] = [];
  for (const t of model.terms) {
    // Families with a mean (Cauchy has none); the descriptor's example arguments stand for "some valid arguments".
    const f = family(t.dist.name);
    if (t.y.op !== 'data' || !t.args.some(hasData) || !f || f.mean(f.example) === undefined) continue;
    const plot = plotTerm(model, t, theta, f.mean);
    if (plot) out.push(plot);
  }
  return out;
}

function plotTerm(
  model: EngineModel,
  t: Term,
  theta: Float64Array,
  meanOf: (args: readonly number[]) => number | undefined,
): CalibrationPlot | undefined {
  const n = model.n;
  if (n < BINS * 2) return undefined;
  const args = termArguments(model, t, theta);
  const fitted = new Float64Array(n);
  const row = new Array<number>(t.args.length);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < args.length; a++) row[a] = args[a][i];
    fitted[i] = meanOf(row) ?? NaN;
  }
  const y = (t.y as { values: Float64Array }).values;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => fitted[a] - fitted[b]);
  const res: CalibrationPlot = { source: t.source, fitted: [], observed: [], rows: [] };
  for (let b = 0; b < BINS; b++) {
    const from = Math.floor((b * n) / BINS);
    const to = Math.floor(((b + 1) * n) / BINS);
    let f = 0,
      o = 0;
    for (let k = from; k < to; k++) {
      f += fitted[order[k]];
      o += y[order[k]];
    }
    const m = to - from;
    if (m === 0 || !Number.isFinite(f)) continue;
    res.fitted.push(f / m);
    res.observed.push(o / m);
    res.rows.push(m);
  }
  return res.fitted.length ? res : undefined;
}
