// The parameter, derived-quantity and correlation tables of the results view (the e2e test reads their ids and data-*).
import type { FitJson, JsonInterval } from '../../server/src/protocol.ts';
import { h } from './dom.ts';
import { dataValue, formatLevel, formatNumber, formatP } from './format.ts';
import { forestPlot, sharedAxes } from './forest-plot.ts';
import { paramStatus } from './param-status.ts';
import { makeResponsive } from './responsive-table.ts';

/** The parameter table's column groups in the order they leave the row for the detail row on a narrow panel: the
 * estimate, SE and p stay longest (issue 9: "estimate, SE, p first; intervals next"). */
export const PARAMETER_COLLAPSE = ['z', 'plot', 'profile', 'wald', 'se-robust', 'p', 'se'] as const;
export const DERIVED_COLLAPSE = ['plot', 'profile', 'wald', 'se'] as const;

/** Sets the column group a cell belongs to (responsive-table.ts moves whole groups). */
function col<E extends HTMLElement>(el: E, group: string): E {
  el.dataset.col = group;
  return el;
}

/** A numeric cell: formatted text, the exact value in `data-value` and, on hover, in the tooltip. */
function num(
  cls: string,
  x: number | null | undefined,
  format: (v: number | null | undefined) => string = formatNumber,
): HTMLTableCellElement {
  return h(
    'td',
    { class: `num ${cls}`, 'data-value': dataValue(x), title: x === null || x === undefined ? undefined : String(x) },
    format(x),
  );
}

type Head = string | readonly [label: string, group: string, detailLabel?: string];

/** Header cells, each a label or [label, column group, its label in the detail row]. */
function headRow(labels: readonly (Head | false)[]): HTMLTableSectionElement {
  const th = (l: Head): HTMLElement =>
    typeof l === 'string'
      ? h('th', { scope: 'col' }, l)
      : h('th', { scope: 'col', 'data-col': l[1], 'data-detail-label': l[2] }, l[0]);
  return h('thead', {}, h('tr', {}, ...labels.map((l) => l !== false && th(l))));
}

/** Wald interval cells, then the profile ones when the fit computed them. */
function intervalCells(ci: JsonInterval, withProfile: boolean): HTMLTableCellElement[] {
  const cells = [col(num('ci-low', ci.wald[0]), 'wald'), col(num('ci-high', ci.wald[1]), 'wald')];
  if (withProfile)
    cells.push(
      col(num('profile-low', ci.profile?.[0] ?? null), 'profile'),
      col(num('profile-high', ci.profile?.[1] ?? null), 'profile'),
    );
  return cells;
}

function intervalLabels(level: string, withProfile: boolean): Head[] {
  const labels: Head[] = [
    [`CI low (${level}%)`, 'wald', `${withProfile ? 'Wald ' : ''}${level}% CI`],
    [`CI high (${level}%)`, 'wald'],
  ];
  if (withProfile)
    labels.push(
      [`Profile low (${level}%)`, 'profile', `Profile ${level}% CI`],
      [`Profile high (${level}%)`, 'profile'],
    );
  return labels;
}

/** `<table id="parameters">`: one `tr[data-param]` per parameter, in declaration order. */
export function parameterTable(fit: FitJson): HTMLTableElement {
  const level = formatLevel(fit.level);
  const robust = fit.parameters.some((p) => p.seRobust !== null && p.seRobust !== undefined);
  const profile = fit.parameters.some((p) => p.ci.profile !== undefined);
  // `fit df = residual`: R's summary(lm) inference, said in the header and the caption.
  const tdf = fit.inference?.kind === 't' ? fit.inference.df : undefined;
  const head = headRow([
    'Parameter',
    'Estimate',
    ['SE', 'se'],
    robust && ['Robust SE', 'se-robust'],
    ['p', 'p'],
    ...intervalLabels(level, profile),
    ['Interval', 'plot'],
    [tdf === undefined ? 'z' : `t (${tdf} df)`, 'z'],
  ]);
  // The elements of a vector share one axis (ticks under the last), so their positions compare across rows.
  const axes = sharedAxes(fit.parameters);
  const rows = fit.parameters.map((p, i) =>
    h(
      'tr',
      { 'data-param': p.name },
      h(
        'th',
        { scope: 'row', class: 'name', title: p.constraint ? `${p.name} ${p.constraint}` : p.name },
        p.name,
        p.constraint ? h('span', { class: 'constraint' }, ` ${p.constraint}`) : null,
      ),
      num('estimate', p.estimate),
      col(
        paramStatus(p).seText
          ? h('td', { class: 'se status', 'data-value': 'null', title: paramStatus(p).why }, paramStatus(p).seText)
          : num('se', p.se),
        'se',
      ),
      robust && col(num('se-robust', p.seRobust), 'se-robust'),
      col(num('p', p.p, formatP), 'p'),
      ...intervalCells(p.ci, profile),
      h(
        'td',
        { class: 'plot', 'data-col': 'plot' },
        // A non-identified estimate is an arbitrary point on a ridge: no dot that would read as a located value.
        !p.notIdentified && forestPlot(p.estimate, p.ci.wald, p.ci.profile, level, axes[i]),
        paramStatus(p).ciNote && h('span', { class: 'ci-note', title: paramStatus(p).why }, paramStatus(p).ciNote),
      ),
      col(num('z', p.z), 'z'),
    ),
  );
  const caption =
    tdf === undefined
      ? null
      : h(
          'caption',
          { class: 'inference', 'data-inference': 't' },
          `t inference on ${tdf} residual df (fit df = residual, as R's summary(lm)); sigma is √(RSS/${tdf}), not the MLE`,
        );
  return makeResponsive(h('table', { id: 'parameters' }, caption, head, h('tbody', {}, ...rows)), PARAMETER_COLLAPSE);
}

/** `<table id="derived">`: one `tr[data-derived]` per `derive` statement. */
export function derivedTable(fit: FitJson): HTMLTableElement {
  const level = formatLevel(fit.level);
  const profile = fit.derived.some((d) => d.ci.profile !== undefined);
  const head = headRow(['Quantity', 'Estimate', ['SE', 'se'], ...intervalLabels(level, profile), ['Interval', 'plot']]);
  const rows = fit.derived.map((d) =>
    h(
      'tr',
      { 'data-derived': d.name },
      h('th', { scope: 'row', class: 'name' }, d.name),
      num('estimate', d.estimate),
      col(num('se', d.se), 'se'),
      ...intervalCells(d.ci, profile),
      h('td', { class: 'plot', 'data-col': 'plot' }, forestPlot(d.estimate, d.ci.wald, d.ci.profile, level)),
    ),
  );
  return makeResponsive(h('table', { id: 'derived' }, head, h('tbody', {}, ...rows)), DERIVED_COLLAPSE);
}

/** `<table id="correlation">`; strong correlations are flagged because they are how weak identifiability shows. */
export function correlationTable(fit: FitJson): HTMLTableElement | null {
  const corr = fit.correlation;
  if (!corr || fit.parameters.length < 2) return null;
  const names = fit.parameters.map((p) => p.name);
  const rows = corr.map((row, i) =>
    h(
      'tr',
      { 'data-param': names[i] },
      h('th', { scope: 'row', class: 'name' }, names[i]),
      ...row.map((r, j) => {
        const strength =
          i === j || r === null ? '' : Math.abs(r) >= 0.9 ? ' corr-high' : Math.abs(r) >= 0.5 ? ' corr-mid' : '';
        return h(
          'td',
          {
            class: `num corr${i === j ? ' diagonal' : ''}${strength}`,
            'data-value': dataValue(r),
            'data-col': `c${j}`,
          },
          r === null ? '—' : (Math.abs(r) < 0.0005 ? 0 : r).toFixed(3),
        ); // no "-0.000" for a rounding-level negative
      }),
    ),
  );
  const head = headRow(['', ...names.map((n, j): [string, string] => [n, `c${j}`])]);
  // A wide matrix (many parameters) gives up its right-most columns first: row i's detail row then lists r(i, j) by name.
  const order = names.map((_, j) => `c${names.length - 1 - j}`);
  return makeResponsive(h('table', { id: 'correlation' }, head, h('tbody', {}, ...rows)), order);
}
