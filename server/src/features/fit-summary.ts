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

/** The fitted elements of a vector parameter (fixed ones included), in the fit's order. */
export function vectorElements(fit: FitJson | undefined, base: string): JsonParameter[] {
  return fit?.parameters.filter((p) => p.base === base) ?? [];
}

/** `B −0.2683 ± 0.05079` for one element: its levels, then its estimate. */
const elementLabel = (p: JsonParameter): string => `${p.index?.join(',') ?? p.name} ${estimateLabel(p)}`;

/**
 * A short inline summary of a vector's elements: the free ones (the first few, then how many more), then the
 * elements `ref` fixes at 0 (by level when there is one).
 */
export function vectorLabel(elements: readonly JsonParameter[], max = 4): string {
  const free = elements.filter((p) => !p.fixed);
  const fixed = elements.filter((p) => p.fixed);
  const more = free.length > max ? `, … ${free.length - max} more` : '';
  const ref =
    fixed.length === 0
      ? ''
      : fixed.length === 1
        ? ` · ${fixed[0].index?.join(',') ?? fixed[0].name} = 0 (ref)`
        : ` · ${fixed.length} fixed at 0 (ref)`;
  return `[${free.slice(0, max).map(elementLabel).join(', ')}${more}]${ref}`;
}

/** A Markdown table of a vector's elements: estimate, SE and interval each (fixed elements marked). */
export function vectorMarkdown(elements: readonly JsonParameter[], fit: FitJson): string {
  const what = fit.objective === 'posterior' ? 'posterior modes (MAP)' : 'maximum likelihood estimates';
  const pct = `${Number((fit.level * 100).toPrecision(4))}%`;
  const rows = elements.map((p) =>
    p.fixed
      ? `| \`${p.name}\` | 0 | fixed by \`ref\` | |`
      : `| \`${p.name}\` | ${num(p.estimate)} | ${num(p.se)} | [${num(p.ci.wald[0])}, ${num(p.ci.wald[1])}] |`,
  );
  const lines = [
    `**Last fit** (${what}):`,
    '',
    `| element | estimate | SE | ${pct} CI (Wald) |`,
    '|---|---|---|---|',
    ...rows,
  ];
  if (!fit.converged) lines.push('', '⚠ That fit did not converge.');
  return lines.join('\n');
}
