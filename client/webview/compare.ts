// The compare panel's script: the model comparison, a model's fit history and its check by simulation, as plain tables.
import './compare.css';
import { h } from './dom.ts';
import { sectionOf, type CompareSection, type FromCompareView, type ToCompareView } from './compare-messages.ts';
import type { CompareJson, FitHistoryEntry, McValue, SimulationCheckJson } from '../../server/src/protocol.ts';

declare function acquireVsCodeApi(): { postMessage(m: FromCompareView): void };
const vscode = acquireVsCodeApi();

/** A number as people read it: a real minus sign, `digits` significant digits; null as a dash. */
const num = (x: number | null | undefined, digits = 5): string =>
  x === null || x === undefined ? '—' : Number(x.toPrecision(digits)).toString().replace('-', '−');
const pValue = (p: number): string => (p < 1e-4 ? p.toExponential(1).replace('-', '−') : num(p, 3));

const table = (id: string, head: readonly string[], rows: readonly (readonly (string | Node)[])[]): HTMLTableElement =>
  h(
    'table',
    { id },
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );

function renderCompare(r: CompareJson): Node[] {
  const out: Node[] = [];
  if (r.data) out.push(h('p', { class: 'meta' }, `Data: ${r.data.path}, ${r.data.rowsUsed} rows used`));
  out.push(
    table(
      'compare-models',
      ['model', 'k', 'logLik', 'AIC', 'ΔAIC', 'Akaike weight', 'BIC'],
      r.models.map((m) => [
        m.model + (m.objective === 'posterior' ? ' (posterior)' : ''),
        String(m.k),
        num(m.logLik, 7),
        num(m.aic, 7),
        num(m.deltaAic, 4),
        num(m.akaikeWeight, 3),
        num(m.bic, 7),
      ]),
    ),
  );
  if (r.tests.length) {
    out.push(h('h3', {}, 'Likelihood-ratio tests'));
    out.push(
      table(
        'compare-tests',
        ['smaller', 'larger', 'statistic', 'df', 'p', 'reference'],
        r.tests.map((t) => [
          t.smaller,
          t.larger,
          num(t.statistic, 5),
          String(t.df),
          pValue(t.p),
          t.reference === 'chibar2' ? 'χ̄² mixture' : `χ²(${t.df})`,
        ]),
      ),
    );
    for (const t of r.tests) if (t.note) out.push(h('p', { class: 'note' }, `${t.smaller} in ${t.larger}: ${t.note}`));
  }
  if (r.excluded.length) {
    out.push(h('h3', {}, 'Excluded'));
    out.push(h('ul', { id: 'compare-excluded' }, ...r.excluded.map((e) => h('li', {}, `${e.model}: ${e.reason}`))));
  }
  for (const n of r.notes) out.push(h('p', { class: 'note' }, n));
  return out;
}

function renderHistory(fits: readonly FitHistoryEntry[]): Node[] {
  if (!fits.length) return [h('p', {}, 'No fit of this model yet in this session.')];
  // Newest first: the latest fit is what the user looks for.
  const rows = [...fits]
    .reverse()
    .map((f) => [
      new Date(f.time).toLocaleTimeString(),
      num(f.logLik, 7),
      num(f.aic, 7),
      String(f.k),
      f.converged ? 'yes' : 'no',
      [
        ...f.estimates.map(
          (e) =>
            `${e.name} ${num(e.estimate)}${e.change === null ? '' : ` (${e.change >= 0 ? '+' : ''}${num(e.change, 3)})`}`,
        ),
        ...f.removed.map((n) => `${n} removed`),
      ].join(', '),
    ]);
  return [table('history', ['time', 'logLik', 'AIC', 'k', 'converged', 'estimates (change)'], rows)];
}

const mc = (m: McValue | undefined): string => (m ? `${num(m.value, 4)} ± ${num(m.mcse, 2)}` : '—');

function renderCheck(r: SimulationCheckJson): Node[] {
  const head = h(
    'p',
    { class: 'meta' },
    `${r.replicates} datasets simulated at the estimates (seed ${r.seed}); ${r.failed} refits failed.`,
  );
  if (r.error) return [head, h('p', { class: 'error', role: 'alert' }, `Check not run: ${r.error}`)];
  const profile = r.parameters.some((p) => p.profileCoverage);
  const cols = ['parameter', 'truth', 'bias', 'SD of estimates', 'mean Wald SE', `Wald coverage (${r.level})`];
  if (profile) cols.push('profile coverage');
  const rows = r.parameters.map((p) => {
    const row = [p.name, num(p.truth, 6), mc(p.bias), mc(p.sd), mc(p.meanSe), mc(p.waldCoverage)];
    if (profile) row.push(mc(p.profileCoverage));
    return row;
  });
  return [head, table('check', cols, rows), h('p', { class: 'note' }, '± is the Monte-Carlo standard error.')];
}

const HEADINGS: Record<CompareSection, string> = {
  compare: 'Model comparison',
  history: 'Fit history',
  check: 'Check by simulation',
};

function render(m: ToCompareView): void {
  const section = sectionOf(m);
  const body: Node[] =
    m.type === 'running'
      ? [h('p', { class: 'running' }, 'Running…')]
      : m.type === 'error'
        ? [
            h('p', { class: 'error', role: 'alert' }, m.message),
            ...m.diagnostics
              .filter((d) => d.severity === 'error')
              .map((d) => h('p', { class: 'error' }, `line ${d.range.start.line + 1}: ${d.message} [${d.code}]`)),
          ]
        : m.type === 'compare'
          ? renderCompare(m.result)
          : m.type === 'history'
            ? renderHistory(m.fits)
            : renderCheck(m.result);
  const el = h(
    'section',
    { id: `section-${section}`, 'data-state': m.type },
    h('h2', {}, `${HEADINGS[section]}: ${m.title}`),
    ...body,
  );
  const app = document.getElementById('app')!;
  document.getElementById('waiting')?.remove();
  const old = document.getElementById(`section-${section}`);
  if (old) old.replaceWith(el);
  else app.append(el);
}

window.addEventListener('message', (e: MessageEvent<ToCompareView>) => render(e.data));
vscode.postMessage({ type: 'ready' });
