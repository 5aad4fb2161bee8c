// The data's histogram with the fitted distribution drawn over it (expected counts), one SVG per i.i.d. term.
import { h, s } from './dom.ts';
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
  const top = Math.max(...p.counts, ...p.expected, 1) * 1.08;
  const x = (v: number): number => PAD.left + ((v - lo) / (hi - lo)) * (W - PAD.left - PAD.right);
  const y = (c: number): number => H - PAD.bottom - (c / top) * (H - PAD.top - PAD.bottom);
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
    svg.append(
      s('polyline', {
        class: 'fit',
        points: p.x.map((v, k) => `${x(v).toFixed(1)},${y(p.expected[k]).toFixed(1)}`).join(' '),
      }),
    );
  }
  // Axes: the data's range and the count scale, enough to read the plot without gridlines.
  svg.append(s('line', { class: 'axis', x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0) }));
  svg.append(s('line', { class: 'axis', x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: y(0) }));
  // Counts are labelled by their integer values, a continuous axis by its ends and middle.
  const ticks = p.discrete ? [p.x[0], p.x[Math.floor(p.x.length / 2)], p.x[p.x.length - 1]] : [lo, (lo + hi) / 2, hi];
  for (const v of ticks)
    svg.append(s('text', { class: 'tick', x: x(v), y: H - 8, 'text-anchor': 'middle' }, formatNumber(v)));
  svg.append(s('text', { class: 'tick', x: PAD.left - 6, y: y(0), 'text-anchor': 'end' }, '0'));
  svg.append(
    s('text', { class: 'tick', x: PAD.left - 6, y: PAD.top + 8, 'text-anchor': 'end' }, formatNumber(Math.round(top))),
  );
  return h('figure', { class: 'density-plot', 'data-term': p.term }, svg, h('figcaption', {}, p.term));
}
