// Profile-likelihood curves (fit ci = profile): deviance 2(ℓ̂ − ℓ_p) against each parameter, the χ² cutoff and the ends.
import { h, s } from './dom.ts';
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { axisBottom, niceLinear, type Linear } from './chart-axis.ts';
import { formatNumber } from './format.ts';
import type { FitJson, JsonProfileCurve } from '../../server/src/protocol.ts';

const W = 240;
const H = 180;
const PAD = { left: 36, right: 10, top: 10, bottom: 32 };

/** Where things go, in SVG coordinates: pure, so it is tested without a DOM. */
export interface ProfileGeometry {
  /** The curve between the evaluated points, interpolated linearly in the signed root deviance. */
  readonly path: string;
  /** The points the search evaluated, in SVG coordinates (drawn as dots). */
  readonly dots: readonly (readonly [number, number])[];
  /** The χ² cutoff as a horizontal line. */
  readonly cutoffY: number;
  /** The interval ends (vertical marks from the axis to the cutoff), where given. */
  readonly ends: readonly { readonly x: number; readonly value: number }[];
  readonly estimateX: number;
  readonly xRange: readonly [number, number];
  /** The x scale (d3-scale, nice ends), for the axis ticks. */
  readonly x: Linear;
  readonly yTop: number;
}

export function profileGeometry(
  c: JsonProfileCurve,
  interval: readonly [number | null, number | null] | undefined,
  estimate: number | null,
): ProfileGeometry | undefined {
  const all = c.points.filter(([x, d]) => Number.isFinite(x) && Number.isFinite(d));
  if (all.length < 2) return undefined;
  // The y range shows the cutoff with some room above, and no more than twice it (far points would flatten the dip).
  const yTop = Math.max(c.cutoff * 1.25, Math.min(Math.max(...all.map((p) => p[1])), c.cutoff * 2));
  // The search's bracketing steps double outwards, so its last points can lie far beyond the interval: the x range
  // covers the points up to yTop only.
  const inside = all.filter(([, d]) => d <= yTop);
  const pts = inside.length >= 2 ? inside : all;
  const x0 = Math.min(...pts.map((p) => p[0]));
  const x1 = Math.max(...pts.map((p) => p[0]));
  // d3-scale: the x axis rounded out to tick values; deviance above yTop is drawn at the top (clamped).
  const x = niceLinear([x0, x1], [PAD.left, W - PAD.right], 4);
  const y = scaleLinear()
    .domain([0, yTop])
    .range([H - PAD.bottom, PAD.top])
    .clamp(true);
  const path =
    line<readonly [number, number]>()
      .x((p) => x(p[0]))
      .y((p) => y(p[1]))
      .digits(1)(dense(pts, estimate)) ?? '';
  const dots = pts.map(([a, b]): [number, number] => [x(a), y(b)]);
  const iv: readonly (number | null)[] = interval ?? [];
  const [d0, d1] = x.domain();
  const ends = iv
    .filter((v): v is number => v !== null && Number.isFinite(v) && v >= d0 && v <= d1)
    .map((v) => ({ x: x(v), value: v }));
  return {
    path,
    dots,
    cutoffY: y(c.cutoff),
    ends,
    estimateX: estimate !== null && Number.isFinite(estimate) ? x(estimate) : NaN,
    xRange: [d0, d1],
    x,
    yTop,
  };
}

/**
 * The search evaluates few points (one per side for a quadratic profile), so straight segments would draw a V. The
 * signed root r = ±√deviance is nearly linear in the parameter (which is why the root search uses it; exactly linear
 * when the profile is quadratic), so the curve interpolates r linearly between points and squares it: 16 steps each.
 */
function dense(pts: readonly (readonly [number, number])[], estimate: number | null): [number, number][] {
  const at = estimate ?? pts.reduce((m, p) => (p[1] < m[1] ? p : m))[0];
  const r = pts.map(([x, d]) => (x < at ? -1 : 1) * Math.sqrt(Math.max(0, d)));
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < pts.length; i++)
    for (let k = 0; k < 16; k++) {
      const t = k / 16;
      const ri = r[i] + t * (r[i + 1] - r[i]);
      out.push([pts[i][0] + t * (pts[i + 1][0] - pts[i][0]), ri * ri]);
    }
  out.push([pts[pts.length - 1][0], pts[pts.length - 1][1]]);
  return out;
}

/** One small plot per profiled parameter; a curve too short to draw is left out. */
export function profilePlots(fit: FitJson): HTMLElement[] {
  return (fit.profiles ?? []).flatMap((c) => {
    const p = (c.derived ? fit.derived : fit.parameters).find((q) => q.name === c.name);
    const g = profileGeometry(c, p?.ci.profile, p?.estimate ?? null);
    if (!g) return [];
    const level = `${Number((fit.level * 100).toFixed(2))}%`;
    const title = `${c.name}: profile deviance 2(ℓ̂ − ℓ_p); the ${level} interval is where it stays under ${formatNumber(c.cutoff, 4)}`;
    const svg = s('svg', { class: 'profile', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img' });
    svg.append(s('title', {}, title));
    svg.append(s('line', { class: 'reference', x1: PAD.left, x2: W - PAD.right, y1: g.cutoffY, y2: g.cutoffY }));
    for (const e of g.ends) {
      const mark = s('line', { class: 'end', x1: e.x, x2: e.x, y1: g.cutoffY, y2: H - PAD.bottom });
      mark.append(s('title', {}, `interval end ${formatNumber(e.value)}`));
      svg.append(mark);
    }
    if (Number.isFinite(g.estimateX))
      svg.append(s('circle', { class: 'estimate', cx: g.estimateX, cy: H - PAD.bottom, r: 2.5 }));
    svg.append(s('path', { class: 'curve', d: g.path }));
    let dots = '';
    for (const [px, py] of g.dots) dots += `M${(px - 1.5).toFixed(1)} ${(py - 1.5).toFixed(1)}h3v3h-3z`;
    svg.append(s('path', { class: 'evaluated', d: dots }));
    axisBottom(svg, g.x, H - PAD.bottom, 4);
    svg.append(s('line', { class: 'axis', x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: H - PAD.bottom }));
    svg.append(
      s('text', { class: 'tick', x: PAD.left - 4, y: g.cutoffY + 3, 'text-anchor': 'end' }, formatNumber(c.cutoff, 3)),
    );
    svg.append(
      s('text', { class: 'label', x: (PAD.left + W - PAD.right) / 2, y: H - 3, 'text-anchor': 'middle' }, c.name),
    );
    svg.append(s('text', { class: 'label', x: PAD.left + 4, y: PAD.top + 8, 'text-anchor': 'start' }, 'deviance'));
    return [
      h(
        'figure',
        { class: 'profile-plot', 'data-term': c.name, 'data-plot': 'profile' },
        svg,
        h(
          'figcaption',
          {},
          `${c.name} — profile deviance; dashed: χ² cutoff (${level}), marks: interval ends, dots: points evaluated`,
        ),
      ),
    ];
  });
}
