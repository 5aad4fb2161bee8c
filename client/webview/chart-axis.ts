// Scales and axes of the results view's SVG plots, through d3-scale (nice domains, ticks, tick formats): drawn as
// plain SVG lines and text so the plots stay themeable (styles.css) and exportable (export.ts).
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { s } from './dom.ts';

export type Linear = ScaleLinear<number, number>;

/**
 * A linear scale from `domain` to `range` (px), its ends rounded out to tick values (d3's nice) so that the axis ends
 * on labelled numbers. An empty or reversed domain is widened around its value first.
 */
export function niceLinear(domain: readonly [number, number], range: readonly [number, number], ticks = 5): Linear {
  let [a, b] = domain;
  if (!(b > a)) {
    const pad = Math.abs(a) * 0.1 || 1;
    [a, b] = [a - pad, b + pad];
  }
  return scaleLinear().domain([a, b]).range(range).nice(ticks);
}

/** The tick values of `scale` and their labels, as d3 formats them for that spacing (one precision for all). */
export function ticksOf(scale: Linear, count: number): { readonly value: number; readonly label: string }[] {
  const format = scale.tickFormat(count);
  return scale.ticks(count).map((value) => ({ value, label: format(value) }));
}

/** A horizontal axis at `y`: the line, tick marks and labels; labels at the ends are anchored inward (never cut). */
export function axisBottom(svg: SVGElement, x: Linear, y: number, count = 5, fontGap = 12): void {
  const [r0, r1] = x.range();
  svg.append(s('line', { class: 'axis', x1: r0, x2: r1, y1: y, y2: y }));
  for (const t of ticksOf(x, count)) {
    const at = x(t.value);
    const anchor = at > r1 - 12 ? 'end' : at < r0 + 12 ? 'start' : 'middle';
    svg.append(s('line', { class: 'axis', x1: at, x2: at, y1: y, y2: y + 3 }));
    svg.append(s('text', { class: 'tick', x: at, y: y + fontGap, 'text-anchor': anchor }, t.label));
  }
}

/** A vertical axis at `x`: the line, tick marks and right-aligned labels left of it. */
export function axisLeft(svg: SVGElement, y: Linear, x: number, count = 5): void {
  const [r0, r1] = y.range();
  svg.append(s('line', { class: 'axis', x1: x, x2: x, y1: r0, y2: r1 }));
  for (const t of ticksOf(y, count)) {
    const at = y(t.value);
    svg.append(s('line', { class: 'axis', x1: x - 3, x2: x, y1: at, y2: at }));
    svg.append(s('text', { class: 'tick', x: x - 5, y: at + 3, 'text-anchor': 'end' }, t.label));
  }
}
