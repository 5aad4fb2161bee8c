// Fit-to-data plot of a censored (or truncated regression) term: a Kaplan–Meier estimate against the fitted survival.

import type { EngineModel, Term } from '../engine/model.ts';
import { termArguments } from '../engine/eval/term-arguments.ts';
import { sampleRows, subsampleModel } from '../engine/eval/jacobian.ts';
import { family } from '../engine/distributions/index.ts';
import { makeOut, type Family } from '../engine/distributions/types.ts';
import { productLimit } from './product-limit.ts';
import { termShape } from './term-shape.ts';

export interface SurvivalPlot {
  readonly source: number;
  /**
   * `outcome` (an i.i.d. term): the KM estimate of y against the fitted S(y). `cox-snell` (a regression): the KM
   * estimate of the Cox–Snell residuals r_i = −log S(y_i | fitted arguments_i), censored where y_i is, against e^(−r),
   * the survival of the unit exponential they follow when the model is right (Cox & Snell 1968; Klein & Moeschberger
   * §11.2).
   */
  readonly kind: 'outcome' | 'cox-snell';
  /** The KM step function: distinct times, Ŝ just after each, and the rows censored there (tick marks). */
  readonly time: number[];
  readonly km: number[];
  readonly censored: number[];
  /** The fitted (or reference) survival curve at `x`. */
  readonly x: number[];
  readonly fitted: number[];
  /** Rows the estimate is drawn from (an evenly spaced subsample of at most MAX_ROWS), and the events among them. */
  readonly rows: number;
  readonly events: number;
}

/** KM over thousands of rows is already smooth; the cap keeps the JSON small on large data. */
export const MAX_ROWS = 5000;
const CURVE_POINTS = 200;

/**
 * One plot per right-censored term that is not left-censored (KM handles right censoring only), and per truncated
 * continuous regression (all rows events: the Cox–Snell residuals of the truncated law). With truncation the fitted
 * survival is conditional on (LO, HI): S_T(y) = (S(y) − S(HI)) / (S(LO) − S(HI)).
 */
export function survivalPlots(full: EngineModel, theta: Float64Array): SurvivalPlot[] {
  const model = subsampleModel(full, sampleRows(full.n, MAX_ROWS));
  const out: SurvivalPlot[] = [];
  for (const t of model.terms) {
    const shape = termShape(t);
    const f = family(shape.family);
    if (t.y.op !== 'data' || !f || !f.logSurvival || f.support.discrete || shape.leftCensored) continue;
    if (!shape.rightCensored && !(shape.truncated && shape.regression)) continue;
    const plot = plotTerm(model, t, f, theta, shape.regression);
    if (plot) out.push(plot);
  }
  return out;
}

/** log S_T(y) for each row (arguments per row: the family's, then right mask, left mask, LO, HI). */
function logSurvival(f: Family, y: Float64Array, args: readonly Float64Array[]): Float64Array {
  const n = y.length;
  const m = f.nargs;
  const own = args.slice(0, m);
  const [lo, hi] = [args[m + 2], args[m + 3]];
  const K = m + 1;
  const sy = makeOut(K, n);
  f.logSurvival!(n, [y, ...own], 0, sy);
  const res = Float64Array.from(sy.lp.subarray(0, n));
  const clamp = (b: Float64Array, dflt: number): Float64Array =>
    Float64Array.from(b, (v) => (Number.isFinite(v) ? v : dflt));
  const sLo = makeOut(K, n);
  const sHi = makeOut(K, n);
  f.logSurvival!(n, [clamp(lo, 0), ...own], 0, sLo);
  f.logSurvival!(n, [clamp(hi, 0), ...own], 0, sHi);
  for (let i = 0; i < n; i++) {
    if (lo[i] === -Infinity && hi[i] === Infinity) continue;
    const a = lo[i] === -Infinity ? 1 : Math.exp(sLo.lp[i]);
    const b = hi[i] === Infinity ? 0 : Math.exp(sHi.lp[i]);
    res[i] = Math.log(Math.max(0, Math.exp(res[i]) - b)) - Math.log(a - b);
  }
  return res;
}

function plotTerm(
  model: EngineModel,
  t: Term,
  f: Family,
  theta: Float64Array,
  regression: boolean,
): SurvivalPlot | undefined {
  const n = model.n;
  if (n < 2) return undefined;
  const args = termArguments(model, t, theta);
  const y = (t.y as { values: Float64Array }).values;
  const right = args[f.nargs];
  const event = Float64Array.from(right, (r) => (r ? 0 : 1));
  let events = 0;
  for (let i = 0; i < n; i++) events += event[i];
  if (regression) {
    const r = Float64Array.from(logSurvival(f, y, args), (ls) => -ls);
    const km = productLimit(r, event);
    if (!km.time.length) return undefined;
    const top = km.time[km.time.length - 1];
    const x = Array.from({ length: CURVE_POINTS }, (_, k) => (top * k) / (CURVE_POINTS - 1));
    const fitted = x.map((v) => Math.exp(-v));
    return { source: t.source, kind: 'cox-snell', ...steps(km), x, fitted, rows: n, events };
  }
  // i.i.d.: every row has the same arguments, so one curve S_T(x | θ̂) over the observed range (from 0 for y ≥ 0).
  const km = productLimit(y, event);
  if (km.time.length < 2) return undefined;
  const first = km.time[0];
  const last = km.time[km.time.length - 1];
  const lo0 = args[f.nargs + 2][0];
  const from = Number.isFinite(lo0) ? lo0 : first >= 0 ? 0 : first - 0.05 * (last - first);
  const xs = Float64Array.from({ length: CURVE_POINTS }, (_, k) => from + ((last - from) * k) / (CURVE_POINTS - 1));
  const rowArgs = args.map((a) => new Float64Array(CURVE_POINTS).fill(a[0]));
  const ls = logSurvival(f, xs, rowArgs);
  return {
    source: t.source,
    kind: 'outcome',
    ...steps(km),
    x: Array.from(xs),
    fitted: Array.from(ls, (v) => (Number.isFinite(v) ? Math.exp(v) : v === -Infinity ? 0 : 1)),
    rows: n,
    events,
  };
}

function steps(km: ReturnType<typeof productLimit>): Pick<SurvivalPlot, 'time' | 'km' | 'censored'> {
  return { time: km.time, km: km.survival, censored: km.censored };
}
