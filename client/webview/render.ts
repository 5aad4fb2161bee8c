// Turns a message from the extension into the results view: status line, fit summary, tables and diagnostics.
import type { FitJson, JsonDiagnostic } from '../../server/src/protocol.ts';
import type { FromWebview, ToWebview } from './messages.ts';
import { h } from './dom.ts';
import { dataValue, formatInteger, formatLevel, formatNumber } from './format.ts';
import { correlationTable, derivedTable, parameterTable } from './tables.ts';
import { densityPlot } from './density-plot.ts';
import { calibrationPlot } from './calibration-plot.ts';
import { verdictOf } from './verdict.ts';
import { residualPlots } from './residual-plot.ts';
import { profilePlots } from './profile-plot.ts';
import { addExportControls } from './export.ts';
import { survivalPlot } from './survival-plot.ts';
import { plotNote } from './plot-note.ts';
import { fitTables } from './responsive-table.ts';

type Post = (message: FromWebview) => void;

const ICONS: Record<JsonDiagnostic['severity'], string> = { error: '✖', warning: '⚠', info: 'ℹ' };

/** Renders one message into `root` (the `<main id="app">`); re-rendering the same message gives the same DOM. */
export function render(root: HTMLElement, message: ToWebview, post: Post): void {
  if (message.type === 'running') {
    // Keep the old numbers readable but visibly stale until the new ones arrive.
    root.dataset.state = 'running';
    const status = root.querySelector<HTMLElement>('#status');
    if (status) {
      status.textContent = `Fitting ${message.file}…`;
      status.dataset.state = 'running';
    }
    return;
  }
  if (message.type === 'fit') {
    const fit = message.result;
    const { state, text: status } = verdictOf(fit);
    root.dataset.state = state;
    show(
      root,
      header(
        message.file,
        status,
        state,
        post,
        fit.objective === 'posterior' ? 'MAP (posterior mode)' : 'maximum likelihood',
      ),
      // The verdict's reasons come before the numbers they qualify.
      fit.diagnostics.length > 0 && section('Diagnostics', diagnosticList(fit.diagnostics, post)),
      section('Model', summary(fit)),
      section('Parameters', parameterTable(fit)),
      fit.derived.length > 0 && section('Derived quantities', derivedTable(fit)),
      section('Correlation of estimates', correlationTable(fit)),
      (fit.profiles?.length ?? 0) > 0 &&
        section('Profile likelihood', h('div', { id: 'profiles' }, ...profilePlots(fit))),
      ((fit.plots?.length ?? 0) > 0 ||
        (fit.calibration?.length ?? 0) > 0 ||
        (fit.residuals?.length ?? 0) > 0 ||
        (fit.survival?.length ?? 0) > 0 ||
        (fit.plotNotes?.length ?? 0) > 0) &&
        section(
          'Fit to the data',
          h(
            'div',
            { id: 'plots' },
            ...(fit.plots ?? []).map(densityPlot),
            ...(fit.calibration ?? []).map(calibrationPlot),
            ...(fit.residuals ?? []).flatMap(residualPlots),
            ...(fit.survival ?? []).map(survivalPlot),
            ...(fit.plotNotes ?? []).map(plotNote),
          ),
        ),
    );
    addExportControls(root, post);
    // Columns that do not fit the panel move into detail rows (and back when it widens).
    fitTables(root);
    // New results start at the top (the verdict), not wherever the last ones were scrolled to.
    if (typeof window !== 'undefined' && typeof window.scrollTo === 'function') window.scrollTo(0, 0);
    return;
  }
  root.dataset.state = 'errors';
  const errors = message.diagnostics.filter((d) => d.severity === 'error').length;
  const status = `✖ not fitted: ${message.message}${errors ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}`;
  show(
    root,
    header(message.file, status, 'errors', post, undefined),
    section('Diagnostics', diagnosticList(message.diagnostics, post)),
  );
}

/** Replaces the view's content, leaving out sections that have nothing to show. */
function show(root: HTMLElement, ...parts: (HTMLElement | null | false)[]): void {
  root.replaceChildren(...parts.filter((p): p is HTMLElement => !!p));
}

function header(file: string, status: string, state: string, post: Post, kind: string | undefined): HTMLElement {
  const refit = h(
    'button',
    { id: 'refit', type: 'button', title: 'Run MLE: Fit Model again on this file' },
    'Fit again',
  );
  refit.addEventListener('click', () => post({ type: 'refit' }));
  return h(
    'header',
    {},
    h('h1', {}, h('span', { id: 'model' }, file), kind && h('span', { class: 'kind' }, ` — ${kind}`)),
    h('p', { id: 'status', 'data-state': state }, status),
    refit,
  );
}

function section(title: string, body: HTMLElement | null): HTMLElement | null {
  // Tables fit the panel (responsive-table.ts); the scroll box is the last resort when even a name and estimate don't.
  return body && h('section', {}, h('h2', {}, title), h('div', { class: 'scroll' }, body));
}

/** `<dl id="summary">`: one `div[data-field]` per fit-level number, its `dd` carrying `data-value`. */
function summary(fit: FitJson): HTMLElement {
  const items: [field: string, label: string, value: number | null | undefined, text?: string][] = [
    ['method', 'Method', null, fit.method],
    ['objective', 'Objective', null, fit.objective],
    ['converged', 'Converged', null, fit.converged ? 'yes' : 'no'],
    ['iterations', 'Iterations', fit.iterations, formatInteger(fit.iterations)],
    ['n', 'n (rows used)', fit.n, formatInteger(fit.n)],
    [
      'k',
      'k (free parameters)',
      fit.k,
      fit.kIdentified === undefined ? formatInteger(fit.k) : `${fit.k} (${fit.kIdentified} identified)`,
    ],
    ['logLik', 'Log-likelihood', fit.logLik],
    ['aic', 'AIC', fit.aic],
    ['bic', 'BIC', fit.bic],
    ['gradientNorm', 'Gradient norm', fit.gradientNorm],
    ['conditionNumber', 'Condition number', fit.conditionNumber],
    ['level', 'Confidence level', fit.level, `${formatLevel(fit.level)}%`],
  ];
  if (fit.objective === 'posterior') items.splice(7, 0, ['logPosterior', 'Log-posterior', fit.logPosterior]);
  if (fit.data) {
    items.push(
      ['data', 'Data', null, fit.data.path],
      ['rowsUsed', 'Rows used', fit.data.rowsUsed, `${fit.data.rowsUsed} of ${fit.data.rows}`],
      ['rowsDropped', 'Rows dropped (missing values)', fit.data.rowsDropped, formatInteger(fit.data.rowsDropped)],
    );
  }
  if (fit.kIdentified !== undefined)
    items.splice(6, 0, ['kIdentified', 'k counted by AIC/BIC', fit.kIdentified, `${fit.kIdentified} (rank)`]);
  if (fit.elapsedMs !== undefined)
    items.push(['elapsedMs', 'Time', fit.elapsedMs, `${formatNumber(fit.elapsedMs, 3)} ms`]);
  return h(
    'dl',
    { id: 'summary' },
    ...items.map(([field, label, value, text]) =>
      h(
        'div',
        { 'data-field': field },
        h('dt', {}, label),
        h(
          'dd',
          { 'data-value': text !== undefined && value === null ? text : dataValue(value) },
          text ?? formatNumber(value),
        ),
      ),
    ),
  );
}

/** `<ul id="diagnostics">`: one `li[data-code][data-severity]` each; the line button reveals the range in the editor. */
function diagnosticList(diagnostics: readonly JsonDiagnostic[], post: Post): HTMLElement {
  if (diagnostics.length === 0) return h('ul', { id: 'diagnostics' }, h('li', { class: 'none' }, 'No diagnostics.'));
  const order = { error: 0, warning: 1, info: 2 } as const;
  // Fit-time diagnostics (the verdict's reasons) first, then by severity and line.
  const fitFirst = (d: JsonDiagnostic): number => (d.source === 'fit' ? 0 : 1);
  const sorted = [...diagnostics].sort(
    (a, b) =>
      fitFirst(a) - fitFirst(b) || order[a.severity] - order[b.severity] || a.range.start.line - b.range.start.line,
  );
  return h(
    'ul',
    { id: 'diagnostics' },
    ...sorted.map((d) => {
      const where = h(
        'button',
        { type: 'button', class: 'location', title: 'Show in the model file' },
        `line ${d.range.start.line + 1}`,
      );
      where.addEventListener('click', () => post({ type: 'reveal', range: d.range }));
      return h(
        'li',
        { 'data-code': d.code, 'data-severity': d.severity, class: d.severity },
        h('span', { class: 'icon', role: 'img', 'aria-label': d.severity }, ICONS[d.severity]),
        where,
        h('span', { class: 'message' }, d.message),
        h('code', { class: 'code' }, d.code),
      );
    }),
  );
}
