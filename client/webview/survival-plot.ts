// Kaplan–Meier estimate (steps, censored rows ticked) against the fitted survival curve, one SVG per censored term.
import './fit-to-data.css';
import { h, s } from './dom.ts';
import { formatNumber } from './format.ts';
import { H, W, survivalGeometry, type SurvivalJson } from './survival-geometry.ts';

/** What the two curves are, for the title, caption and axis label. */
function words(p: SurvivalJson): { what: string; axis: string; curve: string } {
  return p.kind === 'cox-snell'
    ? {
        what: 'Kaplan–Meier estimate of the Cox–Snell residuals −log Ŝ(y | x)',
        axis: 'Cox–Snell residual',
        curve: 'the unit exponential e^(−r) they follow if the model fits',
      }
    : { what: 'Kaplan–Meier estimate of the outcome', axis: 'outcome', curve: 'the fitted survival function' };
}

export function survivalPlot(p: SurvivalJson): HTMLElement | null {
  const g = survivalGeometry(p);
  if (!g) return null;
  const w = words(p);
  const counts = `${p.rows} rows, ${p.events} events, ${p.rows - p.events} censored`;
  const svg = s('svg', { class: 'survival', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img' });
  svg.append(s('title', {}, `${p.term}: ${w.what} (steps) against ${w.curve} (line); ${counts}`));
  svg.append(s('path', { class: 'fit', d: g.fittedPath }));
  svg.append(s('path', { class: 'km', d: g.kmPath }));
  let ticks = '';
  for (const [x, y] of g.censorMarks) ticks += `M${x} ${y - 3}v6`;
  if (ticks) svg.append(s('path', { class: 'censor', d: ticks }));
  svg.append(s('line', { class: 'axis', x1: g.left, x2: g.right, y1: g.bottom, y2: g.bottom }));
  svg.append(s('line', { class: 'axis', x1: g.left, x2: g.left, y1: g.top, y2: g.bottom }));
  for (const t of g.xTicks)
    svg.append(
      s('text', { class: 'tick', x: t.x, y: g.bottom + 12, 'text-anchor': 'middle' }, formatNumber(t.value, 3)),
    );
  for (const t of g.yTicks)
    svg.append(s('text', { class: 'tick', x: g.left - 4, y: t.y + 3, 'text-anchor': 'end' }, formatNumber(t.value, 2)));
  svg.append(s('text', { class: 'label', x: (g.left + g.right) / 2, y: H - 3, 'text-anchor': 'middle' }, w.axis));
  svg.append(s('text', { class: 'label', x: g.left + 4, y: g.top + 8, 'text-anchor': 'start' }, 'survival'));
  return h(
    'figure',
    { class: 'survival-plot', 'data-term': p.term, 'data-plot': `survival-${p.kind}` },
    svg,
    h('figcaption', {}, `${p.term} — ${w.what} (steps, ticks where rows are censored) against ${w.curve}; ${counts}`),
  );
}
