// Sizes a linked data file before loading it (rows from DuckDB's count, from Parquet metadata when it is Parquet) and,
// when the in-memory fit would exceed the memory budget, reads only a sample of it for analysing the model.

import { statSync } from 'node:fs';
import { DEFAULT_NA } from '../data/cell.ts';
import { footprintBytes, BYTES_PER_CELL } from '../engine/solvers/memory-budget.ts';
import type { DataLoad } from '../language/analysis-types.ts';
import { csvSource, dataKind, type LoadOptions } from './data-engine.ts';
import { duckEngine } from './duckdb-engine.ts';
import { fromClause, readWithDuckDB, type DuckSource } from './duckdb-read.ts';

/** Rows of the sample the model is analysed on (its checks, its lowering) when the whole file is over budget. */
export const SAMPLE_ROWS = 1000;

export interface OverBudget {
  readonly src: DuckSource;
  readonly rows: number;
  /** The used columns (the model's names that are columns of the file). */
  readonly columns: number;
  readonly estimateBytes: number;
  readonly budgetBytes: number;
  /** The `na` strings of the `data` statement, for reading it again. */
  readonly na?: readonly string[];
  /** The first SAMPLE_ROWS rows of the used columns. */
  readonly sample: DataLoad;
}

/**
 * Undefined when the in-memory fit fits within `budget` bytes (or the file cannot be sized: the normal load then
 * reports why); else the size and a sample. A CSV whose every cell takes at least 2 bytes (a digit and a delimiter)
 * cannot exceed size / 2 × BYTES_PER_CELL, so a small one is not opened twice.
 */
export async function overBudget(
  abs: string,
  shown: string,
  options: LoadOptions,
  budget: number,
): Promise<OverBudget | undefined> {
  const kind = dataKind(abs);
  let st;
  try {
    st = statSync(abs);
  } catch {
    return undefined;
  }
  if (kind === 'csv' && (st.size / 2) * BYTES_PER_CELL <= budget) return undefined;
  const src: DuckSource | { error: string } =
    kind === 'parquet'
      ? { kind, abs }
      : kind === 'duckdb'
        ? { kind, abs, ...(options.table !== undefined ? { table: options.table } : {}) }
        : csvSource(abs);
  if ('error' in src) return undefined;
  const eng = await duckEngine();
  if (!eng.ok) return undefined;
  let rows: number;
  let columns: number;
  const session = await eng.open(abs).catch(() => undefined);
  if (!session) return undefined;
  try {
    const f = await fromClause(session.connection, src, options.na ?? DEFAULT_NA);
    if ('error' in f) return undefined;
    const names = (await session.connection.runAndReadAll(`DESCRIBE SELECT * FROM ${f.from}`))
      .getRowObjects()
      .map((r) => String(r.column_name));
    columns = names.filter((n) => !options.columns || options.columns.has(n)).length;
    rows = Number((await session.connection.runAndReadAll(`SELECT count(*) FROM ${f.from}`)).getRows()[0][0]);
  } catch {
    return undefined;
  } finally {
    session.close();
  }
  const estimateBytes = footprintBytes(rows, columns);
  if (estimateBytes <= budget) return undefined;
  const parsed = await readWithDuckDB(eng, src, {
    limit: SAMPLE_ROWS,
    ...(options.columns ? { columns: options.columns } : {}),
    ...(options.na ? { na: options.na } : {}),
  });
  const sample: DataLoad = parsed.ok
    ? {
        ok: true,
        path: shown,
        table: parsed.table,
        stamp: { path: abs, size: st.size, mtimeMs: st.mtimeMs },
        sampledFrom: rows,
      }
    : { ok: false, path: shown, error: parsed.error };
  return { src, rows, columns, estimateBytes, budgetBytes: budget, sample, ...(options.na ? { na: options.na } : {}) };
}
