// The memory budget (issue 11 point 4): whether a fit's data fit in memory, and if not, whether the model is the
// logistic regression the SQL backend (node/duckdb-logistic.ts) fits inside the data engine. Pure: no files, no DuckDB.

import type { EngineModel, Node } from '../model.ts';
import { fuseTerm } from '../eval/fuse.ts';

/**
 * Peak bytes the in-memory fit needs per row and used column, measured (docs/scaling.md, bench/sql-logistic.ts): the
 * peak RSS grows by ~207 MB per million rows of 11 columns (1050 MB at 4 M rows, 428 MB at 1 M), 19 bytes a cell —
 * the column (8), the GLM's row-major design copy (8) and the reader's chunks. Rounded up.
 */
export const BYTES_PER_CELL = 20;

/** The default budget: this fraction of the machine's RAM (the setting's and the flag's 0 or absence). */
export const DEFAULT_BUDGET_FRACTION = 0.25;

const MB = 1024 * 1024;

/**
 * The SQL fit's warm start (node/duckdb-logistic.ts): from WARM_MIN_ROWS rows on, Newton first runs on a Bernoulli
 * sample of about WARM_ROWS rows, so the full data need only the last, quadratically converging passes.
 */
export const WARM_ROWS = 100_000;
export const WARM_MIN_ROWS = 1_000_000;

/** The budget in bytes: `mb` when positive, else the default fraction of `totalMemBytes`. */
export function budgetBytes(mb: number | undefined, totalMemBytes: number): number {
  return mb !== undefined && Number.isFinite(mb) && mb > 0 ? mb * MB : DEFAULT_BUDGET_FRACTION * totalMemBytes;
}

/** The in-memory fit's estimated peak for `rows` × `columns` used. */
export const footprintBytes = (rows: number, columns: number): number => rows * columns * BYTES_PER_CELL;

/** Megabytes for messages: whole above 10, one decimal below. */
export const mbText = (bytes: number): string => {
  const mb = bytes / MB;
  return mb >= 10 ? `${Math.round(mb).toLocaleString('en-US')} MB` : `${mb.toFixed(mb >= 0.1 ? 1 : 3)} MB`;
};

/** What the SQL backend fits: y ~ Bernoulli(logistic(b0 + b1·x1 + … )), coefficients in the model's parameter order. */
export interface SqlLogisticShape {
  readonly y: string;
  readonly covariates: readonly string[];
  /** For each SQL coefficient (intercept first, then the covariates in order), the model parameter's index. */
  readonly order: readonly number[];
}

/** Summands of a sum; a minus sign or anything else than `+` makes the predictor one the SQL backend does not take. */
function summands(n: Node, out: Node[]): boolean {
  if (n.op === 'bin' && n.fn === '+') return summands(n.a, out) && summands(n.b, out);
  out.push(n);
  return true;
}

/**
 * The model as the SQL backend's logistic regression, or why it is not one. `numeric` names the data's numeric
 * columns (a factor outcome or covariate is coded in memory; the SQL reads raw numbers).
 */
export function sqlLogisticShape(
  model: EngineModel,
  numeric: ReadonlySet<string>,
): SqlLogisticShape | { reason: string } {
  const no = (reason: string) => ({ reason });
  if (model.terms.length !== 1) return no('it has more than one likelihood term');
  // Bernoulli(logistic(η)) as the engine fits it: fused to BernoulliLogit(η).
  const t = fuseTerm(model.terms[0]);
  if (t.dist.name !== 'BernoulliLogit') return no('its likelihood is not y ~ Bernoulli(logistic(…))');
  if (model.priors.length) return no('it has priors');
  if (model.derived.length) return no('it has derived quantities');
  if (model.params.some((p) => p.lower !== undefined || p.upper !== undefined)) return no('a parameter is bounded');
  if (t.y.op !== 'data' || !numeric.has(t.y.name)) return no('the outcome is not a numeric data column');
  const parts: Node[] = [];
  const linear = summands(t.args[0], parts);
  let intercept: number | undefined;
  const covariates: string[] = [];
  const slopes: number[] = [];
  const seen = new Set<number>();
  const once = (j: number): boolean => !seen.has(j) && !!seen.add(j);
  for (const x of parts) {
    if (!linear) break;
    if (x.op === 'param' && intercept === undefined && once(x.index)) intercept = x.index;
    else if (x.op === 'bin' && x.fn === '*') {
      const [p, c] = x.a.op === 'param' ? [x.a, x.b] : [x.b, x.a];
      if (p.op !== 'param' || c.op !== 'data' || !numeric.has(c.name) || !once(p.index))
        return no('a term of the linear predictor is not `parameter * numeric column`');
      covariates.push(c.name);
      slopes.push(p.index);
    } else return no('the linear predictor is not `b0 + b1 * x1 + …` (one intercept, one parameter per column)');
  }
  if (!linear || intercept === undefined) return no('the linear predictor is not `b0 + b1 * x1 + …` with an intercept');
  if (seen.size !== model.params.length) return no('a parameter is not in the linear predictor');
  return { y: t.y.name, covariates, order: [intercept, ...slopes] };
}

/** Fit options the SQL path cannot honour (it has one pass per Newton step and the information at the optimum). */
export function sqlUnavailableOption(model: EngineModel): string | undefined {
  const o = model.options;
  if (o.ci === 'profile') return '`ci = profile` (each profile point would be another fit through the data)';
  if (o.se === 'sandwich') return '`se = sandwich`';
  if (o.bootstrap > 0) return '`bootstrap` (each replicate would be another fit through the data)';
  if (o.restarts > 0) return '`restarts`';
  if (!['auto', 'newton', 'irls'].includes(o.method)) return `\`method = ${o.method}\``;
  return undefined;
}

export type FitPath =
  | { readonly kind: 'memory' }
  | { readonly kind: 'sql'; readonly shape: SqlLogisticShape }
  | { readonly kind: 'refuse'; readonly reason: string };

/**
 * In memory while the estimated footprint is within the budget; above it, inside the data engine when the model is
 * the SQL backend's logistic regression and asks for nothing it cannot give; else refused (never loaded into swap).
 */
export function chooseFitPath(
  rows: number,
  columns: number,
  budget: number,
  model: EngineModel,
  numeric: ReadonlySet<string>,
): FitPath {
  if (footprintBytes(rows, columns) <= budget) return { kind: 'memory' };
  const shape = sqlLogisticShape(model, numeric);
  if ('reason' in shape)
    return {
      kind: 'refuse',
      reason: `only a logistic regression can be fitted inside the data engine, and ${shape.reason}`,
    };
  const option = sqlUnavailableOption(model);
  if (option) return { kind: 'refuse', reason: `${option} is not available when the fit runs inside the data engine` };
  return { kind: 'sql', shape };
}
