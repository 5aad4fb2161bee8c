// Renders a model comparison (fit/compare.ts) as the readable tables `mle compare` prints by default.

import type { CompareJson } from '../fit/compare.ts';

const num = (x: number | null, digits = 6): string =>
  x === null
    ? '—'
    : x === 0
      ? '0'
      : Math.abs(x) >= 1e6 || Math.abs(x) < 1e-4
        ? x.toExponential(digits - 1)
        : String(Number(x.toPrecision(digits)));
const pval = (p: number): string => (p < 2.2e-16 ? '<2.2e-16' : num(p, 4));

/** Columns before `left` are text (left-aligned), the rest numbers (right-aligned). */
function table(header: string[], rows: string[][], left = 1): string {
  const w = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, j) => (j < left ? c.padEnd(w[j]) : c.padStart(w[j])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function formatCompare(r: CompareJson): string {
  const out: string[] = [];
  if (r.data) out.push(`Data: ${r.data.path} (${r.data.rowsUsed} rows used by every model)`, '');
  out.push(
    table(
      ['Model', 'k', 'logLik', 'AIC', 'ΔAIC', 'weight', 'BIC', 'converged'],
      r.models.map((m) => [
        m.model,
        String(m.k),
        num(m.logLik, 8),
        num(m.aic, 8),
        num(m.deltaAic, 4),
        num(m.akaikeWeight, 4),
        num(m.bic, 8),
        m.converged ? 'yes' : 'NO',
      ]),
    ),
  );
  if (r.tests.length) {
    out.push('', 'Likelihood-ratio tests (nested by parameter names; a parameter the smaller model lacks is 0 in it):');
    out.push(
      table(
        ['Smaller', 'Larger', '2Δℓ', 'df', 'Pr(>χ²)', 'reference'],
        r.tests.map((t) => [
          t.smaller,
          t.larger,
          num(t.statistic),
          String(t.df),
          pval(t.p),
          t.reference === 'chibar2' ? 'χ̄²' : 'χ²',
        ]),
        2,
      ),
    );
  }
  const notes = [
    ...r.excluded.map((e) => `${e.model} is excluded from ΔAIC, the weights and the tests: it ${e.reason}.`),
    ...r.tests.flatMap((t) => (t.note ? [`${t.smaller} in ${t.larger}: ${t.note}.`] : [])),
    ...r.notes.map((n) => (n.endsWith('.') ? n : `${n}.`)),
  ];
  if (notes.length) out.push('', 'Notes:', ...notes.map((n) => `  ${n}`));
  return out.join('\n');
}
