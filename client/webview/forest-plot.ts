// A one-row "forest plot" in SVG: the estimate as a dot on its Wald interval, the profile interval beneath it, and zero.
import { s } from './dom.ts';
import { scaleLinear } from 'd3-scale';
import { axisBottom, niceLinear, type Linear } from './chart-axis.ts';
import { formatNumber } from './format.ts';

type Interval = readonly [number | null, number | null];

const W = 160;
const ROW_H = 18;
/** Height added under the last row of a group for its shared axis and tick labels. */
const AXIS_H = 14;
const MARGIN = 6;
/** Ticks on a group's axis: three fit 150 px of 9 px labels. */
const AXIS_TICKS = 3;

/** One axis for a group of comparable rows (a vector's elements); `ticks` on the row that shows it. */
export interface SharedAxis {
  readonly lo: number;
  readonly hi: number;
  readonly ticks: boolean;
}

/** The drawn range of some values: zero brought into view when near, a zero-width range widened. */
export function forestScale(values: readonly number[]): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  // Zero is the usual null hypothesis: bring it into view when it is near the interval, not when it would squash it.
  if (lo > 0 && lo <= hi - lo) lo = 0;
  if (hi < 0 && -hi <= hi - lo) hi = 0;
  if (hi === lo) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  return [lo, hi];
}

interface Row {
  readonly base?: string;
  readonly fixed?: boolean;
  readonly notIdentified?: boolean;
  readonly estimate: number | null;
  readonly ci: { readonly wald: Interval; readonly profile?: Interval };
}

/**
 * Shared axes per group of comparable rows: the elements of one vector parameter (the same quantity at each level,
 * in one unit) share one range, so their positions compare; the group's last drawn row carries the tick labels.
 * Scalars keep their own scale (different units). Rows without a finite value get none.
 */
export function sharedAxes(rows: readonly Row[]): (SharedAxis | undefined)[] {
  const out: (SharedAxis | undefined)[] = rows.map(() => undefined);
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (r.base === undefined || r.notIdentified) return;
    const vals = [r.estimate, ...r.ci.wald, ...(r.ci.profile ?? [])].filter(
      (v): v is number => v !== null && Number.isFinite(v),
    );
    if (vals.length) groups.set(r.base, [...(groups.get(r.base) ?? []), i]);
  });
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const vals = members.flatMap((i) =>
      [rows[i].estimate, ...rows[i].ci.wald, ...(rows[i].ci.profile ?? [])].filter(
        (v): v is number => v !== null && Number.isFinite(v),
      ),
    );
    const [lo, hi] = forestScale(vals);
    members.forEach((i, k) => (out[i] = { lo, hi, ticks: k === members.length - 1 }));
  }
  return out;
}

/**
 * The x scale of one row (d3-scale): a group's shared range rounded out to tick values (the same for every row of the
 * group, so positions compare); a lone row's own range as it is (no axis drawn, so no need for round ends).
 */
export function forestX(values: readonly number[], shared?: SharedAxis): Linear {
  if (shared) return niceLinear([shared.lo, shared.hi], [MARGIN, W - MARGIN], AXIS_TICKS);
  return scaleLinear()
    .domain(forestScale(values))
    .range([MARGIN, W - MARGIN]);
}

/**
 * Each row has its own scale unless it belongs to a group (sharedAxes) (parameters differ by orders of magnitude), so what the plot shows is shape:
 * where the estimate sits in its interval, how asymmetric the profile interval is, and whether zero is inside.
 * Returns null when there is nothing finite to draw.
 */
export function forestPlot(
  estimate: number | null,
  wald: Interval,
  profile: Interval | undefined,
  levelText: string,
  shared?: SharedAxis,
): SVGSVGElement | null {
  const values = [estimate, ...wald, ...(profile ?? [])].filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return null;
  const x = forestX(values, shared);
  const [lo, hi] = x.domain();
  const ticks = shared?.ticks ?? false;
  const H = ticks ? ROW_H + AXIS_H : ROW_H;

  const svg = s('svg', { class: 'forest', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img' });
  const label = [
    `estimate ${formatNumber(estimate)}`,
    `Wald ${levelText}% CI [${wald.map((v) => formatNumber(v)).join(', ')}]`,
  ];
  if (profile) label.push(`profile CI [${profile.map((v) => formatNumber(v)).join(', ')}]`);
  svg.append(s('title', {}, label.join('; ')));
  if (lo <= 0 && hi >= 0) svg.append(s('line', { class: 'zero', x1: x(0), x2: x(0), y1: 0, y2: ROW_H }));
  const bar = (iv: Interval, y: number, cls: string): void => {
    const [a, b] = iv;
    if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b)) return;
    svg.append(
      s('line', { class: `ci ${cls}`, x1: x(a), x2: x(b), y1: y, y2: y }),
      s('line', { class: `ci ${cls}`, x1: x(a), x2: x(a), y1: y - 3, y2: y + 3 }),
      s('line', { class: `ci ${cls}`, x1: x(b), x2: x(b), y1: y - 3, y2: y + 3 }),
    );
  };
  bar(wald, profile ? 7 : ROW_H / 2, 'wald');
  if (profile) bar(profile, 14, 'profile');
  if (estimate !== null && Number.isFinite(estimate))
    svg.append(s('circle', { class: 'estimate', cx: x(estimate), cy: profile ? 7 : ROW_H / 2, r: 3 }));
  // The group's axis under its last row: d3's ticks of the shared (nice) range, so every row reads against it.
  if (ticks) axisBottom(svg, x, ROW_H + 1, AXIS_TICKS, AXIS_H - 3);
  return svg;
}
