// Randomized quantile residuals of a regression term: against the fitted mean, and a Normal Q–Q plot (one SVG each).
import { h, s } from './dom.ts';
import { axisBottom, axisLeft, niceLinear } from './chart-axis.ts';
import type { FitJson } from '../../server/src/protocol.ts';

type Plot = NonNullable<FitJson['residuals']>[number];

const W = 320;
const H = 240;
const PAD = { left: 44, right: 10, top: 10, bottom: 32 };

/** The finite extent of some values (no spread of arguments: up to 2,000 points). */
function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** A scatter of (xs, ys) with d3-scale axes (nice ends, ticks), axis labels and a reference line (y = 0 or y = x). */
function scatter(
  cls: string,
  title: string,
  xs: readonly number[],
  ys: readonly number[],
  xLabel: string,
  yLabel: string,
  reference: 'zero' | 'diagonal',
): SVGSVGElement {
  // A Q–Q plot shares one range on both axes, so the y = x line is at 45° and departures read the same either way.
  const [xlo, xhi] = extent(reference === 'diagonal' ? [...xs, ...ys] : xs);
  const [ylo, yhi] = reference === 'diagonal' ? [xlo, xhi] : extent([...ys, 0]);
  const x = niceLinear([xlo, xhi], [PAD.left, W - PAD.right]);
  const y = niceLinear([ylo, yhi], [H - PAD.bottom, PAD.top]);
  const svg = s('svg', { class: cls, width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img' });
  svg.append(s('title', {}, title));
  const [x0, x1] = x.domain();
  if (reference === 'zero') svg.append(s('line', { class: 'reference', x1: x(x0), x2: x(x1), y1: y(0), y2: y(0) }));
  else {
    const [y0, y1] = y.domain();
    const a = Math.max(x0, y0);
    const b = Math.min(x1, y1);
    svg.append(s('line', { class: 'reference', x1: x(a), y1: y(a), x2: x(b), y2: y(b) }));
  }
  // One path of tiny squares instead of thousands of circles keeps the DOM (and the exported SVG) small.
  let d = '';
  for (let i = 0; i < xs.length; i++)
    d += `M${(x(xs[i]) - 0.8).toFixed(1)} ${(y(ys[i]) - 0.8).toFixed(1)}h1.6v1.6h-1.6z`;
  svg.append(s('path', { class: 'points', d }));
  axisBottom(svg, x, H - PAD.bottom, 5);
  axisLeft(svg, y, PAD.left, 5);
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
