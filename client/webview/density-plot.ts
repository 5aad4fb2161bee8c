// The data's histogram with the fitted distribution drawn over it (expected counts), one SVG per i.i.d. term.
import { h, s } from './dom.ts';
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { axisBottom, axisLeft, niceLinear } from './chart-axis.ts';
import { formatNumber } from './format.ts';
import type { FitJson } from '../../server/src/protocol.ts';

type Plot = NonNullable<FitJson['plots']>[number];

const W = 520;
const H = 220;
const PAD = { left: 44, right: 12, top: 10, bottom: 28 };

/** Bars are the observed counts; the line (or, for counts, the dots) what the fitted distribution expects. */
export function densityPlot(p: Plot): HTMLElement {
  const lo = p.edges[0];
  const hi = p.edges[p.edges.length - 1];
  // x covers the bins exactly (no nice: the bars start at the axis); y runs from 0 to a round count above the tallest.
  const x = scaleLinear()
    .domain(hi > lo ? [lo, hi] : [lo - 1, hi + 1])
    .range([PAD.left, W - PAD.right]);
  const y = niceLinear([0, Math.max(...p.counts, ...p.expected, 1) * 1.04], [H - PAD.bottom, PAD.top], 4);
  const svg = s('svg', { class: 'density', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img' });
  svg.append(
    s(
      'title',
      {},
      `${p.term}: histogram of the data (bars) and the fitted distribution (${p.discrete ? 'dots' : 'line'}), as counts`,
    ),
  );
  p.counts.forEach((c, k) => {
    const x0 = x(p.edges[k]);
    const x1 = x(p.edges[k + 1]);
    svg.append(
      s(
        'rect',
        { class: 'bar', x: x0 + 0.5, y: y(c), width: Math.max(0.5, x1 - x0 - 1), height: y(0) - y(c) },
        s('title', {}, `[${formatNumber(p.edges[k])}, ${formatNumber(p.edges[k + 1])}): ${c}`),
      ),
    );
  });
  if (p.discrete) {
    p.x.forEach((v, k) =>
      svg.append(
        s(
          'circle',
          { class: 'fit', cx: x(v), cy: y(p.expected[k]), r: 3 },
          s('title', {}, `${formatNumber(v)}: expected ${formatNumber(p.expected[k])}, observed ${p.counts[k] ?? 0}`),
        ),
      ),
    );
  } else {
    // The expected counts as a curve through d3-shape's line (rounded to 0.1 px).
    const curve = line<number>()
      .x((v) => x(v))
      .y((_, k) => y(p.expected[k]))
      .digits(1);
    svg.append(s('path', { class: 'fit', d: curve(p.x) ?? '' }));
  }
  // Axes: d3's ticks over the data's range (integers only for counts) and the count scale.
  const count = Math.min(6, Math.max(2, Math.round(hi - lo)));
  if (p.discrete) {
    // A count axis labels integers only: the ticks d3 gives for a span of a few counts can be halves.
    svg.append(s('line', { class: 'axis', x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0) }));
    for (const v of x.ticks(count).filter(Number.isInteger))
      svg.append(s('text', { class: 'tick', x: x(v), y: y(0) + 12, 'text-anchor': 'middle' }, String(v)));
  } else axisBottom(svg, x, y(0), 6);
  axisLeft(svg, y, PAD.left, 4);
  return h('figure', { class: 'density-plot', 'data-term': p.term }, svg, h('figcaption', {}, p.term));
}
