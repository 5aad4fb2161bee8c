// Profile-likelihood curves (fit ci = profile): deviance 2(ℓ̂ − ℓ_p) against each parameter, the χ² cutoff and the ends.
import { h, s } from './dom.ts';
import { formatNumber } from './format.ts';
import type { FitJson, JsonProfileCurve } from '../../server/src/protocol.ts';

const W = 240;
const H = 180;
const PAD = { left: 36, right: 10, top: 10, bottom: 32 };

/** Where things go, in SVG coordinates: pure, so it is tested without a DOM. */
export interface ProfileGeometry {
  readonly path: string;
  /** The χ² cutoff as a horizontal line. */
  readonly cutoffY: number;
  /** The interval ends (vertical marks from the axis to the cutoff), where given. */
  readonly ends: readonly { readonly x: number; readonly value: number }[];
  readonly estimateX: number;
  readonly xRange: readonly [number, number];
  readonly yTop: number;
}

export function profileGeometry(
  c: JsonProfileCurve,
  interval: readonly [number | null, number | null] | undefined,
  estimate: number | null,
): ProfileGeometry | undefined {
  const pts = c.points.filter(([x, d]) => Number.isFinite(x) && Number.isFinite(d));
  if (pts.length < 2) return undefined;
  let x0 = Math.min(...pts.map((p) => p[0]));
  let x1 = Math.max(...pts.map((p) => p[0]));
  if (!(x1 > x0)) [x0, x1] = [x0 - 1, x1 + 1];
  // The y range shows the cutoff with some room above, and no more than twice it (far points would flatten the dip).
  const yTop = Math.max(c.cutoff * 1.25, Math.min(Math.max(...pts.map((p) => p[1])), c.cutoff * 2));
  const x = (v: number): number => PAD.left + ((v - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const y = (v: number): number => H - PAD.bottom - (Math.min(v, yTop) / yTop) * (H - PAD.top - PAD.bottom);
  const path = pts.map(([a, b], i) => `${i ? 'L' : 'M'}${x(a).toFixed(1)} ${y(b).toFixed(1)}`).join('');
  const iv: readonly (number | null)[] = interval ?? [];
  const ends = iv
    .filter((v): v is number => v !== null && Number.isFinite(v) && v >= x0 && v <= x1)
    .map((v) => ({ x: x(v), value: v }));
  return {
    path,
    cutoffY: y(c.cutoff),
    ends,
    estimateX: estimate !== null && Number.isFinite(estimate) ? x(estimate) : NaN,
    xRange: [x0, x1],
    yTop,
  };
}

/** One small plot per profiled parameter; a curve too short to draw is left out. */
export function profilePlots(fit: FitJson): HTMLElement[] {
  return (fit.profiles ?? []).flatMap((c) => {
    const p = fit.parameters.find((q) => q.name === c.name);
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
    svg.append(s('line', { class: 'axis', x1: PAD.left, x2: W - PAD.right, y1: H - PAD.bottom, y2: H - PAD.bottom }));
    svg.append(s('line', { class: 'axis', x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: H - PAD.bottom }));
    for (const v of g.xRange)
      svg.append(
        s(
          'text',
          {
            class: 'tick',
            x: PAD.left + (v === g.xRange[0] ? 0 : W - PAD.left - PAD.right),
            y: H - 18,
            'text-anchor': v === g.xRange[0] ? 'start' : 'end',
          },
          formatNumber(v, 3),
        ),
      );
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
        h('figcaption', {}, `${c.name} — profile deviance; dashed: χ² cutoff (${level}), marks: interval ends`),
      ),
    ];
  });
}
