// Where the survival plot's marks go (client/webview/survival-plot.ts), computed without a DOM so it can be tested.
import { scaleLinear } from 'd3-scale';
import { line, curveStepAfter } from 'd3-shape';
import type { FitJson } from '../../server/src/protocol.ts';

export type SurvivalJson = NonNullable<FitJson['survival']>[number];

export const W = 420;
export const H = 240;
export const PAD = { left: 40, right: 12, top: 10, bottom: 34 };

export interface SurvivalGeometry {
  /** The Kaplan–Meier estimate as a right-continuous step function, from Ŝ = 1 at the left edge. */
  readonly kmPath: string;
  /** The fitted (or reference) survival curve. */
  readonly fittedPath: string;
  /** A short vertical tick on the step where rows were censored (the usual KM plot's "+"). */
  readonly censorMarks: readonly (readonly [number, number])[];
  readonly xTicks: readonly { readonly x: number; readonly value: number }[];
  readonly yTicks: readonly { readonly y: number; readonly value: number }[];
  /** The axes' pixel extents: x from left to right at y = bottom, y from bottom to top at x = left. */
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export function survivalGeometry(p: SurvivalJson): SurvivalGeometry | undefined {
  if (!p.time.length || !p.x.length) return undefined;
  const x0 = Math.min(p.x[0], p.time[0]);
  const x1 = Math.max(p.x[p.x.length - 1], p.time[p.time.length - 1]);
  if (!(x1 > x0)) return undefined;
  const x = scaleLinear()
    .domain([x0, x1])
    .range([PAD.left, W - PAD.right]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([H - PAD.bottom, PAD.top]);
  const px = (v: number): number => Math.round(x(v) * 10) / 10;
  const py = (v: number): number => Math.round(y(v) * 10) / 10;
  const steps: [number, number][] = [[x0, 1], ...p.time.map((t, k): [number, number] => [t, p.km[k]])];
  const path = line<[number, number]>()
    .x((d) => px(d[0]))
    .y((d) => py(d[1]));
  const kmPath = path.curve(curveStepAfter)(steps) ?? '';
  const fittedPts = p.x.map((v, k): [number, number] => [v, p.fitted[k]]).filter(([, f]) => Number.isFinite(f));
  const fittedPath =
    line<[number, number]>()
      .x((d) => px(d[0]))
      .y((d) => py(d[1]))(fittedPts) ?? '';
  const censorMarks = p.time.map((t, k): [number, number] => [px(t), py(p.km[k])]).filter((_, k) => p.censored[k] > 0);
  return {
    kmPath,
    fittedPath,
    censorMarks,
    xTicks: x.ticks(5).map((v) => ({ x: px(v), value: v })),
    yTicks: [0, 0.25, 0.5, 0.75, 1].map((v) => ({ y: py(v), value: v })),
    left: PAD.left,
    right: W - PAD.right,
    top: PAD.top,
    bottom: H - PAD.bottom,
  };
}
