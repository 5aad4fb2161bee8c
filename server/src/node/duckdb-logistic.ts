// Logistic regression fitted inside DuckDB (data larger than the memory budget, node/over-budget-fit.ts): each Newton
// (IRLS) pass is one SQL aggregate over the file, and only the log-likelihood, the score and the information (p×p
// numbers) leave the engine. docs/scaling.md has the design and the measurements.

import { cholesky, cholSolve } from '../engine/optimize/cholesky.ts';
import type { FitProgress } from '../engine/optimize/progress.ts';
import { invertDense } from '../engine/solvers/dense-lu.ts';
import { duckEngine } from './duckdb-engine.ts';
import { DEFAULT_NA } from '../data/cell.ts';
import { WARM_MIN_ROWS, WARM_ROWS } from '../engine/solvers/memory-budget.ts';
import { fromClause, type DuckSource } from './duckdb-read.ts';

export interface SqlLogisticFit {
  readonly ok: true;
  /** Intercept first, then one per covariate, in the order given. */
  readonly estimates: Float64Array;
  readonly se: Float64Array;
  /** The information H = Σ p(1 − p) x xᵀ at the estimates (q×q row-major), and the score there. */
  readonly info: Float64Array;
  readonly score: Float64Array;
  readonly logLik: number;
  readonly n: number;
  /** Passes over the full data (the last one confirms convergence). */
  readonly iterations: number;
  /** Passes over the warm start's sample, before those. */
  readonly warmPasses: number;
  /** One entry per SQL pass (the sample's first), in ms. */
  readonly passMs: readonly number[];
}

/** The error of a fit stopped by its `stop` promise. */
export const CANCELLED = 'the fit was cancelled';

export type SqlLogisticResult = SqlLogisticFit | { readonly ok: false; readonly error: string };

const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/**
 * The SQL of one pass at β. With η = xᵀβ and p = 1/(1 + e^−η), per row: ℓ = yη − log(1 + e^η) written as
 * yη − max(η, 0) − log1p(e^−|η|) (no overflow); score terms r·x_j with r = y − p; information terms w·x_j·x_k
 * (j ≤ k) with w = p(1 − p), computed once per row.
 * The log-likelihood and the score are Kahan–Babuška sums (`fsum`): the estimates solve score = 0, so they do not
 * depend on the threads' order of summation. The information only shapes the Newton step and the SEs (an error of
 * ~1e-13 relative there is harmless), so its q(q+1)/2 sums are plain `sum`s: 1.6× faster per pass at q = 11.
 * The last column counts the outcomes that are neither 0 nor 1 (the in-memory fit's support check refuses them).
 */
export function passSql(from: string, y: string, xs: readonly string[], beta: Float64Array): string {
  const cols = ['1', ...xs.map(ident)];
  const eta = cols.map((c, j) => `${beta[j].toPrecision(17)} * ${c}`).join(' + ');
  const terms = [`fsum(y * eta - greatest(eta, 0) - ln(1 + exp(-abs(eta))))`];
  for (let j = 0; j < cols.length; j++) terms.push(j ? `fsum(r * ${cols[j]})` : 'fsum(r)');
  for (let j = 0; j < cols.length; j++)
    for (let k = 0; k <= j; k++)
      terms.push(`sum(${['w', ...[cols[j], cols[k]].filter((c) => c !== '1')].join(' * ')})`);
  // Rows with a missing value in a used column are dropped, as the in-memory fit drops them.
  const complete = [y, ...xs].map((c) => `${ident(c)} IS NOT NULL AND NOT isnan(${ident(c)})`).join(' AND ');
  return (
    `SELECT count(*), ${terms.join(', ')}, count(*) FILTER (WHERE y <> 0 AND y <> 1) FROM (SELECT *, y - p AS r, p * (1 - p) AS w FROM ` +
    `(SELECT *, 1 / (1 + exp(-eta)) AS p FROM ` +
    `(SELECT ${ident(y)}::DOUBLE AS y, ${xs.map((x) => `${ident(x)}::DOUBLE AS ${ident(x)}`).join(', ')}, ` +
    `${eta} AS eta FROM ${from} WHERE ${complete})))`
  );
}

interface Newton {
  readonly ok: true;
  readonly beta: Float64Array;
  readonly H: Float64Array;
  readonly g: Float64Array;
  readonly logLik: number;
  readonly n: number;
  readonly passes: number;
}

/**
 * Newton's method on the SQL passes over `from`, from `beta` (updated in place), until the Newton decrement gᵀH⁻¹g
 * falls below `tol`. `firstPass` may reject the start after the first pass (then `{ ok: false, restart: true }`).
 */
async function newton(
  run: (sql: string) => Promise<number[]>,
  from: string,
  y: string,
  xs: readonly string[],
  beta: Float64Array,
  tol: number,
  maxIter: number,
  firstPass?: (logLik: number, n: number) => boolean,
): Promise<Newton | { ok: false; error: string; restart?: true }> {
  const q = xs.length + 1;
  const g = new Float64Array(q);
  const H = new Float64Array(q * q);
  const L = new Float64Array(q * q);
  const step = new Float64Array(q);
  for (let it = 1; it <= maxIter; it++) {
    const row = await run(passSql(from, y, xs, beta));
    const n = row[0];
    const logLik = row[1];
    const off = row[row.length - 1];
    if (off > 0) return { ok: false, error: `${off} rows have an outcome \`${y}\` other than 0 or 1` };
    if (it === 1 && firstPass && !firstPass(logLik, n)) return { ok: false, error: 'a worse start', restart: true };
    for (let j = 0; j < q; j++) g[j] = row[2 + j];
    let at = 2 + q;
    for (let j = 0; j < q; j++) for (let k = 0; k <= j; k++) H[j * q + k] = H[k * q + j] = row[at++];
    if (!cholesky(H, q, 0, L)) return { ok: false, error: 'the information matrix is singular (separation?)' };
    cholSolve(L, q, g, step);
    let decrement = 0;
    for (let j = 0; j < q; j++) decrement += g[j] * step[j];
    if (decrement < tol) return { ok: true, beta, H, g, logLik, n, passes: it };
    for (let j = 0; j < q; j++) beta[j] += step[j];
  }
  return { ok: false, error: `no convergence in ${maxIter} Newton passes` };
}

/**
 * Fits y ~ Bernoulli(logistic(b0 + Σ b_j x_j)) by Newton's method on the SQL passes until the Newton decrement gᵀH⁻¹g
 * falls below `tol` (the estimates then move by less than ~√tol·SE). With `rows` (the count, when the caller knows
 * it) ≥ WARM_MIN_ROWS, the start is the fit of a Bernoulli sample of ~WARM_ROWS rows (cheap passes: the sums are the
 * cost, not the scan), so the full data need only the last quadratically converging passes; the stopping rule on the
 * full data is the same, so are the estimates. A start worse than β = 0 (ℓ below −n log 2) is dropped. Never throws.
 */
export async function fitLogisticInDuckDB(
  src: DuckSource,
  y: string,
  xs: readonly string[],
  {
    tol = 1e-20,
    maxIter = 50,
    na = DEFAULT_NA as readonly string[],
    rows = 0,
    start = undefined as Float64Array | undefined,
    onProgress = undefined as ((p: FitProgress) => void) | undefined,
    stop = undefined as Promise<unknown> | undefined,
  } = {},
): Promise<SqlLogisticResult> {
  const eng = await duckEngine();
  if (!eng.ok) return { ok: false, error: `the DuckDB engine did not load on this platform (${eng.reason})` };
  const q = xs.length + 1;
  const passMs: number[] = [];
  let warmPasses = 0;
  const session = await eng.open(src.abs).catch((e: Error) => e);
  if (session instanceof Error) return { ok: false, error: session.message };
  // A cancel (the editor's Cancel, a newer fit) interrupts the query under way: DuckDB stops it within its next
  // vector of rows, so the engine's threads are free again at once rather than after a 16 s pass over 100 M rows.
  let cancelled = false;
  stop?.catch(() => {
    cancelled = true;
    session.connection.interrupt();
  });
  const run = async (sql: string): Promise<number[]> => {
    if (cancelled) throw new Error(CANCELLED);
    const t0 = performance.now();
    const row = (await session.connection.runAndReadAll(sql)).getRows()[0].map(Number);
    passMs.push(performance.now() - t0);
    onProgress?.({ phase: 'optimising', iteration: passMs.length, objective: row[1] });
    return row;
  };
  try {
    const f = await fromClause(session.connection, src, na);
    if ('error' in f) return { ok: false, error: f.error };
    // `start` stands in for the warm start's (the test of the guard against a bad one).
    let beta: Float64Array = start ? Float64Array.from(start) : new Float64Array(q);
    if (!start && rows >= WARM_MIN_ROWS) {
      const pct = ((100 * WARM_ROWS) / rows).toPrecision(6);
      // One scan draws the sample into memory (~WARM_ROWS × q doubles); its passes then cost milliseconds.
      const cols = [y, ...xs].map(ident).join(', ');
      await session.connection.run(
        `CREATE TEMP TABLE mle_warm AS SELECT ${cols} FROM ${f.from} USING SAMPLE bernoulli(${pct}%) REPEATABLE (20261203)`,
      );
      const warm = await newton(run, 'mle_warm', y, xs, new Float64Array(q), 1e-8, 25);
      warmPasses = passMs.length;
      if (warm.ok) beta = warm.beta;
    }
    const warmStart = beta.some((b) => b !== 0);
    let fit = await newton(run, f.from, y, xs, beta, tol, maxIter, (ll, n) => !warmStart || ll >= -n * Math.LN2);
    if (!fit.ok && fit.restart) fit = await newton(run, f.from, y, xs, new Float64Array(q), tol, maxIter);
    if (!fit.ok) return { ok: false, error: fit.error };
    const cov = invertDense(fit.H, q)!;
    const se = Float64Array.from({ length: q }, (_, j) => Math.sqrt(cov[j * q + j]));
    return {
      ok: true,
      estimates: fit.beta,
      se,
      info: fit.H,
      score: fit.g,
      logLik: fit.logLik,
      n: fit.n,
      iterations: passMs.length - warmPasses,
      warmPasses,
      passMs,
    };
  } catch (e) {
    if (cancelled) return { ok: false, error: CANCELLED };
    return { ok: false, error: (e instanceof Error ? e.message : String(e)).split('\n')[0] };
  } finally {
    session.close();
  }
}
