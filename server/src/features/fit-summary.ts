// Short texts about the last fit of a model (estimate ± SE, intervals), shared by inlay hints, hover and the code lens.

import type { FitJson, JsonDerived, JsonInterval, JsonParameter } from '../protocol.ts';

/** Four significant digits: enough to read an estimate beside its SE, short enough for an inline hint. */
export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return Number(x.toPrecision(4)).toString();
}

/** The fitted parameter or derived quantity of that name, if the fit has one. */
export function fitted(fit: FitJson | undefined, name: string): JsonParameter | JsonDerived | undefined {
  return fit?.parameters.find((p) => p.name === name) ?? fit?.derived.find((d) => d.name === name);
}

/** `3.932 ± 0.4155`, or the estimate alone when the SE is not available (singular information, non-regular model). */
export function estimateLabel(p: JsonParameter | JsonDerived): string {
  return p.se === null ? num(p.estimate) : `${num(p.estimate)} ± ${num(p.se)}`;
}

const interval = (ci: readonly [number | null, number | null]): string => `[${num(ci[0])}, ${num(ci[1])}]`;

/** "95% CI [a, b] (Wald) · [c, d] (profile)". */
export function intervalText(ci: JsonInterval, level: number): string {
  const pct = `${Number((level * 100).toPrecision(4))}%`;
  return `${pct} CI ${interval(ci.wald)} (Wald)${ci.profile ? ` · ${interval(ci.profile)} (profile)` : ''}`;
}

/** A Markdown paragraph for hover and tooltips: estimate, SE, interval, and which fit it comes from. */
export function estimateMarkdown(p: JsonParameter | JsonDerived, fit: FitJson): string {
  const what = fit.objective === 'posterior' ? 'posterior mode (MAP)' : 'maximum likelihood estimate';
  const lines = [
    `**Last fit:** \`${estimateLabel(p)}\` — ${what}${p.se === null ? ' (no SE: see the fit diagnostics)' : ', ± one standard error'}`,
    intervalText(p.ci, fit.level),
  ];
  if (!fit.converged) lines.push('⚠ That fit did not converge.');
  return lines.join('  \n');
}
