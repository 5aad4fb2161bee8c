// Randomized quantile residuals (Dunn & Smyth 1996) of a regression term: r = Φ⁻¹(F(y | fitted args)), against fitted.

import type { EngineModel, Node, Term } from '../engine/model.ts';
import { termArguments } from '../engine/eval/term-arguments.ts';
import { sampleRows, subsampleModel } from '../engine/eval/jacobian.ts';
import { family } from '../engine/distributions/index.ts';
import { makeOut, type Family } from '../engine/distributions/types.ts';
import { rng } from '../engine/distributions/random.ts';
import { probit } from '../engine/eval/special.ts';

export interface ResidualPlot {
  readonly source: number;
  readonly discrete: boolean;
  /** Per plotted row (≤ MAX_POINTS, evenly spaced over the data): the fitted mean and the quantile residual. */
  readonly fitted: number[];
  readonly residual: number[];
  /** The residuals sorted, against the standard Normal quantiles Φ⁻¹((i − 0.5)/m) (the Q–Q plot). */
  readonly theoretical: number[];
  readonly sample: number[];
  /** Rows of the data the plot is drawn from (the points are an evenly spaced subsample when fewer). */
  readonly rows: number;
}

/** The plot is for reading patterns; 2,000 points show them and keep the JSON small. */
export const MAX_POINTS = 2000;
/** The seed of the uniform draws that spread a discrete y over its probability step, so a refit draws the same. */
export const RESIDUAL_SEED = 20240601;

const hasData = (n: Node): boolean =>
  n.op === 'data' ||
  n.op === 'lookup' ||
  ((n.op === 'neg' || n.op === 'call') && hasData(n.a)) ||
  (n.op === 'bin' && (hasData(n.a) || hasData(n.b))) ||
  (n.op === 'ifelse' && (hasData(n.c) || hasData(n.a) || hasData(n.b)));

/** One plot per regression term (arguments vary by row) of a family with a CDF, or a binary one (F from the mean). */
export function residualPlots(full: EngineModel, theta: Float64Array): ResidualPlot[] {
  const model = subsampleModel(full, sampleRows(full.n, MAX_POINTS));
  const out: ResidualPlot[] = [];
  for (const t of model.terms) {
    const f = family(t.dist.name);
    if (t.y.op !== 'data' || !t.args.some(hasData) || !f || t.dist.base || t.dist.components) continue;
    if (!(f.logCdf && f.logSurvival) && f.support.kind !== 'binary') continue;
    const plot = plotTerm(model, t, f, theta, full.n);
    if (plot) out.push(plot);
  }
  return out;
}

/**
 * Quantile residuals of y given per-row arguments. Continuous: r = Φ⁻¹(F(y)), taken from the upper tail when F(y) > ½
 * so that r stays accurate far out (r = −Φ⁻¹(S(y))). Discrete: u uniform on [F(y − 1), F(y)] (seeded), r = Φ⁻¹(u).
 */
export function quantileResiduals(
  f: Family,
  y: Float64Array,
  args: readonly Float64Array[],
  seed: number,
): Float64Array {
  const n = y.length;
  const r = new Float64Array(n);
  const discrete = f.support.discrete;
  if (!(f.logCdf && f.logSurvival)) {
    // A binary family without a CDF descriptor: F(0) = 1 − p, F(1) = 1 with p its mean.
    const rand = rng(seed);
    const row = new Array<number>(args.length);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < args.length; a++) row[a] = args[a][i];
      const p = f.mean(row) ?? NaN;
      const u = y[i] === 0 ? rand() * (1 - p) : 1 - p + rand() * p;
      r[i] = probit(u);
    }
    return r;
  }
  const K = args.length + 1;
  const cdf = makeOut(K, n);
  const sur = makeOut(K, n);
  f.logCdf(n, [y, ...args], 0, cdf);
  f.logSurvival(n, [y, ...args], 0, sur);
  if (!discrete) {
    for (let i = 0; i < n; i++)
      r[i] = cdf.lp[i] <= -Math.LN2 ? probit(Math.exp(cdf.lp[i])) : -probit(Math.exp(sur.lp[i]));
    return r;
  }
  // F(y − 1): below the support it is 0 (the families need not be asked outside it).
  const below = Float64Array.from(y, (v) => v - 1);
  const prev = makeOut(K, n);
  f.logCdf(n, [below, ...args], 0, prev);
  const rand = rng(seed);
  for (let i = 0; i < n; i++) {
    const a = below[i] < 0 || !Number.isFinite(prev.lp[i]) ? 0 : Math.exp(prev.lp[i]);
    const v = rand();
    // In the upper half work with survival probabilities, 1 − u = S(y) + (1 − v)(S(y − 1) − S(y)), for accuracy.
    if (cdf.lp[i] <= -Math.LN2) r[i] = probit(a + v * (Math.exp(cdf.lp[i]) - a));
    else {
      const sHi = 1 - a;
      const sLo = Math.exp(sur.lp[i]);
      r[i] = -probit(sLo + (1 - v) * (sHi - sLo));
    }
  }
  return r;
}

function plotTerm(model: EngineModel, t: Term, f: Family, theta: Float64Array, rows: number): ResidualPlot | undefined {
  const n = model.n;
  if (n < 3) return undefined;
  const args = termArguments(model, t, theta);
  const y = (t.y as { values: Float64Array }).values;
  const { fitted, residual } = plottedPairs(f, args, quantileResiduals(f, y, args, RESIDUAL_SEED), n);
  const m = residual.length;
  if (m < 3) return undefined;
  // The typed array's own numeric sort (no comparator call per pair; the residuals are finite here).
  const sample = Array.from(Float64Array.from(residual).sort());
  const theoretical = sample.map((_, i) => probit((i + 0.5) / m));
  return { source: t.source, discrete: f.support.discrete, fitted, residual, theoretical, sample, rows };
}

/**
 * The rows with a finite fitted value and residual. Its own function, as calibration-plot.ts's loops: code after a hot
 * loop in the same function is optimised without feedback and deoptimises when first reached.
 */
function plottedPairs(
  f: Family,
  args: readonly Float64Array[],
  r: Float64Array,
  n: number,
): { fitted: number[]; residual: number[] } {
  const row = new Array<number>(args.length);
  const fitted: number[] = [];
  const residual: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < args.length; a++) row[a] = args[a][i];
    // Where the mean does not exist (Cauchy), the location argument stands for the fitted value.
    const m = f.mean(row) ?? row[0];
    if (m === undefined || !Number.isFinite(m) || !Number.isFinite(r[i])) continue;
    fitted.push(m);
    residual.push(r[i]);
  }
  return { fitted, residual };
}
