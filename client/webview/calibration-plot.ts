// Calibration of a regression term: mean observed against mean fitted in bins of the fitted mean, with the y = x line.
import { h, s } from './dom.ts';
import { formatNumber } from './format.ts';
import type { FitJson } from '../../server/src/protocol.ts';

type Plot = NonNullable<FitJson['calibration']>[number];

const W = 360;
const H = 260;
const PAD = { left: 48, right: 12, top: 10, bottom: 30 };

/** Points on the diagonal mean the model's means match the data across the range of its predictions. */
export function calibrationPlot(p: Plot): HTMLElement {
  const all = [...p.fitted, ...p.observed].filter(Number.isFinite);
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.04;
  lo -= pad;
  hi += pad;
  const x = (v: number): number => PAD.left + ((v - lo) / (hi - lo)) * (W - PAD.left - PAD.right);
  const y = (v: number): number => H - PAD.bottom - ((v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
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
  svg.append(s('line', { class: 'axis', x1: PAD.left, x2: W - PAD.right, y1: H - PAD.bottom, y2: H - PAD.bottom }));
  svg.append(s('line', { class: 'axis', x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: H - PAD.bottom }));
  for (const v of [lo + pad, hi - pad]) {
    svg.append(s('text', { class: 'tick', x: x(v), y: H - 12, 'text-anchor': 'middle' }, formatNumber(v)));
    svg.append(s('text', { class: 'tick', x: PAD.left - 6, y: y(v) + 3, 'text-anchor': 'end' }, formatNumber(v)));
  }
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
