// A one-row "forest plot" in SVG: the estimate as a dot on its Wald interval, the profile interval beneath it, and zero.
import { s } from './dom.ts';
import { formatNumber } from './format.ts';

type Interval = readonly [number | null, number | null];

const W = 160;
const H = 18;
const MARGIN = 6;

/**
 * Each row has its own scale (parameters differ by orders of magnitude), so what the plot shows is shape:
 * where the estimate sits in its interval, how asymmetric the profile interval is, and whether zero is inside.
 * Returns null when there is nothing finite to draw.
 */
export function forestPlot(
  estimate: number | null,
  wald: Interval,
  profile: Interval | undefined,
  levelText: string,
): SVGSVGElement | null {
  const values = [estimate, ...wald, ...(profile ?? [])].filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return null;
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  // Zero is the usual null hypothesis: bring it into view when it is near the interval, not when it would squash it.
  if (lo > 0 && lo <= hi - lo) lo = 0;
  if (hi < 0 && -hi <= hi - lo) hi = 0;
  if (hi === lo) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const x = (v: number): number => MARGIN + ((v - lo) / (hi - lo)) * (W - 2 * MARGIN);

  const svg = s('svg', { class: 'forest', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img' });
  const label = [
    `estimate ${formatNumber(estimate)}`,
    `Wald ${levelText}% CI [${wald.map((v) => formatNumber(v)).join(', ')}]`,
  ];
  if (profile) label.push(`profile CI [${profile.map((v) => formatNumber(v)).join(', ')}]`);
  svg.append(s('title', {}, label.join('; ')));
  if (lo <= 0 && hi >= 0) svg.append(s('line', { class: 'zero', x1: x(0), x2: x(0), y1: 0, y2: H }));
  const bar = (iv: Interval, y: number, cls: string): void => {
    const [a, b] = iv;
    if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b)) return;
    svg.append(
      s('line', { class: `ci ${cls}`, x1: x(a), x2: x(b), y1: y, y2: y }),
      s('line', { class: `ci ${cls}`, x1: x(a), x2: x(a), y1: y - 3, y2: y + 3 }),
      s('line', { class: `ci ${cls}`, x1: x(b), x2: x(b), y1: y - 3, y2: y + 3 }),
    );
  };
  bar(wald, profile ? 7 : H / 2, 'wald');
  if (profile) bar(profile, 14, 'profile');
  if (estimate !== null && Number.isFinite(estimate))
    svg.append(s('circle', { class: 'estimate', cx: x(estimate), cy: profile ? 7 : H / 2, r: 3 }));
  return svg;
}
