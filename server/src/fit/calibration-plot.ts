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

// One loop per function below: V8 optimises a loop on the stack (OSR) with the feedback seen so far, so code after a
// first hot loop in the same function is compiled blind and deoptimises when reached, on every fit (measured on 20,000
// rows: the single-function version bailed out in three of five refits).

function plotTerm(
  model: EngineModel,
  t: Term,
  theta: Float64Array,
  meanOf: (args: readonly number[]) => number | undefined,
): CalibrationPlot | undefined {
  const n = model.n;
  if (n < BINS * 2) return undefined;
  const fitted = fittedMeans(termArguments(model, t, theta), n, meanOf);
  const y = (t.y as { values: Float64Array }).values;
  // Bins of equal counts in the order of the fitted mean (ties by row, as a stable sort): the typed array's own sort of
  // the values (no comparator call per pair), then each row's rank = values below it + earlier rows tied with it.
  const sorted = Float64Array.from(fitted).sort();
  const from = Array.from({ length: BINS + 1 }, (_, b) => Math.floor((b * n) / BINS));
  const fSum = binSums(sorted, from);
  const oSum = observedSums(fitted, sorted, from, y);
  const res: CalibrationPlot = { source: t.source, fitted: [], observed: [], rows: [] };
  for (let b = 0; b < BINS; b++) {
    const m = from[b + 1] - from[b];
    if (m === 0 || !Number.isFinite(fSum[b])) continue;
    res.fitted.push(fSum[b] / m);
    res.observed.push(oSum[b] / m);
    res.rows.push(m);
  }
  return res.fitted.length ? res : undefined;
}

/** The family's mean at each row's arguments (NaN where it has none). */
function fittedMeans(
  args: readonly Float64Array[],
  n: number,
  meanOf: (args: readonly number[]) => number | undefined,
): Float64Array {
  const fitted = new Float64Array(n);
  const row = new Array<number>(args.length);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < args.length; a++) row[a] = args[a][i];
    fitted[i] = meanOf(row) ?? NaN;
  }
  return fitted;
}

/** Sum of the sorted values in each bin [from[b], from[b + 1]). */
function binSums(sorted: Float64Array, from: readonly number[]): Float64Array {
  const fSum = new Float64Array(BINS);
  for (let b = 0; b < BINS; b++) for (let k = from[b]; k < from[b + 1]; k++) fSum[b] += sorted[k];
  return fSum;
}

/**
 * Sum of y over the rows of each bin. A row's bin: how many bins start at a value below its own (a search over the 19
 * starts, not the n rows); only a value equal to the next bin's first one needs its exact rank (values below it +
 * earlier rows tied with it).
 */
function observedSums(
  fitted: Float64Array,
  sorted: Float64Array,
  from: readonly number[],
  y: Float64Array,
): Float64Array {
  const n = fitted.length;
  const oSum = new Float64Array(BINS);
  const starts = Float64Array.from({ length: BINS - 1 }, (_, b) => sorted[from[b + 1]]);
  const tiesSeen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = fitted[i];
    let b: number;
    if (Number.isNaN(v)) b = BINS - 1;
    else {
      let lo = 0;
      let hi = BINS - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (starts[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      b = lo;
      if (lo < BINS - 1 && starts[lo] === v) b = tiedBin(v, sorted, from, tiesSeen, b);
    }
    oSum[b] += y[i];
  }
  return oSum;
}

/** The bin of a value equal to a bin's first value: by its rank (values below it + earlier rows tied with it). */
function tiedBin(
  v: number,
  sorted: Float64Array,
  from: readonly number[],
  tiesSeen: Map<number, number>,
  b0: number,
): number {
  let first = 0;
  let top = sorted.length;
  while (first < top) {
    const mid = (first + top) >>> 1;
    if (sorted[mid] < v) first = mid + 1;
    else top = mid;
  }
  const seen = tiesSeen.get(v) ?? 0;
  tiesSeen.set(v, seen + 1);
  const rank = first + seen;
  let b = b0;
  while (b < BINS - 1 && rank >= from[b + 1]) b++;
  return b;
}
