// Calibration of a regression term: mean observed against mean fitted in bins of the fitted mean, with the y = x line.
import { h, s } from './dom.ts';
import { scaleLinear } from 'd3-scale';
import { axisBottom, axisLeft, niceLinear } from './chart-axis.ts';
import { formatNumber } from './format.ts';
import type { FitJson } from '../../server/src/protocol.ts';

type Plot = NonNullable<FitJson['calibration']>[number];

const W = 360;
const H = 260;
const PAD = { left: 48, right: 12, top: 10, bottom: 30 };

/** Points on the diagonal mean the model's means match the data across the range of its predictions. */
export function calibrationPlot(p: Plot): HTMLElement {
  const all = [...p.fitted, ...p.observed].filter(Number.isFinite);
  // One nice range on both axes, so the y = x line runs corner to corner at 45°.
  const x = niceLinear([Math.min(...all), Math.max(...all)], [PAD.left, W - PAD.right]);
  const y = scaleLinear()
    .domain(x.domain())
    .range([H - PAD.bottom, PAD.top]);
  const [lo, hi] = x.domain();
  const svg = s('svg', { class: 'calibration', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img' });
  svg.append(
    s('title', {}, `${p.term}: mean observed against mean fitted, ${p.fitted.length} bins of the fitted mean`),
  );
  svg.append(s('line', { class: 'diagonal', x1: x(lo), y1: y(lo), x2: x(hi), y2: y(hi) }));
  p.fitted.forEach((f, k) => {
    svg.append(
      s(
        'circle',
        { class: 'bin', cx: x(f), cy: y(p.observed[k]), r: 3.5 },
        s('title', {}, `fitted ${formatNumber(f)}, observed ${formatNumber(p.observed[k])} (${p.rows[k]} rows)`),
      ),
    );
  });
  axisBottom(svg, x, H - PAD.bottom, 5);
  axisLeft(svg, y, PAD.left, 5);
  svg.append(
    s('text', { class: 'label', x: (PAD.left + W - PAD.right) / 2, y: H - 1, 'text-anchor': 'middle' }, 'fitted mean'),
  );
  return h(
    'figure',
    { class: 'calibration-plot', 'data-term': p.term },
    svg,
    h('figcaption', {}, `${p.term} — observed (dots) against fitted; the line is a perfect fit`),
  );
}
