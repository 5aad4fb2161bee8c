// Fits a model whose data exceed the memory budget: a logistic regression inside DuckDB (one SQL aggregate per Newton
// pass), any other model refused with `data-exceeds-memory-budget` (loading it would swap). Never throws.

import { totalmem } from 'node:os';
import type { Analysis } from '../language/analysis-types.ts';
import { analyze, namesIn } from '../language/analyze.ts';
import { diag, hasErrors } from '../language/diagnostics.ts';
import { budgetBytes, chooseFitPath, mbText } from '../engine/solvers/memory-budget.ts';
import { modelFor, runFit } from '../fit/run-fit.ts';
import { HOW_TO_RAISE, sqlFitJson } from '../fit/sql-fit-json.ts';
import { toJsonDiagnostics } from '../fit/json-diagnostics.ts';
import type { FitDefaults, FitResponse } from '../protocol.ts';
import type { FitProgress } from '../engine/optimize/progress.ts';
import { overBudget, type OverBudget } from './data-budget.ts';
import { fitLogisticInDuckDB } from './duckdb-logistic.ts';

/** The fit's progress (one report per pass) and its cancel (a rejected `stop` interrupts the query under way). */
export interface OverBudgetControl {
  readonly onProgress?: (p: FitProgress) => void;
  readonly stop?: Promise<unknown>;
}

/** `an` is the model analysed on the sample `over.sample` of the rows. */
export async function overBudgetFit(
  an: Analysis,
  modelPath: string,
  over: OverBudget,
  defaults?: FitDefaults,
  control: OverBudgetControl = {},
): Promise<FitResponse> {
  // A model with errors (or a sample that did not load) fails as it would in memory, without fitting anything.
  if (hasErrors(an.diagnostics) || !an.data?.ok) return runFit(an, modelPath, {}, { defaults });
  const size = `${over.rows.toLocaleString('en-US')} rows × ${over.columns} used columns ≈ ${mbText(over.estimateBytes)} in memory`;
  const span = an.dataStmt?.span ?? an.file.span;
  const fail = (message: string): FitResponse => {
    const d = diag('error', 'data-exceeds-memory-budget', span, message);
    return { ok: false, diagnostics: toJsonDiagnostics(an.text, [d]), message };
  };
  const model = modelFor(an, {}, defaults);
  const numeric = new Set(an.data.table.columns.filter((c) => c.nonNumeric === 0 && !c.cells).map((c) => c.name));
  const path = chooseFitPath(over.rows, over.columns, over.budgetBytes, model, numeric);
  if (path.kind === 'refuse')
    return fail(
      `The data (${size}) exceed the memory budget (${mbText(over.budgetBytes)}), and ${path.reason}: the data were not loaded (the fit would swap). To fit in memory, ${HOW_TO_RAISE}.`,
    );
  if (path.kind === 'memory') return fail('internal error: the data were sized over the budget and under it');
  const t0 = performance.now();
  const r = await fitLogisticInDuckDB(over.src, path.shape.y, path.shape.covariates, {
    ...(over.na ? { na: over.na } : {}),
    rows: over.rows,
    ...control,
  });
  if (!r.ok)
    return fail(
      `The data (${size}) exceed the memory budget (${mbText(over.budgetBytes)}), so the logistic regression ran inside DuckDB, where it failed: ${r.error}.`,
    );
  const outcome = { ...r, elapsedMs: performance.now() - t0 };
  return { ok: true, result: sqlFitJson(an, modelPath, model, path.shape, outcome, over) };
}

/**
 * The editor's fit (lsp/analyses.ts): undefined while the model's data fit within `defaults.memoryBudget` (MB; the
 * default a quarter of the RAM), else the fit of overBudgetFit on the model analysed on a sample. A data file that
 * cannot be sized is left to the normal load, which reports why.
 */
export async function editorOverBudgetFit(
  text: string,
  dataAbs: string,
  dataPath: string,
  modelPath: string,
  link: { readonly na?: readonly string[]; readonly table?: string },
  defaults?: FitDefaults,
  control: OverBudgetControl = {},
): Promise<FitResponse | undefined> {
  const budget = budgetBytes(defaults?.memoryBudget, totalmem());
  const options = {
    ...(link.na ? { na: link.na } : {}),
    ...(link.table !== undefined ? { table: link.table } : {}),
    columns: namesIn(text),
  };
  const over = await overBudget(dataAbs, dataPath, options, budget);
  return over ? overBudgetFit(analyze(text, over.sample), modelPath, over, defaults, control) : undefined;
}
