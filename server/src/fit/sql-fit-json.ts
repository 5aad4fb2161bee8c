// The `mle fit --json` result of a logistic regression fitted inside the data engine (data over the memory budget):
// the same FitJson shape as an in-memory fit, its inference from the information the last SQL pass returned.

import type { Analysis } from '../language/analysis-types.ts';
import { diag, type Diagnostic } from '../language/diagnostics.ts';
import type { EngineModel } from '../engine/model.ts';
import { covarianceFromInformation, wald } from '../engine/inference/inference.ts';
import { mbText, type SqlLogisticShape } from '../engine/solvers/memory-budget.ts';
import type { FitJson } from '../protocol.ts';
import { toJsonDiagnostics } from './json-diagnostics.ts';
import { textHash } from './text-hash.ts';
import { SAMPLE_ONLY_CODES } from '../language/checks/sampled-data.ts';
import { WARM_ROWS } from '../engine/solvers/memory-budget.ts';

/** What the SQL fit (node/duckdb-logistic.ts) returns, in its coefficient order (intercept, then the covariates). */
export interface SqlFitOutcome {
  readonly estimates: Float64Array;
  readonly info: Float64Array;
  readonly score: Float64Array;
  readonly logLik: number;
  readonly n: number;
  readonly iterations: number;
  /** Passes over a sample for the start, before `iterations` over the full data. */
  readonly warmPasses: number;
  readonly elapsedMs: number;
}

/** The size that put the data over budget, for the info diagnostic and `data.rows`. */
export interface BudgetFacts {
  readonly rows: number;
  readonly columns: number;
  readonly estimateBytes: number;
  readonly budgetBytes: number;
}

/** What this path does not compute, said once in the info diagnostic and in every term's plot note. */
const NOT_HERE =
  'not available on this path: profile intervals, sandwich SEs, bootstrap and the fit-to-data plots (each needs the rows in memory or more passes)';

export const HOW_TO_RAISE = 'raise it with `mle fit --memory-budget MB` or the setting `mle.data.memoryBudget`';

const finite = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x);

/**
 * The FitJson of the SQL fit. `an` is the analysis of a sample of the rows (names, spans, checks); warnings about the
 * sample's rows are left out, since the fit used every row.
 */
export function sqlFitJson(
  an: Analysis,
  modelPath: string,
  model: EngineModel,
  shape: SqlLogisticShape,
  fit: SqlFitOutcome,
  facts: BudgetFacts,
): FitJson {
  const P = model.params.length;
  const q = shape.order.length;
  // The SQL's coefficient a is the model's parameter order[a]: permute into the model's order.
  const est = new Float64Array(P);
  const info = new Float64Array(P * P);
  const score = new Float64Array(P);
  for (let a = 0; a < q; a++) {
    est[shape.order[a]] = fit.estimates[a];
    score[shape.order[a]] = fit.score[a];
    for (let b = 0; b < q; b++) info[shape.order[a] * P + shape.order[b]] = fit.info[a * q + b];
  }
  const cv = covarianceFromInformation(info, P);
  const level = model.options.level;
  const rows = Array.from(est, (e, j) => wald(e, cv.cov[j]?.[j] ?? null, level));
  let maxScaled = 0;
  let gnorm = 0;
  rows.forEach((r, j) => {
    if (r.se !== null) maxScaled = Math.max(maxScaled, Math.abs(score[j]) * r.se);
    gnorm += score[j] ** 2;
  });
  const llOk = Number.isFinite(fit.logLik);
  const span = an.dataStmt?.span ?? an.file.span;
  const note = diag(
    'info',
    'data-exceeds-memory-budget',
    span,
    `The data (${facts.rows.toLocaleString('en-US')} rows × ${facts.columns} used columns ≈ ${mbText(facts.estimateBytes)} in memory) exceed the memory budget (${mbText(facts.budgetBytes)}), so each Newton pass (${fit.iterations} over all rows${fit.warmPasses ? `, after ${fit.warmPasses} over a sample of about ${WARM_ROWS.toLocaleString('en-US')} rows for the start` : ''}) ran inside DuckDB as one SQL aggregate, and only the log-likelihood, the score and the ${q}×${q} information left it. ${NOT_HERE[0].toUpperCase()}${NOT_HERE.slice(1)}; to fit in memory, ${HOW_TO_RAISE}.`,
  );
  // Verdicts on the sample's rows, which the full data may contradict (the first rows of a file sorted by the outcome
  // are constant or separated); errors stay: what is wrong in the sample is wrong in the data.
  // data-sampled speaks of the editor's checks; the fit's own info above says what ran where.
  const kept: Diagnostic[] = an.diagnostics.filter((d) => !SAMPLE_ONLY_CODES.has(d.code) && d.code !== 'data-sampled');
  const term = an.file.statements[model.terms[0].source].span;
  const se = rows.map((r) => r.se);
  return {
    model: modelPath,
    data: an.data?.ok
      ? { path: an.data.path, rows: facts.rows, rowsUsed: fit.n, rowsDropped: facts.rows - fit.n }
      : null,
    objective: 'likelihood',
    method: 'newton-sql',
    converged: true,
    optimality: {
      ok: true,
      condition: `the Newton decrement gᵀH⁻¹g at the estimates is below 1e-20 (the estimates move by less than 1e-10 SEs); largest |score × SE| ${maxScaled.toExponential(2)}`,
      maxScaledScore: maxScaled,
    },
    iterations: fit.iterations,
    n: fit.n,
    k: P,
    logLik: finite(fit.logLik),
    logPosterior: null,
    aic: llOk ? 2 * P - 2 * fit.logLik : null,
    bic: llOk ? P * Math.log(fit.n) - 2 * fit.logLik : null,
    gradientNorm: finite(Math.sqrt(gnorm)),
    conditionNumber: finite(cv.conditionNumber),
    level,
    inference: { kind: 'z' },
    parameters: an.params.map((p, j) => ({
      name: p.ident.name,
      estimate: finite(est[j]),
      se: finite(rows[j].se),
      z: finite(rows[j].z),
      p: finite(rows[j].p),
      ci: { wald: [finite(rows[j].ci[0]), finite(rows[j].ci[1])] },
      seRobust: null,
    })),
    derived: [],
    covariance: cv.cov.map((r) => r.map(finite)),
    correlation: cv.cov.map((r, i) =>
      r.map((c, j) => (c === null || !se[i] || !se[j] ? null : finite(c / (se[i]! * se[j]!)))),
    ),
    diagnostics: [
      ...toJsonDiagnostics(an.text, [note]).map((d) => ({ ...d, source: 'fit' as const })),
      ...toJsonDiagnostics(an.text, kept),
    ],
    elapsedMs: fit.elapsedMs,
    restarts: null,
    plots: [],
    calibration: [],
    residuals: [],
    plotNotes: [
      {
        term: an.text.slice(term.start, term.end),
        reason:
          'No fit-to-data plot: the fit ran inside the data engine (the data exceed the memory budget), so the rows were never in memory',
      },
    ],
    source: {
      textHash: textHash(an.text),
      data: an.data?.ok && an.data.stamp ? { ...an.data.stamp } : null,
    },
  };
}
