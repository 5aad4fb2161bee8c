// Randomized quantile residuals of a regression term: against the fitted mean, and a Normal Q–Q plot (one SVG each).
import { h, s } from './dom.ts';
import { formatNumber } from './format.ts';
import type { FitJson } from '../../server/src/protocol.ts';

type Plot = NonNullable<FitJson['residuals']>[number];

const W = 320;
const H = 240;
const PAD = { left: 44, right: 10, top: 10, bottom: 32 };

function range(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) return [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

/** A scatter of (xs, ys) with axes, end ticks, axis labels and an optional reference line (y = 0 or y = x). */
function scatter(
  cls: string,
  title: string,
  xs: readonly number[],
  ys: readonly number[],
  xLabel: string,
  yLabel: string,
  reference: 'zero' | 'diagonal',
): SVGSVGElement {
  const [x0, x1] = range(xs);
  const [y0, y1] = reference === 'diagonal' ? range([...ys, ...xs]) : range([...ys, 0]);
  const x = (v: number): number => PAD.left + ((v - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const y = (v: number): number => H - PAD.bottom - ((v - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const svg = s('svg', { class: cls, width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img' });
  svg.append(s('title', {}, title));
  if (reference === 'zero') svg.append(s('line', { class: 'reference', x1: x(x0), x2: x(x1), y1: y(0), y2: y(0) }));
  else {
    const a = Math.max(x0, y0);
    const b = Math.min(x1, y1);
    svg.append(s('line', { class: 'reference', x1: x(a), y1: y(a), x2: x(b), y2: y(b) }));
  }
  // One path of tiny squares instead of thousands of circles keeps the DOM (and the exported SVG) small.
  let d = '';
  for (let i = 0; i < xs.length; i++) d += `M${x(xs[i]).toFixed(1)} ${y(ys[i]).toFixed(1)}h1.6v1.6h-1.6z`;
  svg.append(s('path', { class: 'points', d }));
  svg.append(s('line', { class: 'axis', x1: PAD.left, x2: W - PAD.right, y1: H - PAD.bottom, y2: H - PAD.bottom }));
  svg.append(s('line', { class: 'axis', x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: H - PAD.bottom }));
  for (const v of [x0, x1])
    svg.append(s('text', { class: 'tick', x: x(v), y: H - 18, 'text-anchor': 'middle' }, formatNumber(v, 3)));
  for (const v of [y0, y1])
    svg.append(s('text', { class: 'tick', x: PAD.left - 4, y: y(v) + 3, 'text-anchor': 'end' }, formatNumber(v, 3)));
  svg.append(
    s('text', { class: 'label', x: (PAD.left + W - PAD.right) / 2, y: H - 3, 'text-anchor': 'middle' }, xLabel),
  );
  svg.append(s('text', { class: 'label', x: PAD.left + 4, y: PAD.top + 8, 'text-anchor': 'start' }, yLabel));
  return svg;
}

/** Residuals against fitted (no pattern, constant spread) and their Q–Q plot (points on the line) for one term. */
export function residualPlots(p: Plot): HTMLElement[] {
  const shown = p.residual.length < p.rows ? ` (${p.residual.length} of ${p.rows} rows)` : '';
  const kind = p.discrete ? 'randomized quantile residuals' : 'quantile residuals';
  return [
    h(
      'figure',
      { class: 'residual-plot', 'data-term': p.term, 'data-plot': 'residuals-fitted' },
      scatter(
        'residuals',
        `${p.term}: ${kind} against fitted${shown}`,
        p.fitted,
        p.residual,
        'fitted',
        'residual',
        'zero',
      ),
      h('figcaption', {}, `${p.term} — ${kind} against fitted${shown}`),
    ),
    h(
      'figure',
      { class: 'residual-plot', 'data-term': p.term, 'data-plot': 'qq' },
      scatter(
        'qq',
        `${p.term}: Normal Q–Q plot of the ${kind}${shown}`,
        p.theoretical,
        p.sample,
        'Normal quantile',
        'residual',
        'diagonal',
      ),
      h('figcaption', {}, `${p.term} — Normal Q–Q of the ${kind}: points on the line mean the distribution fits`),
    ),
  ];
}
