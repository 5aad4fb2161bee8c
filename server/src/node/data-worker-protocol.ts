// Messages between the language server and its data worker, and the shared-memory table the worker hands over once per data version.

import type { Column, DataTable } from '../data/table.ts';
import type { DataLoad } from '../language/analysis-types.ts';
import type { Diagnostic } from '../language/diagnostics.ts';
import type { DataRowsResponse } from '../protocol.ts';

/** One version of a data file as the worker loaded it: `gen` grows with every (re)load, so equal mtimes never hide a reload. */
export interface DataVersion {
  readonly dataAbs: string;
  readonly gen: number;
  readonly mtimeMs: number;
  readonly size: number;
  /** The table, its columns in shared memory (not copied when posted), or why it could not be loaded. */
  readonly table?: DataTable;
  readonly error?: string;
  /** Set when `table` holds only the first rows of a file of this many rows (over the memory budget). */
  readonly sampledFrom?: number;
}

/** The server asks: analyse this document version with its data. */
export interface AnalyzeJob {
  readonly kind: 'analyze';
  readonly seq: number;
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly dataAbs: string;
  /** The path as written in the `data` statement (messages quote it). */
  readonly dataPath: string;
  /** The statement's `na "…"` spellings (the defaults when absent). */
  readonly na?: readonly string[];
  /** The statement's `table "…"` (a DuckDB database). */
  readonly table?: string;
}

/** The server asks: the current version of this data file (for a fit, which runs in a thread of its own). */
export interface LoadJob {
  readonly kind: 'load';
  readonly seq: number;
  readonly dataAbs: string;
  readonly na?: readonly string[];
  readonly table?: string;
  /** The model's text: a columnar source reads the columns it names. */
  readonly text: string;
}

/** The server asks: rows [start, start + count) of the model's data, with the rows its likelihood drops (data viewer). */
export interface RowsJob {
  readonly kind: 'rows';
  readonly seq: number;
  readonly text: string;
  readonly dataAbs: string;
  readonly dataPath: string;
  readonly na?: readonly string[];
  readonly table?: string;
  readonly start: number;
  readonly count: number;
}

export type Job = AnalyzeJob | LoadJob | RowsJob;

export type ToWorker = Job | { readonly kind: 'invalidate'; readonly dataAbs: string };

/** The data-aware analysis of one job: every diagnostic of `analyze(text, data)`, plus what hover needs about used rows. */
export interface AnalyzeResult {
  readonly kind: 'result';
  readonly seq: number;
  readonly dataGen: number;
  readonly diagnostics: readonly Diagnostic[];
  readonly usedColumns: readonly string[];
  readonly rowsUsedCount?: number;
  /** Time spent in the worker (load + analysis), for logs and the benchmark. */
  readonly ms: number;
}

export interface LoadResult {
  readonly kind: 'loaded';
  readonly seq: number;
  readonly data: DataVersion;
}

/** The window, or why the file could not be read. */
export interface RowsResult {
  readonly kind: 'rows';
  readonly seq: number;
  readonly window?: DataRowsResponse;
  readonly error?: string;
}

export type FromWorker =
  | { readonly kind: 'data'; readonly data: DataVersion }
  | AnalyzeResult
  | LoadResult
  | RowsResult
  /** Abandoned before the analysis because the server asked for a newer one meanwhile. */
  | { readonly kind: 'skipped'; readonly seq: number }
  | { readonly kind: 'failed'; readonly seq: number; readonly message: string };

/** What the worker receives at start: `abort[0]` holds the seq of a job the server no longer wants. */
export interface WorkerInit {
  readonly abort: SharedArrayBuffer;
  /** Generations continue from here, so those of a restarted worker never repeat an earlier one's. */
  readonly firstGen: number;
}

/** A data version as the language's DataLoad, under the path as written in the model. */
export const dataLoadOf = (v: DataVersion, path: string): DataLoad =>
  v.table
    ? {
        ok: true,
        path,
        table: v.table,
        stamp: { path: v.dataAbs, size: v.size, mtimeMs: v.mtimeMs },
        ...(v.sampledFrom !== undefined ? { sampledFrom: v.sampledFrom } : {}),
      }
    : { ok: false, path, error: v.error ?? 'cannot read it' };

/** The same table with every column's values copied into a SharedArrayBuffer (posting it then shares, not copies, them). */
export function sharedTable(t: DataTable): DataTable {
  const columns: Column[] = t.columns.map((c) => {
    const values = new Float64Array(new SharedArrayBuffer(c.values.length * Float64Array.BYTES_PER_ELEMENT));
    values.set(c.values);
    return { ...c, values };
  });
  return { ...t, columns, byName: new Map(columns.map((c) => [c.name, c])) };
}
