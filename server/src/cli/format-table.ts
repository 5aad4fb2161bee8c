// Renders a FitJson as the readable table `mle fit` prints by default (R-summary style).

import type { FitJson, JsonBootstrap, JsonDiagnostic } from '../protocol.ts';

const num = (x: number | null | undefined, digits = 6): string => {
  if (x === null || x === undefined) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e6 || a < 1e-4 ? x.toExponential(digits - 1) : String(Number(x.toPrecision(digits)));
};
const pval = (p: number | null): string => (p === null ? '—' : p < 2.2e-16 ? '<2.2e-16' : num(p, 4));

function table(header: string[], rows: string[][]): string {
  const w = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, j) => (j === 0 ? c.padEnd(w[j]) : c.padStart(w[j])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function formatDiagnostic(file: string, d: JsonDiagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}[${d.code}] ${d.message}`;
}

export function formatFit(r: FitJson): string {
  const lvl = r.level * 100;
  const lo = `${Number((50 - lvl / 2).toFixed(2))} %`;
  const hi = `${Number((50 + lvl / 2).toFixed(2))} %`;
  const hasProfile = r.parameters.some((p) => p.ci.profile?.some((x) => x !== null));
  const hasRobust = r.parameters.some((p) => p.seRobust !== null);
  // `fit df = residual`: the rows are R's summary(lm) (t with the residual df); the line under the table says so.
  const tdf = r.inference?.kind === 't' ? r.inference.df : undefined;
  const head = [
    '',
    'Estimate',
    'Std. Error',
    ...(hasRobust ? ['Robust SE'] : []),
    tdf ? 't value' : 'z value',
    tdf ? 'Pr(>|t|)' : 'Pr(>|z|)',
    lo,
    hi,
    ...(hasProfile ? [`profile ${lo}`, `profile ${hi}`] : []),
  ];
  const rows: string[][] = [];
  let group: string | undefined;
  for (const p of r.parameters) {
    // A vector's elements are grouped under its name; fixed (ref) elements say so instead of an SE.
    if (p.base !== undefined && p.base !== group) rows.push([`${p.base}:`, ...head.slice(1).map(() => '')]);
    group = p.base;
    const name = p.base !== undefined ? `  ${p.name}` : p.name;
    if (p.fixed) {
      rows.push([name, num(p.estimate), '(ref)', ...head.slice(3).map(() => '')]);
      continue;
    }
    rows.push([
      name,
      num(p.estimate),
      num(p.se),
      ...(hasRobust ? [num(p.seRobust)] : []),
      num(p.z, 4),
      pval(p.p),
      num(p.ci.wald[0]),
      num(p.ci.wald[1]),
      ...(hasProfile ? [num(p.ci.profile?.[0] ?? null), num(p.ci.profile?.[1] ?? null)] : []),
    ]);
  }
  const out: string[] = [];
  out.push(`Model: ${r.model}`);
  if (r.data)
    out.push(
      `Data:  ${r.data.path} (${r.data.rows} rows, ${r.data.rowsUsed} used${r.data.rowsDropped ? `, ${r.data.rowsDropped} dropped for missing values` : ''})`,
    );
  const status = r.converged
    ? `converged in ${r.iterations} iteration${r.iterations === 1 ? '' : 's'}`
    : `NOT converged after ${r.iterations} iterations`;
  out.push(
    `${r.objective === 'posterior' ? 'Posterior mode (MAP)' : 'Maximum likelihood'}, method ${r.method}: ${status}`,
  );
  out.push('');
  out.push(table(head, rows));
  if (tdf !== undefined)
    out.push(
      `t inference on ${tdf} residual degrees of freedom (fit df = residual, as R's summary(lm)); sigma is the residual standard error sqrt(RSS/${tdf}), not the MLE.`,
    );
  if (r.derived.length) {
    out.push('');
    out.push('Derived quantities (delta-method SE):');
    out.push(
      table(
        ['', 'Estimate', 'Std. Error', lo, hi, ...(hasProfile ? [`profile ${lo}`, `profile ${hi}`] : [])],
        r.derived.map((d) => [
          d.name,
          num(d.estimate),
          num(d.se),
          num(d.ci.wald[0]),
          num(d.ci.wald[1]),
          ...(hasProfile ? [num(d.ci.profile?.[0] ?? null), num(d.ci.profile?.[1] ?? null)] : []),
        ]),
      ),
    );
  }
  if (r.bootstrap) out.push('', ...formatBootstrap(r.bootstrap, lo, hi));
  out.push('');
  const ll =
    r.objective === 'posterior'
      ? `log posterior ${num(r.logPosterior, 8)}   logLik at mode ${num(r.logLik, 8)}`
      : `logLik ${num(r.logLik, 8)}`;
  out.push(`${ll}   AIC ${num(r.aic, 8)}   BIC ${num(r.bic, 8)}   n ${r.n}   k ${r.k}`);
  out.push(
    `gradient norm ${num(r.gradientNorm, 3)}   condition number ${num(r.conditionNumber, 3)}${r.elapsedMs !== undefined ? `   time ${r.elapsedMs.toFixed(1)} ms` : ''}`,
  );
  const notes = r.diagnostics.filter((d) => d.severity !== 'error');
  if (notes.length) {
    out.push('');
    out.push('Diagnostics:');
    for (const d of notes) out.push(`  ${d.severity}[${d.code}] line ${d.range.start.line + 1}: ${d.message}`);
  }
  return out.join('\n');
}

/** The bootstrap section: replicates, failures, seed and time, then per parameter SE, bias and percentile interval. */
function formatBootstrap(b: JsonBootstrap, lo: string, hi: string): string[] {
  const used = b.replicates - b.failed;
  const head = `Parametric bootstrap: ${b.replicates} replicates, seed ${b.seed}`;
  if (b.error) return [`${head}: not run (${b.error}).`];
  return [
    `${head}, ${b.failed} failed or not converged (excluded), ${used} used; ${(b.elapsedMs / 1000).toFixed(2)} s`,
    table(
      ['', 'Bootstrap SE', 'Bias', `percentile ${lo}`, `percentile ${hi}`],
      b.parameters.map((p) => [p.name, num(p.se), num(p.bias), num(p.lower), num(p.upper)]),
    ),
  ];
}
